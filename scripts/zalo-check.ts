// `npm run zalo:check` (or `npm run zalo:check -- --dev` against `npm run dev`): checks the OA token, its expiry, the
// refresh token, the app id/secret pair, the webhook URL and the webhook events' signatures with the configured URLs,
// and prints what to fix. Exit code 1 when any check fails. Output is English: it is for the operator who configures
// the server.
import { Redis } from "ioredis";
import { ConfigError, loadConfig } from "../bot/src/config.ts";
import { createPrisma } from "../bot/src/db.ts";
import { checkZaloSetup } from "../bot/src/zalo/check-zalo-setup.ts";
import { devCheckEnv } from "./dev-env.ts";

const REDIS_TIMEOUT_MS = 3_000;

const env = process.argv.includes("--dev") ? devCheckEnv(process.env) : process.env;

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n(Against \`npm run dev\`: npm run zalo:check -- --dev)\n`);
  process.exit(1);
}

const prisma = createPrisma(config.DATABASE_URL);
const redis = new Redis(config.REDIS_URL, {
  maxRetriesPerRequest: 1,
  connectTimeout: REDIS_TIMEOUT_MS,
  lazyConnect: true,
});
redis.on("error", () => undefined);
const redisUp = await redis.connect().then(
  () => true,
  () => false,
);
const checks = await checkZaloSetup({ config, prisma, redis: redisUp ? redis : null });
await prisma.$disconnect().catch(() => undefined);
redis.disconnect();
const mark = { ok: "✔", warn: "!", fail: "✘" } as const;
for (const check of checks) process.stdout.write(`${mark[check.status]} ${check.name}: ${check.message}\n`);
const failed = checks.filter((c) => c.status === "fail").length;
process.stdout.write(failed ? `\n${failed} check(s) failed.\n` : "\nReady for Zalo.\n");
process.exit(failed ? 1 : 0);
