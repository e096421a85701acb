import { canonicalTokens } from "@xks/shared/text/fold-vietnamese";
import { describe, expect, it } from "vitest";
import { decodeImeLeftover, expandTyping } from "./normalise-typing.ts";

const expand = (text: string) => expandTyping(canonicalTokens(text)).join(" ");

describe("expandTyping", () => {
  it("splits a number glued to its unit", () => {
    expect(expand("60t co phai doi cccd")).toBe("60 tuoi co phai doi can cuoc");
    expect(expand("mat 2tr")).toBe("mat 2 trieu");
    expect(expand("phi 500k")).toBe("phi 500 nghin");
  });

  it("spells out chat shorthand and words typed without their space", () => {
    expect(expand("wen matkhau vneid")).toBe("quen mat khau vneid");
    expect(expand("mún bít cách đk")).toBe("muon biet cach dang ky");
    expect(expand("zl bi hack khum vao dc")).toBe("zalo bi hack khong vao duoc");
    expect(expand("login app bank")).toBe("dang nhap app ngan hang");
    expect(expand("tk bi khoa, đt mat")).toBe("tai khoan bi khoa dien thoai mat");
  });

  it("leaves ambiguous and ordinary words alone", () => {
    // "hong" is không or hỏng, "bh" bây giờ or bảo hiểm: neither is guessed.
    expect(expand("the hong bh")).toBe("the hong bh");
    expect(expand("mức 2")).toBe("muc 2");
    expect(expand("năm 2025")).toBe("nam 2025");
  });
});

describe("decodeImeLeftover", () => {
  it("reads Telex letters left in the text when the input method was off", () => {
    expect(decodeImeLeftover("maatj")).toBe("mat");
    expect(decodeImeLeftover("khaaur")).toBe("khau");
    expect(decodeImeLeftover("quenf")).toBe("quen");
    expect(decodeImeLeftover("ddawng")).toBe("dang");
  });

  it("reads VNI digits left after the letters", () => {
    expect(decodeImeLeftover("ma65t")).toBe("mat");
    expect(decodeImeLeftover("kha63u")).toBe("khau");
  });

  it("gives nothing for plain words and numbers", () => {
    expect(decodeImeLeftover("mat")).toBeNull();
    expect(decodeImeLeftover("2025")).toBeNull();
    expect(decodeImeLeftover("vneid")).toBeNull();
  });
});
