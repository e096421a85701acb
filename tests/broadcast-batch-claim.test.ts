import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countDeliveries } from "../bot/src/broadcasts/broadcast-progress.ts";
import { type BroadcastDeps, createBroadcast, getBroadcast } from "../bot/src/broadcasts/broadcasts-service.ts";
import { composeNoticeMessage } from "../bot/src/broadcasts/compose-notice-message.ts";
import { type Config, loadConfig } from "../bot/src/config.ts";
import type { PrismaClient } from "../bot/src/db.ts";
import { type SendCounts, sendBatch } from "../bot/src/jobs/broadcast.send-batch.ts";
import { recoverBroadcasts } from "../bot/src/jobs/cron.recover-broadcasts.ts";
import { startWorkers, type WorkerRuntime } from "../bot/src/worker-runtime.ts";
import { convertToZaloParts } from "../bot/src/zalo/convert-to-zalo-message.ts";
import { SharedRateLimiter } from "../bot/src/zalo/shared-rate-limiter.ts";
import { ZaloRateLimitError } from "../bot/src/zalo/zalo-errors.ts";
import { type SeededResident, seedResidents, sentCounts, waitFor } from "./support/broadcast-fixtures.ts";
import { testEnv } from "./support/test-app.ts";
import { createTestDatabase, type TestDatabase } from "./support/test-db.ts";
import { TEST_REDIS_URL } from "./support/test-env.ts";
import { type RunningEmulator, startZaloEmulator } from "./support/zalo-emulator.ts";

/**
 * The batch claim of the send lanes: two workers sharing one broadcast never send the same row (SKIP LOCKED splits
 * the QUEUED rows), rows a dead worker claimed and never settled are re-sent by recovery and counted as possible
 * repeats, and the tallies always equal what the rows say.
 */

let emu: RunningEmulator;
let db: TestDatabase;
let config: Config;
let prisma: PrismaClient;
let deps: BroadcastDeps;
const runtimes: WorkerRuntime[] = [];
const unitIds: Record<string, string> = {};

beforeAll(async () => {
  emu = await startZaloEmulator({ rateLimitPerMinute: 1_000_000 });
  db = await createTestDatabase("bc_batch_claim");
  config = loadConfig(
    testEnv({ DATABASE_URL: db.url, ...emu.env, QUIET_HOURS: "", ZALO_SEND_RATE_PER_MINUTE: "600000" }),
  );
  // Two workers in this process: separate connections, separate BullMQ workers, one database and one Redis prefix.
  for (let i = 0; i < 2; i++) {
    runtimes.push(
      await startWorkers({ config, queues: ["broadcast"], recurring: false, zalo: { requestTimeoutMs: 2_000 } }),
    );
  }
  const ctx = runtimes[0]?.ctx;
  if (!ctx) throw new Error("no worker");
  prisma = ctx.prisma;
  deps = { prisma, queues: ctx.queues, now: () => new Date() };
  for (const code of ["SPLIT", "DEAD", "SLOW"]) {
    unitIds[code] = (await prisma.unit.create({ data: { code, name: `Xã ${code}` } })).id;
  }
}, 60_000);

afterAll(async () => {
  await runtimes[0]?.ctx.queues.broadcast.obliterate({ force: true }).catch(() => undefined);
  for (const runtime of runtimes) await runtime.close();
  await emu.close();
  await db.drop();
});

/** The counts as the rows say them, the way they were counted before the tallies. */
async function countRows(broadcastId: string) {
  const rows = await prisma.broadcastDelivery.findMany({ where: { broadcastId } });
  const by = (match: (r: (typeof rows)[number]) => boolean) => rows.filter(match).length;
  return {
    queued: by((r) => r.status === "QUEUED" || r.status === "SENDING"),
    sent: by((r) => r.status === "SENT"),
    failed: by((r) => r.status === "FAILED"),
    skipped: by((r) => r.status === "SKIPPED"),
    outsideWindow: by((r) => r.status === "SKIPPED" && r.reason === "outside-window"),
    repeated: by((r) => r.repeated),
  };
}

