import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HEARTBEAT_TTL_MS, heartbeatKey, startWorkerHeartbeat } from "../bot/src/worker-heartbeat.ts";
import { startWorkers, type WorkerRuntime } from "../bot/src/worker-runtime.ts";
import { createTestApp, type TestApp, testEnv } from "./support/test-app.ts";

/**
 * The worker container's health check (docker-compose.yml) checks that the worker really works: it beats only
 * while its queue workers run and PostgreSQL answers, and `check-worker-health.ts` reads that beat.
 */
const CHECK_SCRIPT = resolve(import.meta.dirname, "../bot/src/check-worker-health.ts");

let t: TestApp;
let runtime: WorkerRuntime;

beforeAll(async () => {
  t = await createTestApp();
  runtime = await startWorkers({ config: t.config, queues: ["cron"], recurring: false });
});
afterAll(async () => {
  await runtime.close();
  await t.close();
});

function runHealthCheck(): number | null {
  const env = testEnv({ DATABASE_URL: t.config.DATABASE_URL, QUEUE_PREFIX: t.config.QUEUE_PREFIX });
  const result = spawnSync(process.execPath, ["--import", "tsx", CHECK_SCRIPT], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 20_000,
  });
  return result.status;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("worker heartbeat and health check", () => {
  it("beats while the worker works, and the health check passes; fails once it stops", async () => {
    const key = heartbeatKey(t.config.QUEUE_PREFIX);
    expect(runHealthCheck()).toBe(1);

    const heartbeat = startWorkerHeartbeat(runtime, key, 50);
    await heartbeat.first;
    const ttl = await runtime.ctx.redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(HEARTBEAT_TTL_MS);
    expect(runHealthCheck()).toBe(0);

    // A queue worker that stopped (closed after an error, say) stops the beat although the process lives on.
    await runtime.workers[0]?.close();
    await sleep(300); // a beat already past its checks may still land; the next ones must not
    await runtime.ctx.redis.del(key);
    await sleep(300);
    expect(await runtime.ctx.redis.exists(key)).toBe(0);
    expect(runHealthCheck()).toBe(1);
    await heartbeat.stop();
  }, 60_000);
});
