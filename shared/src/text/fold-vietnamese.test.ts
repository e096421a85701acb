import { describe, expect, it } from "vitest";
import { canonicalText, containsPhrase, foldVietnamese, matchKeywords } from "./fold-vietnamese.ts";

describe("foldVietnamese", () => {
  it("drops case, diacritics and đ, and collapses punctuation and spaces", () => {
    expect(foldVietnamese("  Kích hoạt   ĐỊNH DANH, mức 2!! ")).toBe("kich hoat dinh danh muc 2");
    expect(foldVietnamese("Đoàn TNCS Hồ Chí Minh")).toBe("doan tncs ho chi minh");
  });

  it("folds both tone-mark placements and precomposed or decomposed input alike", () => {
    expect(foldVietnamese("hoà")).toBe(foldVietnamese("hòa"));
    expect(foldVietnamese("Thanh Hoá")).toBe("thanh hoa");
    expect(foldVietnamese("Hoằng Đạo".normalize("NFD"))).toBe("hoang dao");
  });
});

describe("canonicalText", () => {
  it("expands the abbreviations residents type", () => {
    expect(canonicalText("dk tk vneid")).toBe("dang ky tai khoan vneid");
    expect(canonicalText("V NeID m2")).toBe("vneid muc 2");
    expect(canonicalText("lam CCCD gắn chip")).toBe("lam can cuoc chip");
    expect(canonicalText("dvc")).toBe("dich vu cong");
    expect(canonicalText("ko dc")).toBe("khong duoc");
    expect(canonicalText("k đc")).toBe("khong duoc");
    expect(canonicalText("ck")).toBe("chuyen khoan");
    expect(canonicalText("level 2")).toBe("muc 2");
    expect(canonicalText("định danh điện tử mức độ 2")).toBe("dinh danh muc 2");
  });

  it("finds phrases only as whole tokens", () => {
    expect(containsPhrase("Tôi muốn dừng nhắc", "dừng nhắc")).toBe(true);
    expect(containsPhrase("dung nhac nha", "dung nhac")).toBe(true);
    expect(containsPhrase("dungnhac", "dung nhac")).toBe(false);
  });
});

describe("matchKeywords", () => {
  const intents = [
    { id: "vneid", keywords: ["vneid", "dinh danh"] },
    { id: "vneid-l2-activate", keywords: ["kich hoat muc 2", "ma kich hoat"] },
    { id: "cashless", keywords: ["chuyen khoan", "thanh toan khong tien mat", "vi dien tu"] },
  ];

  it("prefers the more specific keyword", () => {
    const [best] = matchKeywords("kich hoat dinh danh muc 2", intents);
    expect(best?.id).toBe("vneid-l2-activate");
  });

  it("matches abbreviations and missing diacritics", () => {
    expect(matchKeywords("cách ck tiền", intents)[0]?.id).toBe("cashless");
    expect(matchKeywords("v neid", intents)[0]?.id).toBe("vneid");
    expect(matchKeywords("Định danh điện tử", intents)[0]?.id).toBe("vneid");
  });

  it("returns nothing for unrelated text", () => {
    expect(matchKeywords("hôm nay trời đẹp quá", intents)).toEqual([]);
  });

  it("accepts a long keyword two thirds present at half weight", () => {
    const [best] = matchKeywords("thanh toan tien mat", intents);
    expect(best).toMatchObject({ id: "cashless", score: 2 });
  });
});
