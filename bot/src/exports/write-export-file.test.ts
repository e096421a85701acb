import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatLocalDateTime } from "../services/zoned-time.ts";
import { assistanceLogWhereSql, csvCell, localDateTimeFormatter } from "./write-export-file.ts";

describe("localDateTimeFormatter", () => {
  it.each([
    "Asia/Ho_Chi_Minh",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
  ])("formats exactly as formatLocalDateTime in %s, across DST changes", (zone) => {
    const format = localDateTimeFormatter(zone);
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) }), (ms) => {
        const at = new Date(ms);
        expect(format(at)).toBe(formatLocalDateTime(at, zone));
      }),
      { numRuns: 3_000 },
    );
  });
});

describe("assistanceLogWhereSql", () => {
  it("translates the scope and filters assistanceLogWhere builds", () => {
    const from = new Date("2026-03-01T17:00:00Z");
    const out = assistanceLogWhereSql({ unitId: { in: ["u1", "u2"] }, memberId: "m1", happenedAt: { gte: from } });
    expect(out.params).toEqual([["u1", "u2"], "m1", from.toISOString()]);
    expect(out.sql).toHaveLength(3);
  });

  it("refuses a filter it does not know instead of exporting more than asked", () => {
    expect(() => assistanceLogWhereSql({ outcome: "DONE" })).toThrow(/not translated/);
  });
});

describe("csvCell", () => {
  it("defuses formulas and quotes separators", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell(3)).toBe("3");
  });
});