async function expectTalliesEqualRows(broadcastId: string) {
  const tallied = await countDeliveries(prisma, broadcastId);
  const rows = await countRows(broadcastId);
  expect({
    queued: tallied.queued,
    sent: tallied.sent,
    failed: tallied.failed,
    skipped: tallied.skipped,
    outsideWindow: tallied.leftOut.outsideWindow,
    repeated: tallied.repeated,
  }).toEqual(rows);
}

/** A broadcast to one unit's residents, SENDING and fully planned since `at`, with no lane job: rows are the test's. */
function plannedBroadcast(b: { title: string; text: string; unitCode: string; total: number }, at: Date) {
  return prisma.broadcast.create({
    data: {
      title: b.title,
      text: b.text,
      audience: { kind: "residents", unitCodes: [b.unitCode] },
      status: "SENDING",
      sendAt: at,
      startedAt: at,
      plannedAt: at,
      total: b.total,
      planned: b.total,
    },
  });
}

describe("send lanes' batch claim", () => {
  it("two workers share a broadcast without ever sending one row twice, and the tallies equal the rows", async () => {
    const reachable = await seedResidents(prisma, emu, { count: 600, unitId: unitIds.SPLIT ?? "" });
    await seedResidents(prisma, emu, { count: 7, unitId: unitIds.SPLIT ?? "", shape: "outside-window" });
    emu.emulator.state.sent = [];
    emu.emulator.state.faults.latencyMs = 5;
    const { id } = await createBroadcast(
      deps,
      { title: "Chia việc", text: "Hai worker", audience: { kind: "residents", unitCodes: ["SPLIT"] } },
      null,
    );
    await waitFor(async () => (await getBroadcast(deps, id)).status === "done", 60_000, "broadcast done");
    emu.emulator.state.faults.latencyMs = 0;

    const counts = sentCounts(emu);
    for (const r of reachable) expect(counts.get(r.oaUserId), r.oaUserId).toBe(1);
    expect(emu.emulator.state.sent).toHaveLength(600);
    const b = await getBroadcast(deps, id);
    expect(b.total).toBe(607);
    expect(b.counts).toMatchObject({ queued: 0, sent: 600, failed: 0, skipped: 7 });
    expect(b.repeated).toBe(0);
    await expectTalliesEqualRows(id);
    // Each row was claimed exactly once.
    const reclaimed = await prisma.broadcastDelivery.count({ where: { broadcastId: id, attempts: { gt: 1 } } });
    expect(reclaimed).toBe(0);
  });

  it("rows a dead worker claimed and never settled are re-sent by recovery, counted as possible repeats", async () => {
    const residents: SeededResident[] = await seedResidents(prisma, emu, { count: 30, unitId: unitIds.DEAD ?? "" });
    emu.emulator.state.sent = [];
    // A broadcast fully planned, as a worker that died right after its claim left it: 12 rows SENDING (claimed,
    // attempt 1, never sent), 18 still QUEUED, and no lane job in Redis.
    const claimedAt = new Date(Date.now() - 120_000);
    const broadcast = await plannedBroadcast(
      { title: "Worker chết", text: "Gửi lại", unitCode: "DEAD", total: 30 },
      claimedAt,
    );
    await prisma.broadcastDelivery.createMany({
      data: residents.map((r, i) => ({
        broadcastId: broadcast.id,
        oaUserId: r.oaUserId,
        status: i < 12 ? ("SENDING" as const) : ("QUEUED" as const),
        attempts: i < 12 ? 1 : 0,
        updatedAt: claimedAt,
      })),
    });
    const ctx = runtimes[1]?.ctx;
    if (!ctx) throw new Error("no worker");
    const report = await recoverBroadcasts(ctx, { sendTimeoutMs: 60_000 });
    expect(report.resent).toBe(12);
    await waitFor(async () => (await getBroadcast(deps, broadcast.id)).status === "done", 30_000, "broadcast done");

    const counts = sentCounts(emu);
    for (const r of residents) expect(counts.get(r.oaUserId), r.oaUserId).toBe(1);
    const b = await getBroadcast(deps, broadcast.id);
    expect(b.counts).toMatchObject({ queued: 0, sent: 30, failed: 0, skipped: 0 });
    // The re-sent rows may have reached their recipient before the crash: each is counted.
    expect(b.repeated).toBe(12);
    await expectTalliesEqualRows(broadcast.id);
    // A second recovery finds nothing left to do.
    const again = await recoverBroadcasts(ctx, { sendTimeoutMs: 60_000 });
    expect(again).toMatchObject({ resent: 0, requeued: 0, replanned: 0 });
  });
});

