import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../bot/src/app.ts";
import { type Config, loadConfig } from "../../bot/src/config.ts";
import { computeZaloMac } from "../../bot/src/zalo/verify-zalo-signature.ts";
import { createTestDatabase, type TestDatabase } from "./test-db.ts";
import { TEST_REDIS_URL } from "./test-env.ts";

/** The development defaults, shared by the emulator: tests talk to an in-process emulator with the same values. */
export const TEST_ZALO = {
  appId: "1234567890123456789",
  appSecret: "dev-app-secret-xks",
  oaId: "4321098765432109876",
  oaSecretKey: "dev-oa-secret-key-xks",
  accessToken: "dev-oa-access-token",
  refreshToken: "dev-oa-refresh-token",
} as const;

export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/unused",
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: `test-${randomBytes(4).toString("hex")}`,
    SESSION_SECRET: "test-session-secret-0123456789abcdef",
    ZALO_APP_ID: TEST_ZALO.appId,
    ZALO_APP_SECRET: TEST_ZALO.appSecret,
    ZALO_OA_ID: TEST_ZALO.oaId,
    ZALO_OA_SECRET_KEY: TEST_ZALO.oaSecretKey,
    ZALO_OA_ACCESS_TOKEN: TEST_ZALO.accessToken,
    ZALO_OA_REFRESH_TOKEN: TEST_ZALO.refreshToken,
    ADMIN_ZALO_IDS: "8000000000000000001",
    ...overrides,
  };
}

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  db: TestDatabase;
  close(): Promise<void>;
}

/** The real app on its own fresh database and queue prefix. */
export async function createTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase("app");
  const config = loadConfig(testEnv({ DATABASE_URL: db.url, ...overrides }));
  const app = await buildApp({ config, logger: false });
  await app.ready();
  return {
    app,
    config,
    db,
    close: async () => {
      // Remove this file's queues from the shared Redis before closing.
      if (app.redis.status === "ready") {
        await Promise.all(Object.values(app.queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
      }
      await app.close();
      await db.drop();
    },
  };
}

/** Signs a webhook body exactly as Zalo does (X-ZEvent-Signature over the raw bytes). */
export function signedWebhook(body: object, secret: string = TEST_ZALO.oaSecretKey) {
  const payload = JSON.stringify(body);
  const timestamp = (body as { timestamp?: unknown }).timestamp;
  const mac = computeZaloMac(TEST_ZALO.appId, payload, String(timestamp ?? ""), secret);
  return {
    method: "POST" as const,
    url: "/webhooks/zalo",
    headers: { "content-type": "application/json", "x-zevent-signature": `mac=${mac}` },
    payload,
  };
}
