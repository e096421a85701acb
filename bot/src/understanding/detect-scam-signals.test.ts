import { describe, expect, it } from "vitest";
import { scamSignalKinds } from "./detect-scam-signals.ts";

describe("scamSignalKinds", () => {
  it.each([
    // A forwarded bank text: a threat with a deadline, the formal register and a link.
    ["Tài khoản của Quý khách sẽ bị khóa sau 24h. Vui lòng đăng nhập tại vcb-xacthuc.com để xác thực ngay", 3],
    // Typed without diacritics, with a pasted address.
    ["tk cua ban bi khoa, truy cap http://v-acb.com de mo", 2],
    // A prize and a doubt.
    ["tin nhắn bảo trúng thưởng xe SH, có phải lừa không", 2],
    ["có phải lừa đảo không", 1],
  ])("counts the kinds of scam mark in «%s»", (text, kinds) => {
    expect(scamSignalKinds(text)).toBe(kinds);
  });

  it.each([
    "quên mật khẩu vneid thì làm sao",
    "làm căn cước có miễn phí không",
    "vui lòng hướng dẫn giúp tôi cài vneid",
    "cách nhận tiền lương hưu qua tài khoản",
  ])("finds no scam mark in a resident's own question «%s»", (text) => {
    expect(scamSignalKinds(text)).toBe(0);
  });
});
