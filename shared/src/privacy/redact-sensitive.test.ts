import { describe, expect, it } from "vitest";
import { redactSensitive } from "./redact-sensitive.ts";

describe("redactSensitive", () => {
  it.each([
    ["cccd cua toi la 038123456789", "CITIZEN_ID", "038123456789"],
    ["Số CCCD: 0381 2345 6789 nhé", "CITIZEN_ID", "0381 2345 6789"],
    ["cmnd 172345678", "CITIZEN_ID", "172345678"],
    ["the ngan hang 4111 1111 1111 1111", "BANK_CARD", "4111 1111 1111 1111"],
    ["mã OTP là 482913", "OTP", "482913"],
    ["otp: 4821", "OTP", "4821"],
    ["482913", "OTP", "482913"],
    ["mat khau la Hoa@1990", "PASSWORD", "Hoa@1990"],
    ["mk: abc123xyz", "PASSWORD", "abc123xyz"],
  ] as const)("masks %s", (input, kind, secret) => {
    const result = redactSensitive(input);
    expect(result.found).toContain(kind);
    expect(result.text).not.toContain(secret);
  });

  it.each([
    "1",
    "tiep tuc",
    "toi 65 tuoi",
    "goi 0912345678 giup toi",
    "kich hoat dinh danh muc 2",
    "nam 2024",
  ])("leaves ordinary text alone: %s", (input) => {
    expect(redactSensitive(input)).toEqual({ text: input, found: [] });
  });
});
