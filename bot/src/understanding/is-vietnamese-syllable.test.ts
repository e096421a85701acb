import { describe, expect, it } from "vitest";
import { isVietnameseSyllable } from "./is-vietnamese-syllable.ts";

describe("isVietnameseSyllable", () => {
  it("accepts folded syllables of the language", () => {
    for (const word of ["trang", "khoang", "tieng", "chieu", "nghieng", "khuya", "nguoi", "quyen", "giup", "oanh"])
      expect(isVietnameseSyllable(word), word).toBe(true);
  });

  it("rejects typos, glued words and foreign words", () => {
    for (const word of ["khaur", "chuyn", "vneid", "dienthoai", "zalo", "online", "maatj", "tienf"])
      expect(isVietnameseSyllable(word), word).toBe(false);
  });
});
