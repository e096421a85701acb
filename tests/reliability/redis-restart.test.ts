import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBroadcast, getBroadcast } from "../../bot/src/broadcasts/broadcasts-service.ts";
import { seedResidents, sentCounts, waitFor } from "../support/broadcast-fixtures.ts";
import {
  accountConversation,
  createCommune,
  createResidents,
  type Product,
  readiness,
  recordAccount,
  sendTraffic,
  sleep,
  startProduct,
  waitForConversationSettled,
} from "./support/fault-harness.ts";
import { faultServicesFromEnv, killRedis, startRedis } from "./support/fault-services.ts";

/**
 * Redis keeps nothing on disk: a restart loses every queued job, every retry, the recurring schedules and the
 * locks. PostgreSQL holds the truth, and the recover-* jobs must bring everything back without restarting the
 * server or the worker.
 */

const services = faultServicesFromEnv();
const REDIS_DOWN_MS = 1_500;
let p: Product;
let worker: ChildProcess;

beforeAll(async () => {
  p = await startProduct("redis_restart");
  worker = await p.spawnWorker();
});
afterAll(async () => {
  await p?.close();
});

describe("Redis restarted", () => {
  it("during webhook traffic: every event stored, answered once", async () => {
    const residents = createResidents(p, 15);
    const perResident = 4;
    const total = residents.length * perResident;
    let readyWhileDown: Awaited<ReturnType<typeof readiness>> | undefined;
    let restartedAt = 0;
    let restarted: Promise<void> | undefined;
    const accountAtRestart: { processed?: number } = {};
    await sendTraffic(p, residents, perResident, 40, async (sent) => {
      if (sent !== Math.floor(total / 3)) return;
      accountAtRestart.processed = (await accountConversation(p, residents)).processed;
      await killRedis(services);
      // Traffic goes on while Redis is away: the webhook stores and answers 200 (it never needed Redis for that); the
      // worker's relay queues what it could not as soon as Redis is back (its sweep), recovery after that.
      setTimeout(() => {
        readiness(p).then((r) => {
          readyWhileDown = r;
        });
      }, 100);
      restarted = sleep(REDIS_DOWN_MS)
        .then(() => startRedis(services))
        .then(() => {
          restartedAt = Date.now();
        });
    });
    await restarted;
    const account = await waitForConversationSettled(p, residents, total, 90_000);
    const recoveryMs = Date.now() - restartedAt;

    recordAccount("redis restarted during webhook traffic", {
      ...account,
      processedBeforeRestart: accountAtRestart.processed,
      redisDownMs: REDIS_DOWN_MS,
      recoveryMs,
    });
    expect(readyWhileDown).toEqual({ status: 503, failing: ["redis"] });
    expect(await readiness(p)).toEqual({ status: 200, failing: [] });
    expect(account).toMatchObject({
      eventsPosted: total,
      // Redis down is no reason to make Zalo redeliver: the event is stored. (Attempts the loaded machine could
      // not answer within 2 s are redelivered and recognised: counted in the account, not an error.)
      refusedWithHttpError: 0,
      eventsUndelivered: 0,
      stored: total,
      processed: total,
      replyRows: total,
      repliesSent: total,
      repeats: 0,
    });
    expect(account.messagesAtZalo).toBe(account.messagesRecorded);
    expect(account.echoesStored).toBe(account.echoesPosted);
  });

  it("during a broadcast: every reachable resident gets the notice exactly once", async () => {
    const unit = await createCommune(p, "Xã Hoằng Đạo");
    const recipients = 400;
    const reachable = await seedResidents(p.prisma, p.emu, { count: recipients - 10, unitId: unit.id });
    await seedResidents(p.prisma, p.emu, { count: 10, unitId: unit.id, shape: "outside-window" });
    p.emu.emulator.state.faults.latencyMs = 40; // keeps the broadcast on the wire long enough to be cut
    const before = p.emu.emulator.state.sent.length;
    const { id } = await createBroadcast(
      p.deps,
      {
        title: "Thông báo",
        text: "Ngày hội chuyển đổi số tại nhà văn hóa thôn",
        audience: { kind: "residents", unitCodes: [unit.code] },
      },
      null,
    );
    await waitFor(async () => (await getBroadcast(p.deps, id)).counts.sent >= 80, 60_000, "first sends");
    const sentAtRestart = (await getBroadcast(p.deps, id)).counts.sent;
    await killRedis(services);
    await sleep(REDIS_DOWN_MS);
    await startRedis(services);
    const restartedAt = Date.now();
    p.emu.emulator.state.faults.latencyMs = 0;
    await waitFor(async () => (await getBroadcast(p.deps, id)).status === "done", 120_000, "broadcast done");
    const recoveryMs = Date.now() - restartedAt;

    const b = await getBroadcast(p.deps, id);
    const sentAtZalo = p.emu.emulator.state.sent.length - before;
    recordAccount("redis restarted during a broadcast", {
      recipients,
      sentBeforeRestart: sentAtRestart,
      sent: b.counts.sent,
      skipped: b.counts.skipped,
      sentAtZalo,
      repeats: sentAtZalo - b.counts.sent,
      redisDownMs: REDIS_DOWN_MS,
      recoveryMs,
    });
    expect(b.total).toBe(recipients);
    expect(b.counts).toMatchObject({ queued: 0, sent: recipients - 10, failed: 0, skipped: 10, sentPaid: 0 });
    const counts = sentCounts(p.emu);
    const perResident = reachable.map((r) => counts.get(r.oaUserId) ?? 0);
    expect(perResident.filter((n) => n !== 1)).toEqual([]);
    // The kill of Redis is not a kill of the worker: a send on the wire finishes and is recorded, none repeats.
    expect(sentAtZalo).toBe(b.counts.sent);
    expect(b.repeated).toBe(0);
    expect(worker.exitCode).toBeNull();
  });
});
