import Fastify, { type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oaRedirectUri } from "../bot/src/config.ts";
import { OA_CALLBACK_PATH, OA_START_PATH, oaConnectRoutes } from "../bot/src/routes/oa-connect.ts";
import { type OaConnectDeps, startOaConnect } from "../bot/src/zalo/oa-oauth.ts";
import { OaTokenStore } from "../bot/src/zalo/oa-token-store.ts";
import { createTokenCipher } from "../bot/src/zalo/token-cipher.ts";
import { createTestApp, TEST_ZALO, type TestApp } from "./support/test-app.ts";
import { type RunningEmulator, startZaloEmulator } from "./support/zalo-emulator.ts";

/** Connecting the OA through the emulator's OAuth v4 consent page, with PKCE and a single-use state. */

let emu: RunningEmulator;
let t: TestApp;
let deps: OaConnectDeps;
let adminId: string;

beforeAll(async () => {
  emu = await startZaloEmulator({ registeredRedirectUri: `http://bot.local${OA_CALLBACK_PATH}` });
  t = await createTestApp(emu.env);
  // The app connects to Redis lazily and does not queue commands while offline.
  if (t.app.redis.status !== "ready") await new Promise((resolve) => t.app.redis.once("ready", resolve));
  adminId = (
    await t.app.prisma.member.create({
      data: { zaloId: "8000000000000000001", name: "Quản trị", role: "ORG_ADMIN", status: "ACTIVE" },
    })
  ).id;
  deps = {
    config: t.config,
    redis: t.app.redis,
    isActiveAdmin: async (id) => id === adminId,
    tokens: new OaTokenStore({
      config: t.config,
      prisma: t.app.prisma,
      redis: t.app.redis,
      log: pino({ level: "silent" }),
    }),
  };
});

afterAll(async () => {
  await t.close();
  await emu.close();
});

/** The admin's browser opens the start link: it gets the nonce cookie and is sent on to Zalo's permission URL. */
async function begin(): Promise<{ url: string; state: string; cookie: string }> {
  const { ticket, state } = await startOaConnect(deps, `http://bot.local${OA_CALLBACK_PATH}`, adminId);
  const start = await t.app.inject({ method: "GET", url: `${OA_START_PATH}?ticket=${ticket}` });
  expect(start.statusCode).toBe(302);
  const setCookie = String(start.headers["set-cookie"] ?? "");
  return { url: String(start.headers.location), state, cookie: setCookie.split(";")[0] ?? "" };
}

/** What the admin's browser does on the consent page: "Cho phép", then follow Zalo's redirect to our callback. */
async function consent(permissionUrl: string): Promise<URL> {
  const url = new URL(permissionUrl);
  expect(url.pathname).toBe("/oauth/v4/oa/permission");
  const allow = await fetch(`${emu.baseUrl}/oauth/v4/oa/permission/allow${url.search}`, { redirect: "manual" });
  expect(allow.status).toBe(302);
  return new URL(allow.headers.get("location") ?? "");
}

