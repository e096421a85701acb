import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BroadcastDeps, createBroadcast, getBroadcast } from "../bot/src/broadcasts/broadcasts-service.ts";
import { type Config, loadConfig } from "../bot/src/config.ts";
import { createPrisma, type PrismaClient } from "../bot/src/db.ts";
import { BROADCAST_SENDS_IN_FLIGHT_MAX } from "../bot/src/jobs/broadcast.send-batch.ts";
import { recoverBroadcasts } from "../bot/src/jobs/cron.recover-broadcasts.ts";
import { createQueues, type Queues } from "../bot/src/queues/queues.ts";
import { startWorkers, type WorkerRuntime } from "../bot/src/worker-runtime.ts";
import { type SeededResident, seedResidents, sentCounts, waitFor } from "./support/broadcast-fixtures.ts";
import { testEnv } from "./support/test-app.ts";
import { createTestDatabase, type TestDatabase } from "./support/test-db.ts";
import { TEST_REDIS_URL } from "./support/test-env.ts";
import { type RunningEmulator, startZaloEmulator } from "./support/zalo-emulator.ts";

/**
 * The two ways a broadcast loses its footing — a worker killed mid-send, and Redis losing every queued job — and
 * the recovery that must still end with one message per reachable recipient. The only repeats allowed are sends
 * that were on the wire at the kill (at most the killed worker's concurrency), and each is counted.
 */

const WORKER_SCRIPT = fileURLToPath(new URL("./support/broadcast-worker-process.ts", import.meta.url));
/** The most deliveries one worker process holds SENDING (its claimed batches): the most a kill can leave behind. */
const SENDS_IN_FLIGHT_MAX = BROADCAST_SENDS_IN_FLIGHT_MAX;
const RECIPIENTS = 1_500; // two audience pages

let emu: RunningEmulator;
let db: TestDatabase;
let config: Config;
let prisma: PrismaClient;
let producerRedis: Redis;
let queues: Queues;
let deps: BroadcastDeps;
let reachable: SeededResident[] = [];
const runtimes: WorkerRuntime[] = [];
const children: ChildProcess[] = [];

