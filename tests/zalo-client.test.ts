import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Config, loadConfig } from "../bot/src/config.ts";
import { createPrisma, type PrismaClient } from "../bot/src/db.ts";
import { convertToZaloParts } from "../bot/src/zalo/convert-to-zalo-message.ts";
import { OaTokenStore, REFRESH_BEFORE_EXPIRY_MS } from "../bot/src/zalo/oa-token-store.ts";
import { createTokenCipher } from "../bot/src/zalo/token-cipher.ts";
import { ZaloClient } from "../bot/src/zalo/zalo-client.ts";
import {
  ZaloOAuthError,
  ZaloPermanentError,
  ZaloRateLimitError,
  ZaloTransientError,
} from "../bot/src/zalo/zalo-errors.ts";
import type { FetchFn } from "../bot/src/zalo/zalo-http.ts";
import { TEST_ZALO, testEnv } from "./support/test-app.ts";
import { createTestDatabase, type TestDatabase } from "./support/test-db.ts";
import { type RunningEmulator, startZaloEmulator } from "./support/zalo-emulator.ts";

/**
 * The Zalo client and token store against the emulator, real PostgreSQL and Redis. Two "processes" (each its own
 * Prisma pool, Redis connection, token store and client) share one database and Redis, as two workers would.
 */

const silent = pino({ level: "silent" });

interface Process {
  prisma: PrismaClient;
  redis: Redis;
  tokens: OaTokenStore;
  client: ZaloClient;
}

let emu: RunningEmulator;
let db: TestDatabase;
let config: Config;
const processes: Process[] = [];
/** Tokens the product put on the wire that were not yet stored in PostgreSQL at that moment ("stored before use"). */
const usedBeforeStored: string[] = [];
const everStored = new Set<string>();

function openProcess(
  overrides: Partial<Config> = {},
  clientOptions: Partial<ConstructorParameters<typeof ZaloClient>[0]> = {},
): Process {
  const cfg = { ...config, ...overrides };
  const prisma = createPrisma(cfg.DATABASE_URL);
  const redis = new Redis(cfg.REDIS_URL, { maxRetriesPerRequest: 2 });
  const cipher = createTokenCipher(cfg.SESSION_SECRET);
  // Checks, for every OA call, that the access token on the wire is the stored one (or the seed from env).
  const checkingFetch: FetchFn = async (input, init) => {
    const token = new Headers(init?.headers).get("access_token");
    if (token) {
      const row = await prisma.oaToken.findUnique({ where: { id: "oa" } });
      const stored = row ? cipher.decrypt(row.accessTokenEnc, "access") : null;
      if (stored) everStored.add(stored);
      // A token that was stored earlier and since replaced may still be in flight; one never stored must not be.
      if (!everStored.has(token) && token !== TEST_ZALO.accessToken) usedBeforeStored.push(token.slice(0, 6));
    }
    return fetch(input, init);
  };
  const tokens = new OaTokenStore({ config: cfg, prisma, redis, log: silent, fetch: checkingFetch });
  const client = new ZaloClient({
    config: cfg,
    tokens,
    redis,
    log: silent,
    fetch: checkingFetch,
    rateLimitPauseMs: 1_500,
    rateLimitMaxWaitMs: 500,
    requestTimeoutMs: 5_000,
    ...clientOptions,
  });
  const p = { prisma, redis, tokens, client };
  processes.push(p);
  return p;
}

let a: Process;
let b: Process;

beforeAll(async () => {
  emu = await startZaloEmulator();
  db = await createTestDatabase("zalo_client");
  config = loadConfig(testEnv({ DATABASE_URL: db.url, ...emu.env }));
  a = openProcess();
  b = openProcess();
});

afterAll(async () => {
  for (const p of processes) {
    const keys = await p.redis.keys(`${config.QUEUE_PREFIX}:*`);
    if (keys.length > 0) await p.redis.del(...keys);
    p.redis.disconnect();
    await p.prisma.$disconnect();
  }
  await emu.close();
  await db.drop();
});

beforeEach(() => emu.clearFaults());

const oauthCalls = () => emu.calls.filter((c) => c.path === "/oauth/v4/oa/access_token").length;
const sendCalls = () => emu.calls.filter((c) => c.path === "/openapi/v3.0/oa/message/cs").length;

