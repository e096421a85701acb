import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGN_IN_PER_ZALO_USER_MAX } from "../bot/src/auth/consume-sign-in-allowance.ts";
import { API_RATE_LIMIT_PER_MINUTE } from "../bot/src/routes/api/api-context.ts";
import { type ApiKit, createApiTestKit, DEMO } from "./support/api-test-kit.ts";
import { createTestApp, type TestApp } from "./support/test-app.ts";

/**
 * Rate limits are keyed on who the caller verifiably is (issue 8, item 4): the Zalo id inside a valid session
 * token, else the client IP, and the IP only from a proxy named in TRUST_PROXY.
 */
const me = (remoteAddress: string, headers: Record<string, string> = {}) => ({
  method: "GET" as const,
  url: "/api/me",
  remoteAddress,
  headers,
});
const randomBearer = () => ({ authorization: `Bearer ${randomBytes(24).toString("base64url")}` });

async function statuses(count: number, send: (i: number) => Promise<{ statusCode: number }>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((await send(i)).statusCode);
  return out;
}

describe("API rate limits", () => {
  let kit: ApiKit;
  beforeAll(async () => {
    kit = await createApiTestKit();
  });
  afterAll(async () => {
    await kit.close();
  });

  it("a random bearer value does not open a fresh bucket: it counts against the IP", async () => {
    const app = kit.t.app;
    const first = await statuses(API_RATE_LIMIT_PER_MINUTE, () => app.inject(me("10.1.0.1", randomBearer())));
    expect(first.every((s) => s === 401)).toBe(true);
    const next = await app.inject(me("10.1.0.1", randomBearer()));
    expect(next.statusCode).toBe(429);
    expect(next.json().code).toBe("RATE_LIMITED");
    expect((await app.inject(me("10.1.0.1"))).statusCode).toBe(429);
    // Another address is not affected.
    expect((await app.inject(me("10.1.0.2", randomBearer()))).statusCode).toBe(401);
  });

  it("a session's bucket follows the person, whatever the header's spelling or the address", async () => {
    const app = kit.t.app;
    const token = kit.tokens.member;
    const used = await statuses(API_RATE_LIMIT_PER_MINUTE, (i) =>
      app.inject(me(`10.2.0.${i % 200}`, { authorization: `Bearer ${token}` })),
    );
    expect(used.every((s) => s === 200)).toBe(true);
    const respelled = await app.inject(me("10.2.1.1", { authorization: `bearer   ${token}  ` }));
    expect(respelled.statusCode).toBe(429);
    // Another person behind the same carrier NAT address keeps their own bucket.
    const other = await app.inject(me("10.2.0.1", { authorization: `Bearer ${kit.tokens.leadHere}` }));
    expect(other.statusCode).toBe(200);
  });

  it("ignores X-Forwarded-For when no proxy is trusted (the default)", async () => {
    const app = kit.t.app;
    const spoofed = await statuses(API_RATE_LIMIT_PER_MINUTE + 1, (i) =>
      app.inject(me("10.3.0.1", { "x-forwarded-for": `203.0.113.${i % 250}` })),
    );
    expect(spoofed.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(spoofed.at(-1)).toBe(429);
  });

  it("limits sign-in per Zalo user, even from many addresses, and per IP", async () => {
    const app = kit.t.app;
    const signIn = async (zaloId: string, remoteAddress: string) =>
      app.inject({
        method: "POST",
        url: "/api/auth/zalo",
        remoteAddress,
        payload: { accessToken: await kit.zaloAccessToken(zaloId) },
      });
    // The kit already signed this person in once.
    const allowed = await statuses(SIGN_IN_PER_ZALO_USER_MAX - 1, (i) => signIn(DEMO.otherLead, `10.4.0.${i}`));
    expect(allowed.every((s) => s === 200)).toBe(true);
    const refused = await signIn(DEMO.otherLead, "10.4.1.1");
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe("RATE_LIMITED");
    expect((await signIn(DEMO.lead, "10.4.1.1")).statusCode).toBe(200);

    // Per IP: 30 attempts a minute, whoever they are for (here, tokens Zalo refuses).
    const bad = await statuses(31, () =>
      app.inject({
        method: "POST",
        url: "/api/auth/zalo",
        remoteAddress: "10.5.0.1",
        payload: { accessToken: "x".repeat(40) },
      }),
    );
    expect(bad.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(bad[30]).toBe(429);
  });
});

describe("TRUST_PROXY", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: "10.9.0.1" });
  });
  afterAll(async () => {
    await t.close();
  });

  it("takes the client address from X-Forwarded-For only when the peer is a trusted proxy", async () => {
    const viaProxy = await statuses(API_RATE_LIMIT_PER_MINUTE + 20, (i) =>
      t.app.inject(me("10.9.0.1", { "x-forwarded-for": `198.51.100.${i % 250}` })),
    );
    expect(viaProxy.every((s) => s === 401)).toBe(true);
    const direct = await statuses(API_RATE_LIMIT_PER_MINUTE + 1, (i) =>
      t.app.inject(me("10.9.0.2", { "x-forwarded-for": `198.51.100.${i % 250}` })),
    );
    expect(direct.at(-1)).toBe(429);
  });
});
