import Fastify, { type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OA_CALLBACK_PATH, oaConnectRoutes } from "../bot/src/routes/oa-connect.ts";
import { type OaConnectDeps, startOaConnect } from "../bot/src/zalo/oa-oauth.ts";
import { OaTokenStore } from "../bot/src/zalo/oa-token-store.ts";
import { createTokenCipher } from "../bot/src/zalo/token-cipher.ts";
import { createTestApp, TEST_ZALO, type TestApp } from "./support/test-app.ts";
import { type RunningEmulator, startZaloEmulator } from "./support/zalo-emulator.ts";

/** Connecting the OA through the emulator's OAuth v4 consent page, with PKCE and a single-use state. */

let emu: RunningEmulator;
let t: TestApp;
let deps: OaConnectDeps;

beforeAll(async () => {
  emu = await startZaloEmulator();
  t = await createTestApp(emu.env);
  // The app connects to Redis lazily and does not queue commands while offline.
  if (t.app.redis.status !== "ready") await new Promise((resolve) => t.app.redis.once("ready", resolve));
  deps = {
    config: t.config,
    redis: t.app.redis,
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
    const { url, state } = await startOaConnect(deps, `http://bot.local${OA_CALLBACK_PATH}`);
    const query = new URL(url).searchParams;
    expect(query.get("app_id")).toBe(TEST_ZALO.appId);
    expect(query.get("redirect_uri")).toBe(`http://bot.local${OA_CALLBACK_PATH}`);
    expect(query.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(query.get("state")).toBe(state);
    expect(await t.app.redis.ttl(`${t.config.QUEUE_PREFIX}:zalo:oa-connect:${state}`)).toBeGreaterThan(590);
  });

  it("stores the pair from the callback (encrypted) and answers 'Đã kết nối OA'; the state works once", async () => {
    const { url } = await startOaConnect(deps, `http://bot.local${OA_CALLBACK_PATH}`);
    const back = await consent(url);
    expect(back.searchParams.get("oa_id")).toBe(TEST_ZALO.oaId);

    const response = await t.app.inject({ method: "GET", url: `${OA_CALLBACK_PATH}${back.search}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/text\/html/);
    expect(response.body).toContain("Đã kết nối OA");

    const issued = emu.emulator.state.currentOaTokens();
    const row = await t.app.prisma.oaToken.findUniqueOrThrow({ where: { id: "oa" } });
    const cipher = createTokenCipher(t.config.SESSION_SECRET);
    expect(cipher.decrypt(row.accessTokenEnc, "access")).toBe(issued.accessToken);
    expect(cipher.decrypt(row.refreshTokenEnc, "refresh")).toBe(issued.refreshToken);
    expect(JSON.stringify(row)).not.toContain(issued.accessToken);

    const replay = await t.app.inject({ method: "GET", url: `${OA_CALLBACK_PATH}${back.search}` });
    expect(replay.statusCode).toBe(400);
    expect(replay.body).toContain("hết hạn");
  });

  it("refuses a forged state and a callback for another OA without calling Zalo", async () => {
    const before = emu.calls.filter((c) => c.path === "/oauth/v4/oa/access_token").length;
    const forged = await t.app.inject({ method: "GET", url: `${OA_CALLBACK_PATH}?code=abc&state=made-up` });
    expect(forged.statusCode).toBe(400);

    const { url } = await startOaConnect(deps, `http://bot.local${OA_CALLBACK_PATH}`);
    const back = await consent(url);
    back.searchParams.set("oa_id", "1111111111111111111");
    const wrongOa = await t.app.inject({ method: "GET", url: `${OA_CALLBACK_PATH}${back.search}` });
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
        if (request.headers["x-test-admin"] !== "yes") await reply.status(403).send({ code: "FORBIDDEN" });
      },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  it("answers the permission URL to an admin, with our callback as redirect_uri", async () => {
    expect((await app.inject({ method: "POST", url: "/api/admin/oa/connect" })).statusCode).toBe(403);
    const response = await app.inject({
      method: "POST",
      url: "/api/admin/oa/connect",
      headers: { "x-test-admin": "yes", host: "bot.example.vn" },
    });
    expect(response.statusCode).toBe(200);
    const url = new URL(response.json<{ url: string }>().url);
    expect(url.searchParams.get("redirect_uri")).toBe(`http://bot.example.vn${OA_CALLBACK_PATH}`);
  });
});
