import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBroadcast, getBroadcast } from "../../bot/src/broadcasts/broadcasts-service.ts";
import { BROADCAST_SENDS_IN_FLIGHT_MAX } from "../../bot/src/jobs/broadcast.send-batch.ts";
import { seedResidents, sentCounts, waitFor } from "../support/broadcast-fixtures.ts";
import {
  accountConversation,
  createCommune,
  createResidents,
  type Product,
  recordAccount,
  sendTraffic,
  startProduct,
  waitForConversationSettled,
} from "./support/fault-harness.ts";

/**
 * A worker host dies (SIGKILL: no graceful shutdown, its transactions roll back, its HTTP requests are cut) and a
 * new worker takes over. The only repeats allowed are sends that were on the wire at the kill: Zalo's send API has
 * no idempotency key. They are counted, never more than the dead worker's concurrency.
 */

/**
 * The most sends one worker has in flight: the outbound queue's concurrency (worker-runtime.ts), and the broadcast
 * rows one process holds claimed (broadcast.send-batch.ts).
 */
const OUTBOUND_IN_FLIGHT_MAX = 8;
const BROADCAST_IN_FLIGHT_MAX = BROADCAST_SENDS_IN_FLIGHT_MAX;

let p: Product;

beforeAll(async () => {
  p = await startProduct("worker_kill");
});
afterAll(async () => {
  await p?.close();
});

describe("a worker killed with SIGKILL", () => {
  it("mid-conversation: every event answered, repeats only for sends on the wire", async () => {
    const doomed = await p.spawnWorker();
    const residents = createResidents(p, 12);
    const perResident = 4;
    const total = residents.length * perResident;
    // Slow sends keep several replies on the wire when the worker dies.
    p.emu.emulator.state.faults.latencyMs = 250;
    let killedAt = 0;
    let atKill: Awaited<ReturnType<typeof accountConversation>> | undefined;
    let survivor: ChildProcess | undefined;
    await sendTraffic(p, residents, perResident, 60, async (sent) => {
      if (sent !== Math.floor(total / 2)) return;
      await waitFor(async () => (await accountConversation(p, residents)).repliesSent >= 8, 30_000, "first replies");
      atKill = await accountConversation(p, residents);
      await p.killWorker(doomed);
      killedAt = Date.now();
      survivor = await p.spawnWorker();
    });
    p.emu.emulator.state.faults.latencyMs = 0;
    const account = await waitForConversationSettled(p, residents, total, 140_000);
    const recoveryMs = Date.now() - killedAt;
    recordAccount("worker SIGKILLed mid-conversation", {
      ...account,
      processedAtKill: atKill?.processed,
      repliesSentAtKill: atKill?.repliesSent,
      recoveryMs,
    });

    expect(account).toMatchObject({
      eventsPosted: total,
      refusedWithHttpError: 0,
      stored: total,
      processed: total,
      replyRows: total,
      repliesSent: total,
    });
    expect(account.echoesStored).toBe(account.echoesPosted);
    expect(account.repeats).toBeGreaterThanOrEqual(0);
    expect(account.repeats).toBeLessThanOrEqual(OUTBOUND_IN_FLIGHT_MAX);
    expect(survivor?.exitCode).toBeNull();
    // Settled: nothing is in flight, so the next scenario starts with its own single worker.
    if (survivor) await p.killWorker(survivor);
  });

  it("mid-broadcast: every reachable resident gets the notice, repeats counted and bounded", async () => {
    const unit = await createCommune(p, "Xã Hoằng Cát");
    const recipients = 400;
    const reachable = await seedResidents(p.prisma, p.emu, { count: recipients, unitId: unit.id });
    // Whatever the previous scenario left running stops first: the bound below is one worker's concurrency.
    await p.killAllWorkers();
    const doomed = await p.spawnWorker();
    p.emu.emulator.state.faults.latencyMs = 80;
    const before = sentCounts(p.emu);
    const { id } = await createBroadcast(
      p.deps,
      {
        title: "Thông báo",
        text: "Chủ nhật này đoàn viên hỗ trợ cài VNeID",
        audience: { kind: "residents", unitCodes: [unit.code] },
      },
      null,
    );
    await waitFor(async () => (await getBroadcast(p.deps, id)).counts.sent >= 100, 60_000, "first sends");
    await p.killWorker(doomed);
    const killedAt = Date.now();
    const leftSending = await p.prisma.broadcastDelivery.count({ where: { broadcastId: id, status: "SENDING" } });
    p.emu.emulator.state.faults.latencyMs = 0;
    await p.spawnWorker();
    await waitFor(async () => (await getBroadcast(p.deps, id)).status === "done", 120_000, "broadcast done");
    const recoveryMs = Date.now() - killedAt;

    const b = await getBroadcast(p.deps, id);
    const after = sentCounts(p.emu);
    const perResident = reachable.map((r) => (after.get(r.oaUserId) ?? 0) - (before.get(r.oaUserId) ?? 0));
    const extra = perResident.reduce((n, k) => n + Math.max(0, k - 1), 0);
    recordAccount("worker SIGKILLed mid-broadcast", {
      recipients,
      sent: b.counts.sent,
      leftSendingAtKill: leftSending,
      sentAtZalo: perResident.reduce((n, k) => n + k, 0),
      repeats: extra,
      markedRepeated: b.repeated,
      recoveryMs,
    });

    expect(b.counts).toMatchObject({ queued: 0, sent: recipients, failed: 0, skipped: 0, sentPaid: 0 });
    expect(perResident.filter((n) => n < 1)).toEqual([]);
    // Repeats only for sends that were in flight at the kill, and every one of them is marked.
    expect(extra).toBeLessThanOrEqual(leftSending);
    expect(leftSending).toBeLessThanOrEqual(BROADCAST_IN_FLIGHT_MAX);
    expect(b.repeated).toBeGreaterThanOrEqual(extra);
    expect(b.repeated).toBeLessThanOrEqual(leftSending);
  });
});
