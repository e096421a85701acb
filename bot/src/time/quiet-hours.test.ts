import { describe, expect, it } from "vitest";
import { vn } from "../reminders/test-policy.ts";
import { fromLocal, startOfLocalDay, toLocal } from "./local-time.ts";
import { deferOutOfQuietHours, isQuietTime } from "./quiet-hours.ts";

const TZ = "Asia/Ho_Chi_Minh";
const NIGHT = { start: "21:00", end: "07:00" };

describe("isQuietTime", () => {
  it("reads a window spanning midnight on the local clock, start inclusive, end exclusive", () => {
    expect(isQuietTime(vn("2026-12-01 20:59"), NIGHT, TZ)).toBe(false);
    expect(isQuietTime(vn("2026-12-01 21:00"), NIGHT, TZ)).toBe(true);
    expect(isQuietTime(vn("2026-12-01 23:30"), NIGHT, TZ)).toBe(true);
    expect(isQuietTime(vn("2026-12-02 00:10"), NIGHT, TZ)).toBe(true);
    expect(isQuietTime(vn("2026-12-02 06:59"), NIGHT, TZ)).toBe(true);
    expect(isQuietTime(vn("2026-12-02 07:00"), NIGHT, TZ)).toBe(false);
  });

  it("uses TZ_NAME, not UTC: 15:00 UTC is 22:00 in Vietnam", () => {
    expect(isQuietTime(new Date("2026-12-01T15:00:00Z"), NIGHT, TZ)).toBe(true);
    expect(isQuietTime(new Date("2026-12-01T15:00:00Z"), NIGHT, "UTC")).toBe(false);
  });

  it("handles a same-day window and treats null or equal bounds as no quiet hours", () => {
    const lunch = { start: "12:00", end: "13:30" };
    expect(isQuietTime(vn("2026-12-01 12:00"), lunch, TZ)).toBe(true);
    expect(isQuietTime(vn("2026-12-01 13:30"), lunch, TZ)).toBe(false);
    expect(isQuietTime(vn("2026-12-01 23:00"), lunch, TZ)).toBe(false);
    expect(isQuietTime(vn("2026-12-01 23:00"), null, TZ)).toBe(false);
    expect(isQuietTime(vn("2026-12-01 23:00"), { start: "07:00", end: "07:00" }, TZ)).toBe(false);
  });
});

describe("deferOutOfQuietHours", () => {
  it("leaves a daytime moment alone", () => {
    const at = vn("2026-12-01 10:15");
    expect(deferOutOfQuietHours(at, NIGHT, TZ)).toEqual(at);
  });

  it("moves an evening moment to the next morning, across a month end", () => {
    expect(deferOutOfQuietHours(vn("2026-12-01 22:40"), NIGHT, TZ)).toEqual(vn("2026-12-02 07:00"));
    expect(deferOutOfQuietHours(vn("2026-11-30 21:00"), NIGHT, TZ)).toEqual(vn("2026-12-01 07:00"));
    expect(deferOutOfQuietHours(vn("2026-12-31 23:59"), NIGHT, TZ)).toEqual(vn("2027-01-01 07:00"));
  });

  it("moves an early-morning moment to the same morning", () => {
    expect(deferOutOfQuietHours(vn("2026-12-02 03:00"), NIGHT, TZ)).toEqual(vn("2026-12-02 07:00"));
    expect(deferOutOfQuietHours(vn("2026-12-02 00:00"), NIGHT, TZ)).toEqual(vn("2026-12-02 07:00"));
  });

  it("ends a same-day window at its end", () => {
    expect(deferOutOfQuietHours(vn("2026-12-01 12:20"), { start: "12:00", end: "13:30" }, TZ)).toEqual(
      vn("2026-12-01 13:30"),
    );
  });
});

describe("local time", () => {
  it("round-trips wall-clock times, in a zone with daylight saving too", () => {
    expect(toLocal(vn("2026-12-01 09:05"), TZ)).toEqual({ year: 2026, month: 12, day: 1, hour: 9, minute: 5 });
    expect(fromLocal({ year: 2026, month: 12, day: 32, hour: 7, minute: 0 }, TZ)).toEqual(vn("2027-01-01 07:00"));
    const summer = fromLocal({ year: 2026, month: 7, day: 1, hour: 9, minute: 0 }, "Europe/Paris");
    expect(summer.toISOString()).toBe("2026-07-01T07:00:00.000Z");
    expect(startOfLocalDay(vn("2026-12-01 00:30"), TZ)).toEqual(vn("2026-12-01 00:00"));
  });
});
