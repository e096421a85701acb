import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type BroadcastDeps,
  cancelBroadcast,
  createBroadcast,
  getBroadcast,
  previewBroadcast,
} from "../bot/src/broadcasts/broadcasts-service.ts";
import { type Config, loadConfig } from "../bot/src/config.ts";
import { BROADCAST_SENDS_IN_FLIGHT_MAX } from "../bot/src/jobs/broadcast.send-batch.ts";
import { ensureSendLanes } from "../bot/src/jobs/broadcast.send-lane.ts";
import { recoverBroadcasts } from "../bot/src/jobs/cron.recover-broadcasts.ts";
import { startWorkers, type WorkerRuntime } from "../bot/src/worker-runtime.ts";
import { type SeededResident, seedResidents, sentCounts, waitFor } from "./support/broadcast-fixtures.ts";
import { testEnv } from "./support/test-app.ts";
import { createTestDatabase, type TestDatabase } from "./support/test-db.ts";
import { type RunningEmulator, startZaloEmulator } from "./support/zalo-emulator.ts";

/**
 * Broadcast fan-out end to end: a real worker on real PostgreSQL and Redis sends through the Zalo emulator.
 * The delivery rows are the truth; the emulator's `sent` list is what residents actually received.
 */

let emu: RunningEmulator;
let db: TestDatabase;
let config: Config;
let runtime: WorkerRuntime;
let deps: BroadcastDeps;
const units: Record<string, string> = {};

beforeAll(async () => {
  // The stricter, unconfirmed rule (followers only, -213): it lets these tests have residents Zalo refuses.
  emu = await startZaloEmulator({ rateLimitPerMinute: 100_000, rules: { csRequiresFollow: true } });
  db = await createTestDatabase("bc_fanout");
  // Quiet hours off: these tests run at any hour; quiet hours have their own test with a fixed clock.
  config = loadConfig(
    testEnv({ DATABASE_URL: db.url, ...emu.env, QUIET_HOURS: "", ZALO_SEND_RATE_PER_MINUTE: "60000" }),
  );
  runtime = await startWorkers({ config, queues: ["broadcast"], recurring: false, zalo: { requestTimeoutMs: 2_000 } });
  deps = { prisma: runtime.ctx.prisma, queues: runtime.ctx.queues, now: () => runtime.ctx.now() };
  for (const code of ["HOANG_DAO", "QUANG_TRUNG", "DONG_HOA", "BAC_SON"]) {
    const unit = await runtime.ctx.prisma.unit.create({ data: { code, name: `Xã ${code}` } });
    units[code] = unit.id;
  }
});

afterAll(async () => {
  await runtime.ctx.queues.broadcast.obliterate({ force: true }).catch(() => undefined);
  await runtime.close();
  await emu.close();
  await db.drop();
});

beforeEach(() => {
  emu.emulator.state.sent = [];
  emu.emulator.state.faults = { ...emu.emulator.state.faults, fail5xx: 0, failNetwork: 0, latencyMs: 0 };
});

const unit = (code: string) => units[code] ?? "";
const finalStatus = async (id: string) => (await getBroadcast(deps, id)).status;

