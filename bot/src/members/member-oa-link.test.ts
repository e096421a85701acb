import { redactSensitive } from "@xks/shared/privacy/redact-sensitive";
import { describe, expect, it } from "vitest";
import { LINK_CODE_LENGTH, linkCodeMessage, parseLinkCodeText } from "./member-oa-link.ts";

describe("parseLinkCodeText", () => {
  it("reads the code however the member typed or pasted it", () => {
    for (const text of [
      "LIENKET KMPQRT",
      "lienket kmpqrt",
      "Liên kết KMPQRT",
      "  LIEN KET:  kmpqrt ",
      "liên kết\nKMPQRT",
    ]) {
      expect(parseLinkCodeText(text), text).toBe("KMPQRT");
    }
  });

  it("ignores everything else, so residents' messages still reach the chatbot", () => {
    for (const text of [
      "liên kết",
      "lienket 4821",
      "LIENKET KMPQR",
      "LIENKET KMPQRTX",
      "tôi muốn liên kết KMPQRT ngay",
      "KMPQRT",
    ]) {
      expect(parseLinkCodeText(text), text).toBeNull();
    }
  });

  it("is never masked by the privacy guard (letters only: not an OTP)", () => {
    const message = linkCodeMessage("X".repeat(LINK_CODE_LENGTH));
    expect(redactSensitive(message).text).toBe(message);
  });
});
