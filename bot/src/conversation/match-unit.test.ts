import { describe, expect, it } from "vitest";
import { matchUnit } from "./match-unit.ts";

const UNITS = [
  { code: "BUT_SON", name: "Thị trấn Bút Sơn" },
  { code: "HOANG_DAO", name: "Xã Hoằng Đạo" },
  { code: "HOANG_DAT", name: "Xã Hoằng Đạt" },
  { code: "HOANG_DONG_1", name: "Xã Hoằng Đông" },
  { code: "HOANG_DONG_2", name: "Xã Hoằng Đồng" },
];

const code = (typed: string) => {
  const match = matchUnit(typed, UNITS);
  return match.kind === "one" ? match.unit.code : match.kind === "many" ? match.units.map((u) => u.code) : null;
};

describe("matchUnit", () => {
  it.each([
    ["hoang dao", "HOANG_DAO"],
    ["Xã Hoằng Đạo", "HOANG_DAO"],
    ["xa hoang dat", "HOANG_DAT"],
    ["HOANG_DAO", "HOANG_DAO"],
    ["tôi ở xã hoằng đạo huyện hoằng hóa", "HOANG_DAO"],
    ["tt but son", "BUT_SON"],
    ["bút sơn", "BUT_SON"],
    ["Hoằng Đồng", "HOANG_DONG_2"],
    ["hoằng đông", "HOANG_DONG_1"],
  ])("finds %s", (typed, expected) => {
    expect(code(typed)).toBe(expected);
  });

  it("offers a choice when names fold alike and no marks tell them apart", () => {
    expect(code("hoang dong")).toEqual(["HOANG_DONG_1", "HOANG_DONG_2"]);
    expect(code("hoang")).toEqual(["HOANG_DAO", "HOANG_DAT", "HOANG_DONG_1", "HOANG_DONG_2"]);
  });

  it("finds nothing rather than guessing", () => {
    expect(code("ha noi")).toBeNull();
    expect(code("")).toBeNull();
  });
});

describe("matchUnit after the 2025 mergers", () => {
  // Xã Hoằng Châu (2025) was formed from Hoằng Thắng, Hoằng Phong, Hoằng Lưu and the old Hoằng Châu.
  const MERGED = [
    {
      code: "HOANG_CHAU_2025",
      name: "Xã Hoằng Châu",
      formerNames: ["Xã Hoằng Thắng", "Xã Hoằng Phong", "Xã Hoằng Lưu"],
    },
    { code: "HOANG_DAO", name: "Xã Hoằng Đạo" },
    { code: "HOANG_DAT", name: "Xã Hoằng Đạt" },
  ];
  const mergedCode = (typed: string) => {
    const match = matchUnit(typed, MERGED);
    return match.kind === "one" ? match.unit.code : match.kind === "many" ? match.units.map((u) => u.code) : null;
  };

  it.each([
    ["Xã Hoằng Thắng", "HOANG_CHAU_2025"],
    ["hoang thang", "HOANG_CHAU_2025"],
    ["tôi ở hoằng lưu", "HOANG_CHAU_2025"],
    ["HOẰNG PHONG", "HOANG_CHAU_2025"],
    ["hoằng châu", "HOANG_CHAU_2025"],
    ["hoang dao", "HOANG_DAO"],
  ])("maps %s to the commune it belongs to now", (typed, expected) => {
    expect(mergedCode(typed)).toBe(expected);
  });

  it("offers the current commune once even when several of its former names match", () => {
    expect(mergedCode("hoang")).toEqual(["HOANG_CHAU_2025", "HOANG_DAO", "HOANG_DAT"]);
  });
});
