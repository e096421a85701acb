import { describe, expect, it } from "vitest";
import { SESSION_TTL_MS, SessionTokens } from "./session-token.ts";

const SECRET = "unit-test-session-secret-0123456789abcdef";

describe("SessionTokens", () => {
  const tokens = new SessionTokens(SECRET);

  it("round-trips the claims and hides the Zalo access token from the JWT payload", async () => {
    const { token, expiresAt } = await tokens.sign({
      zaloId: "8000000000000000003",
      name: "Hoa",
      zaloAccessToken: "zat-123",
    });
    expect(await tokens.verify(token)).toEqual({
      zaloId: "8000000000000000003",
      name: "Hoa",
      zaloAccessToken: "zat-123",
    });
    const payload = Buffer.from(token.split(".")[1] ?? "", "base64url").toString();
    expect(payload).not.toContain("zat-123");
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(SESSION_TTL_MS - 5_000);
  });

  it("refuses an expired token, a token signed with another secret and garbage", async () => {
    const issued = new Date("2026-03-02T00:00:00Z");
    const { token } = await tokens.sign({ zaloId: "1", name: "A", zaloAccessToken: null }, issued);
    expect(await tokens.verify(token, new Date(issued.getTime() + SESSION_TTL_MS - 1_000))).not.toBeNull();
    expect(await tokens.verify(token, new Date(issued.getTime() + SESSION_TTL_MS + 1_000))).toBeNull();
    const other = await new SessionTokens(`${SECRET}-other`).sign({ zaloId: "1", name: "A", zaloAccessToken: null });
    expect(await tokens.verify(other.token)).toBeNull();
    expect(await tokens.verify("not-a-jwt")).toBeNull();
  });
});