describe("OA token store", () => {
  it("seeds the pair from the environment, encrypted: the database never holds the plaintext", async () => {
    const token = await a.tokens.getAccessToken();
    expect(token).toEqual({ token: TEST_ZALO.accessToken, version: 1 });
    const rows = await a.prisma.$queryRawUnsafe<unknown[]>(`SELECT * FROM "OaToken"`);
    const dump = JSON.stringify(rows);
    expect(rows).toHaveLength(1);
    expect(dump).not.toContain(TEST_ZALO.accessToken);
    expect(dump).not.toContain(TEST_ZALO.refreshToken);
    expect(dump).toMatch(/"accessTokenEnc":"v1\./);
  });

  it("refreshIfDue does nothing while the token is young, and refreshes ~20 h into its 25", async () => {
    // The seeded token is an hour old: its refresh falls due an hour before a token issued now would. (Were it
    // seeded this very second, a token refreshed within 1 s would be due at the same instant and refresh again.)
    const row = await a.prisma.oaToken.update({
      where: { id: "oa" },
      data: { accessExpiresAt: new Date(Date.now() + 24 * 3_600_000) },
    });
    const before = oauthCalls();
    expect(await a.tokens.refreshIfDue(new Date())).toBe(false);
    expect(oauthCalls()).toBe(before);

    const due = new Date(row.accessExpiresAt.getTime() - REFRESH_BEFORE_EXPIRY_MS + 1_000);
    // Both processes' cron runs fire at once: one refreshes. The other either read the old pair and answers true
    // (renewed by the winner) or, when it read after the winner's write, finds a young token and answers false.
    await b.prisma.oaToken.findUniqueOrThrow({ where: { id: "oa" } }); // b's pool is connected, like a's
    const results = await Promise.all([a.tokens.refreshIfDue(due), b.tokens.refreshIfDue(due)]);
    expect(results).toContain(true);
    expect(oauthCalls()).toBe(before + 1);
    const after = await a.prisma.oaToken.findUniqueOrThrow({ where: { id: "oa" } });
    expect(after.version).toBe(row.version + 1);
    expect(createTokenCipher(config.SESSION_SECRET).decrypt(after.accessTokenEnc, "access")).toBe(
      emu.emulator.state.currentOaTokens().accessToken,
    );
  });
});

describe("sendConsultationMessage", () => {
  it("sends a text with the bare access_token header and answers Zalo's message id", async () => {
    const resident = emu.reachableResident();
    const sent = await a.client.sendConsultationMessage(resident.userId, { text: "Xin chào!" });
    expect(sent.messageId).toMatch(/\w+/);
    expect(emu.emulator.state.sent.at(-1)).toMatchObject({
      messageId: sent.messageId,
      userId: resident.userId,
      text: "Xin chào!",
    });
  });

  it("on -216/-220 refreshes once across processes, even with concurrent sends, and stores the pair before using it", async () => {
    const resident = emu.reachableResident();
    // Both processes hold the current token in their cache.
    await a.client.sendConsultationMessage(resident.userId, { text: "warm a" });
    await b.client.sendConsultationMessage(resident.userId, { text: "warm b" });
    const versionBefore = (await a.prisma.oaToken.findUniqueOrThrow({ where: { id: "oa" } })).version;
    const oauthBefore = oauthCalls();
    emu.emulator.state.expireAccessToken();

    const sends = Array.from({ length: 12 }, (_, i) =>
      (i % 2 === 0 ? a : b).client.sendConsultationMessage(resident.userId, { text: `tin ${i}` }),
    );
    const results = await Promise.all(sends);
    expect(results.every((r) => r.messageId.length > 0)).toBe(true);
    expect(oauthCalls()).toBe(oauthBefore + 1);
    const row = await a.prisma.oaToken.findUniqueOrThrow({ where: { id: "oa" } });
    expect(row.version).toBe(versionBefore + 1);
    expect(usedBeforeStored).toEqual([]);
  });

  it("picks up a pair another process refreshed without spending the refresh token again", async () => {
    const resident = emu.reachableResident();
    await a.client.sendConsultationMessage(resident.userId, { text: "warm" });
    const oauthBefore = oauthCalls();
    // Process b refreshes; a still has the old token cached and gets -220 (the emulator revokes superseded tokens).
    const row = await b.prisma.oaToken.findUniqueOrThrow({ where: { id: "oa" } });
    await b.tokens.refreshTokens({ reason: "rejected", failedVersion: row.version });
    expect(oauthCalls()).toBe(oauthBefore + 1);
    await a.client.sendConsultationMessage(resident.userId, { text: "after b refreshed" });
    expect(oauthCalls()).toBe(oauthBefore + 1);
  });

  it("-230 (window closed) and -213 (not following) are permanent and sent once", async () => {
    const silentResident = emu.reachableResident();
    emu.emulator.state.closeWindowFor(silentResident);
    const before = sendCalls();
    const closed = await a.client.sendConsultationMessage(silentResident.userId, { text: "x" }).catch((e) => e);
    expect(closed).toBeInstanceOf(ZaloPermanentError);
    expect(closed).toMatchObject({ code: -230, reason: "window_closed" });
    expect(sendCalls()).toBe(before + 1);

    // A non-follower who wrote recently: reachable under the documented rule, -213 under the follow-only switch.
    const stranger = emu.emulator.state.createResident("Chưa quan tâm");
    emu.emulator.state.recordInteraction(stranger);
    expect(await a.client.sendConsultationMessage(stranger.userId, { text: "x" })).toMatchObject({
      messageId: expect.any(String),
    });
    emu.emulator.state.rules.csRequiresFollow = true;
    try {
      const notFollowing = await a.client.sendConsultationMessage(stranger.userId, { text: "x" }).catch((e) => e);
      expect(notFollowing).toMatchObject({ code: -213, reason: "not_follower" });
    } finally {
      emu.emulator.state.rules.csRequiresFollow = false;
    }
  });

  it("sends a refused shape again as plain text, remembers it for every process, and leaves plain text alone", async () => {
    const resident = emu.reachableResident();
    const [part] = convertToZaloParts([
      { text: "Chọn một", buttons: [{ kind: "reply", title: "Xong", payload: "Xong" }] },
    ]);
    if (!part) throw new Error("no part");
    emu.emulator.state.faults.refuseButtons = true;
    try {
      const before = sendCalls();
      expect(await a.client.sendPart(resident.userId, part)).toMatchObject({ numbered: true });
      expect(sendCalls()).toBe(before + 2); // refused once, then the plain text
      expect(emu.emulator.state.sent.at(-1)?.text).toBe("Chọn một\n\nNhắn số để chọn:\n1. Xong");
      // Another process learns it from Redis and goes straight to plain text.
      const other = openProcess();
      const again = sendCalls();
      expect(await other.client.sendPart(resident.userId, part)).toMatchObject({ numbered: true });
      expect(sendCalls()).toBe(again + 1);
    } finally {
      emu.emulator.state.faults.refuseButtons = false;
      await a.client.downgrades.clear();
    }
    // A plain text refused for its shape has nothing simpler to fall back to: the error is the caller's.
    const [plain] = convertToZaloParts([{ text: "x" }]);
    if (!plain) throw new Error("no part");
    expect(await a.client.sendPart("1111111111111111111", plain).catch((e) => e)).toMatchObject({ code: -213 });
  });

  it("HTTP 5xx, a dropped connection and a timeout are transient", async () => {
    const resident = emu.reachableResident();
    emu.emulator.state.faults.fail5xx = 1;
    const bad = await a.client.sendConsultationMessage(resident.userId, { text: "x" }).catch((e) => e);
    expect(bad).toBeInstanceOf(ZaloTransientError);
    expect(bad).toMatchObject({ httpStatus: 502 });

    emu.emulator.state.faults.failNetwork = 1;
    expect(await a.client.sendConsultationMessage(resident.userId, { text: "x" }).catch((e) => e)).toBeInstanceOf(
      ZaloTransientError,
    );

    const impatient = openProcess({}, { requestTimeoutMs: 300 });
    await impatient.tokens.getAccessToken();
    emu.emulator.state.faults.latencyMs = 800;
    const slow = await impatient.client.sendConsultationMessage(resident.userId, { text: "x" }).catch((e) => e);
    expect(slow).toBeInstanceOf(ZaloTransientError);
    expect(slow.message).toMatch(/within 300 ms/);
    emu.emulator.state.faults.latencyMs = 0;
    await expect(a.client.sendConsultationMessage(resident.userId, { text: "ok" })).resolves.toBeTruthy();
  });

  it("-32 pauses every process: the other one is held back until the pause ends", async () => {
    const resident = emu.reachableResident();
    emu.emulator.state.faults.rateLimitPerMinute = 0;
    const limited = await a.client.sendConsultationMessage(resident.userId, { text: "x" }).catch((e) => e);
    expect(limited).toBeInstanceOf(ZaloRateLimitError);
    expect(limited.code).toBe(-32);
    emu.emulator.state.faults.rateLimitPerMinute = 4000;

    // b never saw the -32, but the shared pause (1.5 s) is longer than its 0.5 s wait budget: no call is made.
    const before = sendCalls();
    const held = await b.client.sendConsultationMessage(resident.userId, { text: "x" }).catch((e) => e);
    expect(held).toBeInstanceOf(ZaloRateLimitError);
    expect(held.code).toBeNull();
    expect(sendCalls()).toBe(before);

    // A process that may wait long enough goes through once the pause is over.
    const patient = openProcess({}, { rateLimitMaxWaitMs: 5_000 });
    const started = Date.now();
    await patient.client.sendConsultationMessage(resident.userId, { text: "after the pause" });
    expect(Date.now() - started).toBeGreaterThan(500);
  });

  it("paces every process together at ZALO_SEND_RATE_PER_MINUTE", async () => {
    const resident = emu.reachableResident();
    // Its own key space and a rate of 600/min: one call every 100 ms across both processes.
    const prefix = `${config.QUEUE_PREFIX}-pace`;
    const p1 = openProcess({ QUEUE_PREFIX: prefix, ZALO_SEND_RATE_PER_MINUTE: 600 }, { rateLimitMaxWaitMs: 5_000 });
    const p2 = openProcess({ QUEUE_PREFIX: prefix, ZALO_SEND_RATE_PER_MINUTE: 600 }, { rateLimitMaxWaitMs: 5_000 });
    const from = emu.calls.length;
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? p1 : p2).client.sendConsultationMessage(resident.userId, { text: `p${i}` }),
      ),
    );
    const times = emu.calls
      .slice(from)
      .filter((c) => c.path === "/openapi/v3.0/oa/message/cs")
      .map((c) => c.at);
    expect(times).toHaveLength(8);
    // 8 calls at 100 ms spacing span at least ~700 ms (a little slack for timer jitter).
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(650);
    for (const p of [p1, p2]) await p.redis.del(`${prefix}:zalo:${config.ZALO_APP_ID}:rate:tat`);
  });

  it("a refused refresh raises one TOKEN_REFRESH_FAILED alert and fails the send (no token value in it)", async () => {
    const resident = emu.reachableResident();
    // Someone else spent the stored refresh token (e.g. a second deployment): ours is now dead at Zalo.
    emu.emulator.state.issueOaTokenPair();
    const failed = await a.client.sendConsultationMessage(resident.userId, { text: "x" }).catch((e) => e);
    expect(failed).toBeInstanceOf(ZaloOAuthError);
    const again = await b.client.sendConsultationMessage(resident.userId, { text: "x" }).catch((e) => e);
    expect(again).toBeInstanceOf(ZaloOAuthError);
    const alerts = await a.prisma.alert.findMany({ where: { kind: "TOKEN_REFRESH_FAILED", resolvedAt: null } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.message).toMatch(/kết nối lại OA/);
  });
});

describe("getUserDetail", () => {
  it("reads profile, follower flag and last interaction date", async () => {
    // The previous test left a dead pair: store the emulator's current one as an OAuth connect would.
    const current = emu.emulator.state.issueOaTokenPair();
    await a.tokens.storeTokensFromOAuth({ ...current, accessExpiresInSeconds: 90_000 });
    expect(await a.prisma.alert.count({ where: { kind: "TOKEN_REFRESH_FAILED", resolvedAt: null } })).toBe(0);

    const resident = emu.reachableResident("Phạm Thị Mai");
    const detail = await b.client.getUserDetail(resident.userId);
    expect(detail).toMatchObject({
      userId: resident.userId,
      displayName: "Phạm Thị Mai",
      isFollower: true,
      userIdByApp: resident.userIdByApp,
    });
    expect(detail.lastInteractionDate).toMatch(/^\d\d\/\d\d\/\d{4}$/);
  });
});
