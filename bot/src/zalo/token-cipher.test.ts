import { describe, expect, it } from "vitest";
import { createTokenCipher, TokenDecryptionError } from "./token-cipher.ts";

const SECRET = "test-session-secret-0123456789abcdef";

describe("token cipher", () => {
  const cipher = createTokenCipher(SECRET);

  it("round-trips, with a fresh IV each time and no plaintext in the stored form", () => {
    const token = "oa-access-token-ÂÊÔ-xyz";
    const a = cipher.encrypt(token, "access");
    const b = cipher.encrypt(token, "access");
    expect(a).not.toBe(b);
    expect(a).not.toContain(token);
    expect(a).not.toContain(Buffer.from(token).toString("base64url"));
    expect(cipher.decrypt(a, "access")).toBe(token);
    expect(cipher.decrypt(b, "access")).toBe(token);
  });

  it("refuses a value stored for the other role (columns cannot be swapped)", () => {
    const stored = cipher.encrypt("refresh-me", "refresh");
    expect(() => cipher.decrypt(stored, "access")).toThrow(TokenDecryptionError);
  });

  it("refuses a tampered value or another secret", () => {
    const stored = cipher.encrypt("value", "access");
    const [v, iv, tag, body] = stored.split(".") as [string, string, string, string];
    const flipped = `${v}.${iv}.${tag}.${body.startsWith("A") ? `B${body.slice(1)}` : `A${body.slice(1)}`}`;
    expect(() => cipher.decrypt(flipped, "access")).toThrow(TokenDecryptionError);
    expect(() => createTokenCipher(`${SECRET}-other`).decrypt(stored, "access")).toThrow(TokenDecryptionError);
    expect(() => cipher.decrypt("garbage", "access")).toThrow(TokenDecryptionError);
  });

  it.each([4, 8, 12, 15])("refuses the real tag truncated to its first %i bytes", (bytes) => {
    const stored = cipher.encrypt("value", "access");
    const [v, iv, tag, body] = stored.split(".") as [string, string, string, string];
    const short = Buffer.from(tag, "base64url").subarray(0, bytes).toString("base64url");
    expect(() => cipher.decrypt(`${v}.${iv}.${short}.${body}`, "access")).toThrow(TokenDecryptionError);
  });
});
