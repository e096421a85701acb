import { describe, expect, it } from "vitest";
import { closestUnits, editDistance } from "./closest-units.ts";
import { matchUnit } from "./match-unit.ts";

const UNITS = [
  { code: "BUT_SON", name: "Thị trấn Bút Sơn" },
  { code: "HOANG_DAO", name: "Xã Hoằng Đạo" },
  { code: "HOANG_DONG", name: "Xã Hoằng Đông" },
  { code: "HOANG_GIANG", name: "Xã Hoằng Giang" },
  { code: "HOANG_HA", name: "Xã Hoằng Hà" },
  { code: "HOANG_TIEN", name: "Xã Hoằng Tiến", formerNames: ["Xã Hoằng Hải", "Xã Hoằng Trường"] },
  { code: "HOANG_XUAN", name: "Xã Hoằng Xuân" },
];
const codes = (typed: string) => closestUnits(typed, UNITS, 3).map((u) => u.code);

describe("closestUnits", () => {
  it("puts the commune a typo meant first, when nothing matched exactly", () => {
    for (const typed of ["hoang dau", "hoangdao", "hoang đaoo", "xa hoag dao"]) {
      expect(matchUnit(typed, UNITS).kind).toBe("none");
      expect(codes(typed)[0]).toBe("HOANG_DAO");
    }
  });
  it("reads the part that tells communes apart", () => {
    expect(codes("giag")[0]).toBe("HOANG_GIANG");
    expect(codes("but son thi tran")).toContain("BUT_SON");
  });
  it("finds a unit by a misspelt former name", () => {
    expect(codes("hoang truong")[0]).toBe("HOANG_TIEN");
  });
  it("always offers something", () => {
    expect(codes("???")).toHaveLength(3);
    expect(codes("zzzz")).toHaveLength(3);
  });
});

describe("editDistance", () => {
  it("counts a swap of neighbours as one edit", () => {
    expect(editDistance("hoang", "hoang")).toBe(0);
    expect(editDistance("hoang", "hoagn")).toBe(1);
    expect(editDistance("dao", "dau")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
  });
});
