import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isoToVietnamLocal, vietnamDayTimeToIso, vietnamLocalToIso } from "./vietnam-time.ts";

// The phone's zone must not matter: run every case on a phone set to New York (UTC-5 in winter, DST in summer).
const savedTz = process.env.TZ;
beforeEach(() => {
  process.env.TZ = "America/New_York";
});
afterEach(() => {
  process.env.TZ = savedTz;
});

describe("Vietnam time in the mini-app's date-time fields", () => {
  it("reads what was typed as Vietnam time, not the phone's", () => {
    expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(300); // the phone really is on New York time
    const iso = vietnamLocalToIso("2026-03-10T08:00");
    expect(iso).toBe("2026-03-10T08:00:00+07:00");
    expect(new Date(iso).toISOString()).toBe("2026-03-10T01:00:00.000Z");
    expect(vietnamDayTimeToIso("2026-12-31", "23:30")).toBe("2026-12-31T23:30:00+07:00");
  });

  it("shows an instant as Vietnam's clocks do, across midnight and across the phone's DST change", () => {
    expect(isoToVietnamLocal("2026-03-10T01:00:00.000Z")).toBe("2026-03-10T08:00");
    expect(isoToVietnamLocal("2026-03-09T20:30:00Z")).toBe("2026-03-10T03:30");
    // 8 March 2026: New York moves its clocks; Vietnam does not.
    expect(isoToVietnamLocal(new Date("2026-03-08T07:30:00Z"))).toBe("2026-03-08T14:30");
  });

  it("round-trips, and answers empty for empty or malformed input", () => {
    for (const local of ["2026-01-01T00:00", "2026-06-15T12:45", "2027-12-31T23:59"]) {
      expect(isoToVietnamLocal(vietnamLocalToIso(local))).toBe(local);
    }
    expect(vietnamLocalToIso("2026-03-10T08:00:30")).toBe("2026-03-10T08:00:30+07:00");
    expect(vietnamLocalToIso("")).toBe("");
    expect(vietnamLocalToIso("2026-03-10")).toBe("");
    expect(vietnamLocalToIso("2026-13-45T99:00")).toBe("");
    expect(vietnamDayTimeToIso("", "07:30")).toBe("");
    expect(isoToVietnamLocal("not a date")).toBe("");
  });
});
