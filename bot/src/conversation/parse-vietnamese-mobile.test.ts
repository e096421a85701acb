import { describe, expect, it } from "vitest";
import { findVietnameseMobile, maskPhone, parseVietnameseMobile } from "./parse-vietnamese-mobile.ts";

describe("parseVietnameseMobile", () => {
  it.each([
    ["0912345678", "0912345678"],
    ["0912 345 678", "0912345678"],
    ["0912.345.678", "0912345678"],
    ["+84 912 345 678", "0912345678"],
    ["84912345678", "0912345678"],
    ["+840912345678", "0912345678"],
    ["0386 123 456", "0386123456"],
    ["0701234567", "0701234567"],
    ["０９１２３４５６７８", "0912345678"],
  ])("reads %s as a mobile number", (typed, phone) => {
    expect(parseVietnameseMobile(typed)).toEqual({ kind: "mobile", phone });
  });

  it.each([
    ["02373852123", "a landline"],
    ["0212345678", "a 02 prefix"],
    ["0112345678", "an unused prefix"],
    ["0951234567", "a retired prefix"],
    ["091234567", "nine digits"],
    ["09123456789", "eleven digits"],
    ["1900123456", "a hotline"],
    ["8412345678", "84 with nine digits after a wrong prefix"],
    ["0912abc678", "letters inside"],
  ])("refuses %s (%s)", (typed) => {
    expect(parseVietnameseMobile(typed)).toEqual({ kind: "invalid" });
  });

  it("says none when there is nothing", () => {
    expect(parseVietnameseMobile("  ")).toEqual({ kind: "none" });
    expect(parseVietnameseMobile("không có")).toEqual({ kind: "none" });
  });
});

describe("findVietnameseMobile", () => {
  it("finds the number in a sentence", () => {
    expect(findVietnameseMobile("sdt của bà là 0912 345 678 nhé")).toEqual({ kind: "mobile", phone: "0912345678" });
    expect(findVietnameseMobile("số con trai: +84 98 765 4321")).toEqual({ kind: "mobile", phone: "0987654321" });
  });
  it("tells digits that are no mobile number from no digits", () => {
    expect(findVietnameseMobile("số nhà 12")).toEqual({ kind: "invalid" });
    expect(findVietnameseMobile("gọi 0237 3852 123")).toEqual({ kind: "invalid" });
    expect(findVietnameseMobile("không muốn cho số")).toEqual({ kind: "none" });
  });
});

describe("maskPhone", () => {
  it("keeps the first four and last three digits", () => {
    expect(maskPhone("0912345678")).toBe("0912 xxx 678");
  });
});