function spawnWorker(): Promise<ChildProcess> {
  const child = fork(WORKER_SCRIPT, [], {
    execArgv: ["--import", "tsx"],
    env: {
      ...process.env,
      ...testEnv({
        DATABASE_URL: config.DATABASE_URL,
        QUEUE_PREFIX: config.QUEUE_PREFIX,
        ...emu.env,
        QUIET_HOURS: "",
        ZALO_SEND_RATE_PER_MINUTE: "60000",
      }),
    },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once("message", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

/** A worker in this process whose clock runs `aheadMs` ahead, so rows the dead worker left SENDING look stale. */
async function startLocalWorker(aheadMs: number): Promise<WorkerRuntime> {
  const runtime = await startWorkers({
    config,
    queues: ["broadcast"],
    recurring: false,
    now: () => new Date(Date.now() + aheadMs),
    zalo: { requestTimeoutMs: 2_000 },
  });
  runtimes.push(runtime);
  return runtime;
}

/** FLUSHDB for this file only: every key under its queue prefix (other test files share the Redis). */
async function flushQueuePrefix(): Promise<number> {
  const redis = new Redis(TEST_REDIS_URL);
  let deleted = 0;
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${config.QUEUE_PREFIX}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== "0");
  redis.disconnect();
  return deleted;
}

beforeAll(async () => {
  emu = await startZaloEmulator({ rateLimitPerMinute: 1_000_000 });
  db = await createTestDatabase("bc_recovery");
  config = loadConfig(
    testEnv({ DATABASE_URL: db.url, ...emu.env, QUIET_HOURS: "", ZALO_SEND_RATE_PER_MINUTE: "60000" }),
  );
  prisma = createPrisma(config.DATABASE_URL);
  producerRedis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  queues = createQueues(producerRedis, config.QUEUE_PREFIX);
  deps = { prisma, queues, now: () => new Date() };
  const unit = await prisma.unit.create({ data: { code: "HOANG_DAO", name: "Xã Hoàng Đạo" } });
  reachable = await seedResidents(prisma, emu, { count: RECIPIENTS - 20, unitId: unit.id });
  await seedResidents(prisma, emu, { count: 20, unitId: unit.id, shape: "outside-window" });
}, 120_000);

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await queues.broadcast.obliterate({ force: true }).catch(() => undefined);
  for (const runtime of runtimes) await runtime.close();
  await Promise.all(Object.values(queues).map((q) => q.close()));
  producerRedis.disconnect();
  await prisma.$disconnect();
  await emu.close();
  await db.drop();
});

describe("broadcast recovery", () => {
  it("a worker killed mid-send, then Redis flushed mid-broadcast: every reachable resident still gets the notice once", async () => {
    // Slow sends keep a worker's full concurrency on the wire when it is killed.
    emu.emulator.state.faults.latencyMs = 60;
    const doomed = await spawnWorker();
    const { id } = await createBroadcast(
      deps,
      { title: "Thông báo", text: "Ngày hội chuyển đổi số", audience: { kind: "residents" } },
      null,
    );
    await waitFor(async () => (await getBroadcast(deps, id)).counts.sent >= 150, 60_000, "first sends");
    doomed.kill("SIGKILL");
    await new Promise((resolve) => doomed.once("exit", resolve));
    // The slow wire was only needed at the kill; the rest of the run need not crawl on a loaded CI machine.
    emu.emulator.state.faults.latencyMs = 0;
    const leftSending = await prisma.broadcastDelivery.count({ where: { broadcastId: id, status: "SENDING" } });
    expect(leftSending).toBeLessThanOrEqual(SENDS_IN_FLIGHT_MAX);

    // A second worker takes over. Its clock runs ahead by more than the send timeout, so the rows the dead
    // worker left SENDING are stale to it (in production, the timeout simply passes).
    const survivor = await startLocalWorker(120_000);
    const first = await recoverBroadcasts(survivor.ctx);
    expect(first.resent).toBe(leftSending);
    // Slow again until Redis is flushed: the batch lanes would otherwise finish the remaining 800 in under a
    // second, and the flush would land after the broadcast instead of in the middle of it.
    emu.emulator.state.faults.latencyMs = 300;
    await waitFor(async () => (await getBroadcast(deps, id)).counts.sent >= 700, 60_000, "more sends");

    // Redis loses everything: queued jobs, delayed retries, the planning cursor.
    expect((await getBroadcast(deps, id)).status).toBe("sending");
    expect(await flushQueuePrefix()).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = await recoverBroadcasts(survivor.ctx);
    expect(second.requeued + second.replanned).toBeGreaterThan(0);
    emu.emulator.state.faults.latencyMs = 0;

    // The recurring recover-broadcasts job runs every minute in production; here every 2 s.
    let lastRecovery = Date.now();
    await waitFor(
      async () => {
        if (Date.now() - lastRecovery > 2_000) {
          lastRecovery = Date.now();
          await recoverBroadcasts(survivor.ctx);
        }
        return (await getBroadcast(deps, id)).status === "done";
      },
      180_000,
      "broadcast done",
    );
    const b = await getBroadcast(deps, id);
    expect(b.total).toBe(RECIPIENTS);
    expect(b.counts).toMatchObject({ queued: 0, sent: RECIPIENTS - 20, failed: 0, skipped: 20 });

    const counts = sentCounts(emu);
    let extra = 0;
    for (const r of reachable) {
      const n = counts.get(r.oaUserId) ?? 0;
      expect(n, r.oaUserId).toBeGreaterThanOrEqual(1);
      extra += n - 1;
    }
    // Repeats only for sends that were in flight at the kill, and every one of them is counted.
    expect(extra).toBeLessThanOrEqual(leftSending);
    expect(b.repeated).toBeGreaterThanOrEqual(extra);
    expect(b.repeated).toBeLessThanOrEqual(SENDS_IN_FLIGHT_MAX);
  }, 360_000);
});
