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