describe("OA connect (OAuth v4 + PKCE)", () => {
  it("builds the permission URL with an S256 challenge and a state, never the verifier", async () => {
    const { url, state } = await begin();
    const query = new URL(url).searchParams;
    expect(query.get("app_id")).toBe(TEST_ZALO.appId);
    expect(query.get("redirect_uri")).toBe(`http://bot.local${OA_CALLBACK_PATH}`);
    expect(query.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(query.get("state")).toBe(state);
    expect(await t.app.redis.ttl(`${t.config.QUEUE_PREFIX}:zalo:oa-connect:${state}`)).toBeGreaterThan(590);
  });

  it("stores the pair from the callback (encrypted) and answers 'Đã kết nối OA'; the state works once", async () => {
    const { url, cookie } = await begin();
    const back = await consent(url);
    expect(back.searchParams.get("oa_id")).toBe(TEST_ZALO.oaId);

    const response = await t.app.inject({
      method: "GET",
      url: `${OA_CALLBACK_PATH}${back.search}`,
      headers: { cookie },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/text\/html/);
    expect(response.body).toContain("Đã kết nối OA");

    const issued = emu.emulator.state.currentOaTokens();
    const row = await t.app.prisma.oaToken.findUniqueOrThrow({ where: { id: "oa" } });
    const cipher = createTokenCipher(t.config.SESSION_SECRET);
    expect(cipher.decrypt(row.accessTokenEnc, "access")).toBe(issued.accessToken);
    expect(cipher.decrypt(row.refreshTokenEnc, "refresh")).toBe(issued.refreshToken);
    expect(JSON.stringify(row)).not.toContain(issued.accessToken);

    const replay = await t.app.inject({ method: "GET", url: `${OA_CALLBACK_PATH}${back.search}`, headers: { cookie } });
    expect(replay.statusCode).toBe(400);
    expect(replay.body).toContain("hết hạn");
  });

  it("refuses a forged state and a callback for another OA without calling Zalo", async () => {
    const before = emu.calls.filter((c) => c.path === "/oauth/v4/oa/access_token").length;
    const forged = await t.app.inject({ method: "GET", url: `${OA_CALLBACK_PATH}?code=abc&state=made-up` });
    expect(forged.statusCode).toBe(400);

    const { url, cookie } = await begin();
    const back = await consent(url);
    back.searchParams.set("oa_id", "1111111111111111111");
    const wrongOa = await t.app.inject({
      method: "GET",
      url: `${OA_CALLBACK_PATH}${back.search}`,
      headers: { cookie },
    });
    expect(wrongOa.statusCode).toBe(400);
    expect(wrongOa.body).toContain("không phải OA");
    expect(emu.calls.filter((c) => c.path === "/oauth/v4/oa/access_token").length).toBe(before);
  });

  it("never starts the flow for an anonymous caller", async () => {
    // 404 while no admin guard is wired in buildApp, 401 once it is: never a permission URL.
    const response = await t.app.inject({ method: "POST", url: "/api/admin/oa/connect" });
    expect([401, 404]).toContain(response.statusCode);
  });
});

describe("POST /api/admin/oa/connect with a guard", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app.decorate("config", t.config);
    app.decorate("redis", t.app.redis);
    app.decorate("prisma", t.app.prisma);
    await app.register(oaConnectRoutes, {
      requireAdmin: async (request, reply) => {
        if (request.headers["x-test-admin"] !== "yes")
          return void (await reply.status(403).send({ code: "FORBIDDEN" }));
        request.auth = {
          session: { zaloId: "8000000000000000001", name: "", zaloAccessToken: null },
          member: { id: adminId },
        } as never;
      },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  it("answers the permission URL to an admin, with the configured callback as redirect_uri, whatever the Host", async () => {
    expect((await app.inject({ method: "POST", url: "/api/admin/oa/connect" })).statusCode).toBe(403);
    const response = await app.inject({
      method: "POST",
      url: "/api/admin/oa/connect",
      headers: { "x-test-admin": "yes", host: "attacker.example" },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ url: string; redirectUri: string }>();
    const expected = `${t.config.PUBLIC_URL}${OA_CALLBACK_PATH}`;
    expect(body.redirectUri).toBe(expected);
    // The API answers the single-use start link; opening it leads to Zalo's permission URL.
    const zaloUrl = async (startLink: string) => {
      const start = await app.inject({ method: "GET", url: startLink });
      expect(start.statusCode).toBe(302);
      return String(start.headers.location);
    };
    const first = await zaloUrl(body.url);
    expect(new URL(first).searchParams.get("redirect_uri")).toBe(expected);
    // A fresh PKCE challenge per request.
    const again = await app.inject({
      method: "POST",
      url: "/api/admin/oa/connect",
      headers: { "x-test-admin": "yes" },
    });
    const challenge = (u: string) => new URL(u).searchParams.get("code_challenge");
    expect(challenge(await zaloUrl(again.json<{ url: string }>().url))).not.toBe(challenge(first));
  });

  it("shows what to paste into the app's settings", async () => {
    const response = await app.inject({ url: "/api/admin/oa/settings", headers: { "x-test-admin": "yes" } });
    expect(response.json()).toMatchObject({
      redirectUri: `${t.config.PUBLIC_URL}${OA_CALLBACK_PATH}`,
      webhookUrl: `${t.config.PUBLIC_URL}/webhooks/zalo`,
    });
  });
});

describe("the redirect URI as registered", () => {
  it("uses ZALO_OAUTH_REDIRECT_URL when set, and the emulator refuses a redirect that was not registered", async () => {
    expect(oaRedirectUri({ PUBLIC_URL: "https://xks.example.vn", ZALO_OAUTH_REDIRECT_URL: undefined })).toBe(
      "https://xks.example.vn/oauth/zalo/callback",
    );
    expect(
      oaRedirectUri({ PUBLIC_URL: "https://xks.example.vn", ZALO_OAUTH_REDIRECT_URL: "https://auth.example.vn/cb" }),
    ).toBe("https://auth.example.vn/cb");
    const { url } = await startOaConnect(deps, "https://not-registered.example/oauth/zalo/callback", adminId);
    const page = await fetch(url);
    const html = await page.text();
    expect(html).toContain("-14003");
    expect(html).not.toContain("permission/allow");
  });
});
