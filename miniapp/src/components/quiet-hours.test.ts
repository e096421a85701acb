import { describe, expect, it } from "vitest";
import { quietHoursWaitUntil } from "./quiet-hours.ts";

const NIGHT = { start: "21:00", end: "07:00" };
/** An instant given as Vietnam wall-clock time. */
const vn = (local: string) => new Date(`${local}:00+07:00`);

describe("quietHoursWaitUntil", () => {
  it("lets a daytime notice go at once", () => {
    expect(quietHoursWaitUntil(vn("2026-12-01T20:59"), NIGHT)).toBeNull();
    expect(quietHoursWaitUntil(vn("2026-12-01T07:00"), NIGHT)).toBeNull();
  });

  it("holds an evening notice until 07:00 the next morning, across a month's end", () => {
    expect(quietHoursWaitUntil(vn("2026-12-01T21:00"), NIGHT)).toBe("2026-12-02T07:00:00+07:00");
    expect(quietHoursWaitUntil(vn("2026-12-31T23:30"), NIGHT)).toBe("2027-01-01T07:00:00+07:00");
  });

  it("holds an early-morning notice until 07:00 the same day, whatever the phone's time zone", () => {
    // 05:30 in Vietnam is still the previous day in UTC.
    expect(quietHoursWaitUntil(new Date("2026-12-01T22:30:00Z"), NIGHT)).toBe("2026-12-02T07:00:00+07:00");
  });

  it("reads a window inside one day, and equal bounds or none as no pause", () => {
    expect(quietHoursWaitUntil(vn("2026-12-01T12:30"), { start: "12:00", end: "13:30" })).toBe(
      "2026-12-01T13:30:00+07:00",
    );
    expect(quietHoursWaitUntil(vn("2026-12-01T23:00"), { start: "07:00", end: "07:00" })).toBeNull();
    expect(quietHoursWaitUntil(vn("2026-12-01T23:00"), null)).toBeNull();
  });
});
