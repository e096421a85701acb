import { describe, expect, it } from "vitest";
import { formatLocalDateTime, localDate, localWeekStart, startOfLocalDay } from "./zoned-time.ts";

const TZ = "Asia/Ho_Chi_Minh";

describe("zoned time", () => {
  it("starts a local day at 17:00 UTC the day before", () => {
    expect(startOfLocalDay("2026-03-02", TZ).toISOString()).toBe("2026-03-01T17:00:00.000Z");
  });

  it("puts 23:30 UTC on Sunday into Monday's week in Vietnam", () => {
    const sundayNightUtc = new Date("2026-03-01T23:30:00Z"); // 06:30 Monday 2 March in Hà Nội
    expect(localDate(sundayNightUtc, TZ)).toBe("2026-03-02");
    expect(localWeekStart(sundayNightUtc, TZ)).toBe("2026-03-02");
    expect(localWeekStart(new Date("2026-03-08T16:59:00Z"), TZ)).toBe("2026-03-02"); // 23:59 Sunday local
    expect(localWeekStart(new Date("2026-03-08T17:00:00Z"), TZ)).toBe("2026-03-09");
  });

  it("formats as dd/mm/yyyy hh:mm local", () => {
    expect(formatLocalDateTime(new Date("2026-03-02T01:30:00Z"), TZ)).toBe("02/03/2026 08:30");
  });
});