describe("a claim's deadline", () => {
  it("a batch whose requests could not end before its claim expires sends nothing and puts its rows back", async () => {
    // A worker whose Zalo request timeout is longer than the claim itself (60 s): as a batch that waited out a
    // Redis restart on a loaded machine, it must not start a send that recovery may already have handed to another
    // worker. Its own queue prefix, so the other workers never see the rows.
    const slow = await startWorkers({
      config: { ...config, QUEUE_PREFIX: `${config.QUEUE_PREFIX}-slow` },
      queues: ["broadcast"],
      recurring: false,
      zalo: { requestTimeoutMs: 60_000 },
    });
    try {
      const residents = await seedResidents(prisma, emu, { count: 5, unitId: unitIds.SLOW ?? "" });
      emu.emulator.state.sent = [];
      const startedAt = new Date();
      const broadcast = await plannedBroadcast(
        { title: "Chậm", text: "Không kịp gửi", unitCode: "SLOW", total: 5 },
        startedAt,
      );
      await prisma.broadcastDelivery.createMany({
        data: residents.map((r) => ({ broadcastId: broadcast.id, oaUserId: r.oaUserId })),
      });
      const parts = convertToZaloParts([composeNoticeMessage({ ...broadcast, eventCode: null })]);
      const counts: SendCounts = { sent: 0, failed: 0, skipped: 0, requeued: 0 };
      expect(await sendBatch(slow.ctx, broadcast.id, parts, counts)).toBe(5);

      expect(counts).toEqual({ sent: 0, failed: 0, skipped: 0, requeued: 5 });
      expect(emu.emulator.state.sent).toHaveLength(0);
      const rows = await prisma.broadcastDelivery.findMany({ where: { broadcastId: broadcast.id } });
      for (const row of rows) {
        // Back in the queue after a backoff, with the attempt used, and not counted as a possible repeat.
        expect(row).toMatchObject({ status: "QUEUED", attempts: 1, repeated: false });
        expect(row.notBefore?.getTime()).toBeGreaterThan(startedAt.getTime());
      }
      await expectTalliesEqualRows(broadcast.id);
    } finally {
      await slow.ctx.queues.broadcast.obliterate({ force: true }).catch(() => undefined);
      await slow.close();
    }
  });
});

describe("shared rate limiter reservations", () => {
  it("reserves k consecutive slots in one call, one interval apart, and refuses while paused past the max wait", async () => {
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const keyPrefix = `test-limiter-${process.pid}-${Date.now()}`;
      const limiter = new SharedRateLimiter({ redis, keyPrefix, ratePerMinute: 6_000, maxWaitMs: 60_000 });
      const first = await limiter.reserve(5);
      expect(first).toHaveLength(5);
      for (let i = 1; i < first.length; i++) expect((first[i] ?? 0) - (first[i - 1] ?? 0)).toBeCloseTo(10, 6);
      // The next reservation starts where the last one ended: the schedule is shared. Read on Redis's schedule
      // itself: the slots' local times carry this process's event-loop delay on each reply, which a loaded machine
      // made larger on the first call than on the second (a 5 ms gap between slots 10 ms apart).
      const tatKey = `${keyPrefix}:tat`;
      const endOfFirst = Number(await redis.get(tatKey));
      const second = await limiter.reserve(2);
      expect(second).toHaveLength(2);
      expect(Number(await redis.get(tatKey))).toBeGreaterThanOrEqual(endOfFirst + 2 * 10 - 0.001);

      const paused = new SharedRateLimiter({ redis, keyPrefix, ratePerMinute: 6_000, maxWaitMs: 50 });
      await paused.pause(60_000);
      await expect(paused.reserve(3)).rejects.toBeInstanceOf(ZaloRateLimitError);
    } finally {
      redis.disconnect();
    }
  });
});