describe("broadcast fan-out", () => {
  let reachable: SeededResident[] = [];
  let unreachable: SeededResident[] = [];
  let blocked: SeededResident[] = [];
  let elsewhere: SeededResident[] = [];

  beforeAll(async () => {
    const p = runtime.ctx.prisma;
    reachable = [
      ...(await seedResidents(p, emu, { count: 40, unitId: unit("HOANG_DAO") })),
      ...(await seedResidents(p, emu, { count: 35, unitId: unit("QUANG_TRUNG") })),
    ];
    unreachable = [
      ...(await seedResidents(p, emu, { count: 3, unitId: unit("HOANG_DAO"), shape: "unfollowed" })),
      ...(await seedResidents(p, emu, { count: 2, unitId: unit("HOANG_DAO"), shape: "opted-out" })),
      ...(await seedResidents(p, emu, { count: 4, unitId: unit("QUANG_TRUNG"), shape: "outside-window" })),
    ];
    blocked = await seedResidents(p, emu, { count: 2, unitId: unit("QUANG_TRUNG"), shape: "blocked-at-zalo" });
    elsewhere = await seedResidents(p, emu, { count: 10, unitId: unit("DONG_HOA") });
  });

  it("previews who an OA message can reach", async () => {
    const preview = await previewBroadcast(deps, { kind: "residents", unitCodes: ["HOANG_DAO", "QUANG_TRUNG"] });
    expect(preview).toEqual({
      total: 86,
      reachable: 77,
      free: 77,
      paid: 0,
      paidMessages: false,
      unreachable: { outsideWindow: 4, optedOut: 2, unfollowed: 3, paidBand: 0 },
    });
  });

  it("sends a notice to two communes once per reachable resident, and the counts reach their final values", async () => {
    emu.emulator.state.faults.fail5xx = 3; // transient: retried with backoff, still sent once
    const { id } = await createBroadcast(
      deps,
      {
        title: "Ngày hội chuyển đổi số",
        text: "Mời bà con mang CCCD đến nhà văn hóa lúc 8h sáng Chủ nhật.",
        audience: { kind: "residents", unitCodes: ["HOANG_DAO", "QUANG_TRUNG"] },
      },
      null,
    );
    await waitFor(async () => (await finalStatus(id)) === "done", 30_000, "broadcast done");
    const b = await getBroadcast(deps, id);
    expect(b.total).toBe(86);
    expect(b.counts).toMatchObject({ queued: 0, sent: 75, failed: 2, skipped: 9 });
    expect(b.repeated).toBe(0);

    const counts = sentCounts(emu);
    for (const r of reachable) expect(counts.get(r.oaUserId), r.oaUserId).toBe(1);
    for (const r of [...unreachable, ...blocked, ...elsewhere]) expect(counts.get(r.oaUserId) ?? 0).toBe(0);

    const rows = await runtime.ctx.prisma.broadcastDelivery.findMany({ where: { broadcastId: id } });
    const reasons = rows
      .filter((r) => r.status !== "SENT")
      .map((r) => r.reason)
      .sort();
    expect(reasons).toEqual([
      "not_follower",
      "not_follower",
      "opted-out",
      "opted-out",
      "outside-window",
      "outside-window",
      "outside-window",
      "outside-window",
      "unfollowed",
      "unfollowed",
      "unfollowed",
    ]);
    expect(rows.filter((r) => r.status === "SENT").every((r) => r.zaloMessageId && r.zaloMessageId.length > 0)).toBe(
      true,
    );
    const text = emu.emulator.state.sent[0]?.text ?? "";
    expect(text.startsWith("Ngày hội chuyển đổi số")).toBe(true);
  });

  it("re-running the recovery on a finished broadcast sends nothing more", async () => {
    const { id } = await createBroadcast(
      deps,
      { title: "Thông báo", text: "Nội dung", audience: { kind: "residents", unitCodes: ["DONG_HOA"] } },
      null,
    );
    await waitFor(async () => (await finalStatus(id)) === "done", 20_000, "broadcast done");
    await recoverBroadcasts(runtime.ctx);
    await runtime.ctx.queues.broadcast.add(
      "plan-page",
      { type: "plan-page", broadcastId: id, afterId: null },
      { jobId: `again-${id}` },
    );
    // Every send lane again, under fresh ids: each finds no QUEUED row to claim.
    await ensureSendLanes(runtime.ctx, id, { force: true, tag: "again" });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const counts = sentCounts(emu);
    for (const r of elsewhere) expect(counts.get(r.oaUserId)).toBe(1);
    expect((await getBroadcast(deps, id)).counts).toMatchObject({ queued: 0, sent: 10, failed: 0, skipped: 0 });
  });

  it("cancels a broadcast mid-send: unsent deliveries are skipped, nothing is sent after", async () => {
    // More recipients than one worker claims at once (BROADCAST_SENDS_IN_FLIGHT_MAX), so some are still unclaimed.
    const audience = BROADCAST_SENDS_IN_FLIGHT_MAX * 4;
    await seedResidents(runtime.ctx.prisma, emu, { count: audience, unitId: unit("BAC_SON") });
    emu.emulator.state.faults.latencyMs = 150;
    const { id } = await createBroadcast(
      deps,
      { title: "Hủy", text: "Sẽ bị hủy", audience: { kind: "residents", unitCodes: ["BAC_SON"] } },
      null,
    );
    await waitFor(async () => (await getBroadcast(deps, id)).counts.sent >= 5, 20_000, "first sends");
    const cancelled = await cancelBroadcast(deps, id);
    expect(cancelled.status).toBe("cancelled");
    await waitFor(async () => (await getBroadcast(deps, id)).counts.queued === 0, 20_000, "in-flight sends settle");
    const sentAtCancel = emu.emulator.state.sent.length;
    await recoverBroadcasts(runtime.ctx);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const b = await getBroadcast(deps, id);
    expect(b.status).toBe("cancelled");
    expect(b.counts.sent).toBe(emu.emulator.state.sent.length);
    expect(emu.emulator.state.sent.length).toBe(sentAtCancel);
    expect(b.counts.sent).toBeLessThan(audience);
    const cancelledRows = await runtime.ctx.prisma.broadcastDelivery.count({
      where: { broadcastId: id, reason: "cancelled" },
    });
    expect(cancelledRows).toBeGreaterThan(0);
    expect(b.counts.leftOut.cancelled).toBe(cancelledRows);
    expect(b.counts.sent + b.counts.failed + b.counts.skipped).toBe(audience);
  });

  it("sends a members' notice to members on the OA and publishes it in the mini-app feed", async () => {
    const p = runtime.ctx.prisma;
    const [m1, m2] = await seedResidents(p, emu, { count: 2, unitId: unit("DONG_HOA") });
    await p.member.createMany({
      data: [
        {
          zaloId: "z-1",
          name: "Đoàn viên 1",
          status: "ACTIVE",
          unitId: unit("DONG_HOA"),
          oaUserId: m1?.oaUserId ?? null,
        },
        {
          zaloId: "z-2",
          name: "Đoàn viên 2",
          status: "ACTIVE",
          unitId: unit("DONG_HOA"),
          oaUserId: m2?.oaUserId ?? null,
        },
        {
          zaloId: "z-3",
          name: "Đoàn viên 3",
          status: "ACTIVE",
          unitId: unit("DONG_HOA"),
          oaUserId: "9990000000000000001",
        },
        {
          zaloId: "z-4",
          name: "Đoàn viên 4",
          status: "PENDING",
          unitId: unit("DONG_HOA"),
          oaUserId: "9990000000000000002",
        },
      ],
    });
    expect(await previewBroadcast(deps, { kind: "members", unitCodes: ["DONG_HOA"] })).toEqual({
      total: 3,
      reachable: 2,
      free: 2,
      paid: 0,
      paidMessages: false,
      unreachable: { outsideWindow: 1, optedOut: 0, unfollowed: 0, paidBand: 0 },
    });
    const { id } = await createBroadcast(
      deps,
      { title: "Họp chi đoàn", text: "Họp lúc 19h thứ Sáu.", audience: { kind: "members", unitCodes: ["DONG_HOA"] } },
      null,
    );
    await waitFor(async () => (await finalStatus(id)) === "done", 20_000, "broadcast done");
    expect((await getBroadcast(deps, id)).counts).toMatchObject({ queued: 0, sent: 2, failed: 0, skipped: 1 });
    const feed = await p.contentItem.findMany({ where: { kind: "NOTICE", title: "Họp chi đoàn" } });
    expect(feed).toHaveLength(1);
  });

  it("rejects an unknown unit code as the admin's typo", async () => {
    await expect(previewBroadcast(deps, { kind: "residents", unitCodes: ["KHONG_CO"] })).rejects.toThrow(/KHONG_CO/);
  });
});
