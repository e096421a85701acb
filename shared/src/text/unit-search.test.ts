import { describe, expect, it } from "vitest";
import { matchUnitSearch, searchUnits, unitSearchLabel } from "./unit-search.ts";

const HOANG_HOA = {
  code: "HOANG_HOA_2025",
  name: "Xã Hoằng Hóa",
  formerNames: ["Thị trấn Bút Sơn", "Xã Hoằng Đạo", "Xã Hoằng Đạt"],
};
const HOANG_CHAU = { code: "HOANG_CHAU_2025", name: "Xã Hoằng Châu", formerNames: ["Xã Hoằng Châu", "Xã Hoằng Yến"] };
const HOANG_SON = { code: "HOANG_SON_2025", name: "Xã Hoằng Sơn" };

describe("matchUnitSearch", () => {
  it("finds a merged commune's successor by the old name, with or without diacritics, and says which name", () => {
    expect(matchUnitSearch(HOANG_HOA, "hoang dao")).toEqual({ formerName: "Xã Hoằng Đạo" });
    expect(matchUnitSearch(HOANG_HOA, "  HOẰNG ĐẠO ")).toEqual({ formerName: "Xã Hoằng Đạo" });
    expect(matchUnitSearch(HOANG_HOA, "but son")).toEqual({ formerName: "Thị trấn Bút Sơn" });
  });

  it("prefers the unit's own name or code, so a unit found by itself is not labelled", () => {
    expect(matchUnitSearch(HOANG_HOA, "hoang hoa")).toEqual({ formerName: null });
    expect(matchUnitSearch(HOANG_HOA, "hoa_2025")).toEqual({ formerName: null });
    expect(matchUnitSearch(HOANG_CHAU, "hoang chau")).toEqual({ formerName: null });
    expect(matchUnitSearch(HOANG_HOA, "")).toEqual({ formerName: null });
  });

  it("does not match a unit by nothing in common, nor by an old name it never had", () => {
    expect(matchUnitSearch(HOANG_HOA, "hoang yen")).toBeNull();
    expect(matchUnitSearch(HOANG_SON, "hoang dao")).toBeNull();
  });
});

describe("searchUnits", () => {
  it("keeps the units' order and tells each hit's reason", () => {
    expect(searchUnits([HOANG_SON, HOANG_HOA, HOANG_CHAU], "hoang da")).toEqual([
      { unit: HOANG_HOA, formerName: "Xã Hoằng Đạo" },
    ]);
    expect(searchUnits([HOANG_SON, HOANG_HOA, HOANG_CHAU], "hoang").map((hit) => hit.formerName)).toEqual([
      null,
      null,
      null,
    ]);
  });
});

describe("unitSearchLabel", () => {
  it("names the old unit the person typed, without repeating 'Xã'", () => {
    expect(unitSearchLabel("Xã Hoằng Hóa", "Xã Hoằng Đạo")).toBe("Xã Hoằng Hóa (gồm Hoằng Đạo cũ)");
    expect(unitSearchLabel("Xã Hoằng Hóa", "Thị trấn Bút Sơn")).toBe("Xã Hoằng Hóa (gồm thị trấn Bút Sơn cũ)");
    expect(unitSearchLabel("Phường Hạc Thành", "Phường Điện Biên")).toBe("Phường Hạc Thành (gồm Điện Biên cũ)");
    expect(unitSearchLabel("Xã Hoằng Hóa", null)).toBe("Xã Hoằng Hóa");
  });
});
