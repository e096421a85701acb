import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildEmulator, type Emulator } from "./build-emulator.ts";
import { DEMO_RESIDENT_ADMIN_ID } from "./demo-users.ts";
import { pkceChallenge } from "./oauth-routes.ts";

const APP_ID = "1234567890123456789";
const APP_SECRET = "dev-app-secret-xks";
const VERIFIER = "a".repeat(20) + "B".repeat(23); // 43 characters, as Zalo's PKCE wants
const REGISTERED_REDIRECT = "http://127.0.0.1:3000/oauth/zalo/callback";
let emulator: Emulator;

beforeEach(async () => {
  emulator = await buildEmulator({ webhookUrl: null });
});
afterEach(async () => {
  await emulator.app.close();
});

function tokenRequest(fields: Record<string, string>, secret = APP_SECRET) {
  return emulator.app.inject({
    method: "POST",
    url: "/oauth/v4/oa/access_token",
    headers: { secret_key: secret, "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({ app_id: APP_ID, ...fields }).toString(),
  });
}

async function authorize(challenge = pkceChallenge(VERIFIER)): Promise<string> {
  const query = new URLSearchParams({
    app_id: APP_ID,
    redirect_uri: REGISTERED_REDIRECT,
    code_challenge: challenge,
    state: "xyz",
  });
  const page = await emulator.app.inject(`/oauth/v4/oa/permission?${query}`);
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain("Cho phép");
  const href = /href="(\/oauth\/v4\/oa\/permission\/allow[^"]+)"/.exec(page.body)?.[1]?.replaceAll("&#38;", "&");
  expect(href).toBeDefined();
  const allow = await emulator.app.inject(href ?? "");
  expect(allow.statusCode).toBe(302);
  const location = new URL(String(allow.headers.location));
  expect(location.pathname).toBe("/oauth/zalo/callback");
  expect(location.searchParams.get("oa_id")).toBe("4321098765432109876");
  expect(location.searchParams.get("state")).toBe("xyz");
  return location.searchParams.get("code") ?? "";
}

function send(token: string) {
  return emulator.app.inject({
    method: "POST",
    url: "/openapi/v3.0/oa/message/cs",
    headers: { access_token: token },
    payload: { recipient: { user_id: DEMO_RESIDENT_ADMIN_ID }, message: { text: "hi" } },
  });
}

describe("OAuth v4 for the OA", () => {
  it("computes the S256 challenge as base64url without padding", () => {
    // RFC 7636 appendix B vector.
    expect(pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });

  it("exchanges a consented code with the right verifier; the code is single use", async () => {
    const code = await authorize();
    const res = await tokenRequest({ grant_type: "authorization_code", code, code_verifier: VERIFIER });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.expires_in).toBe("90000");
    expect(typeof body.access_token).toBe("string");
    expect(typeof body.refresh_token).toBe("string");
    expect((await send(body.access_token)).json().error).toBe(0);

    const again = await tokenRequest({ grant_type: "authorization_code", code, code_verifier: VERIFIER });
    expect(again.json().error).toBeLessThan(0);
    expect(again.json().access_token).toBeUndefined();
  });

  it("rejects a wrong code_verifier (PKCE) and a wrong secret_key", async () => {
    const code = await authorize();
    const wrong = await tokenRequest({ grant_type: "authorization_code", code, code_verifier: "b".repeat(43) });
    expect(wrong.statusCode).toBe(200);
    expect(wrong.json()).toMatchObject({ error: -14020 });
    expect(wrong.json().access_token).toBeUndefined();

    const code2 = await authorize();
    const badSecret = await tokenRequest(
      { grant_type: "authorization_code", code: code2, code_verifier: VERIFIER },
      "not-the-secret",
    );
    expect(badSecret.json().error).toBeLessThan(0);
  });

  it("expires codes after 10 minutes", async () => {
    const code = await authorize();
    emulator.state.advanceClock(10 * 60_000 + 1);
    const res = await tokenRequest({ grant_type: "authorization_code", code, code_verifier: VERIFIER });
    expect(res.json().error).toBeLessThan(0);
  });

  it("refresh tokens are single use and refreshing retires the previous access token", async () => {
    const first = (await tokenRequest({ grant_type: "refresh_token", refresh_token: "dev-oa-refresh-token" })).json();
    expect(first.expires_in).toBe("90000");
    expect(first.refresh_token).not.toBe("dev-oa-refresh-token");

    const reuse = await tokenRequest({ grant_type: "refresh_token", refresh_token: "dev-oa-refresh-token" });
    expect(reuse.statusCode).toBe(200);
    expect(reuse.json().error).toBe(-14014);

    expect((await send("dev-oa-access-token")).json().error).toBe(-220);
    expect((await send(first.access_token)).json().error).toBe(0);

    const tokens = (await emulator.app.inject("/_emulator/tokens")).json();
    expect(tokens).toMatchObject({ accessToken: first.access_token, refreshToken: first.refresh_token });

    const second = (await tokenRequest({ grant_type: "refresh_token", refresh_token: first.refresh_token })).json();
    expect((await send(first.access_token)).json().error).toBe(-220);
    expect((await send(second.access_token)).json().error).toBe(0);
  });

  it("shows a problem instead of a consent button for a wrong app_id", async () => {
    const page = await emulator.app.inject(
      "/oauth/v4/oa/permission?app_id=1&redirect_uri=http://x.test/cb&code_challenge=abc&state=s",
    );
    expect(page.body).not.toContain("Cho phép</a>");
  });

  it("checks redirect_uri against the registered callback (-14003), unless that unconfirmed rule is off", async () => {
    const query = new URLSearchParams({
      app_id: APP_ID,
      redirect_uri: "https://elsewhere.example/oauth/zalo/callback",
      code_challenge: pkceChallenge(VERIFIER),
      state: "xyz",
    });
    const refused = await emulator.app.inject(`/oauth/v4/oa/permission?${query}`);
    expect(refused.body).toContain("-14003");
    expect(refused.body).not.toContain("permission/allow");
    const direct = await emulator.app.inject(`/oauth/v4/oa/permission/allow?${query}`);
    expect(direct.statusCode).toBe(400);

    await emulator.app.inject({ method: "POST", url: "/_emulator/rules", payload: { checkRegisteredRedirect: false } });
    const allowed = await emulator.app.inject(`/oauth/v4/oa/permission?${query}`);
    expect(allowed.body).toContain("permission/allow");
  });

  it("refuses the App Secret while the rejectAppSecret fault is on", async () => {
    await emulator.app.inject({ method: "POST", url: "/_emulator/faults", payload: { rejectAppSecret: true } });
    const res = await tokenRequest({ grant_type: "refresh_token", refresh_token: "dev-oa-refresh-token" });
    expect(res.json()).toMatchObject({ error: -14012 });
  });
});
