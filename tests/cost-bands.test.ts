import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BroadcastDeps,
  createBroadcast,
  getBroadcast,
  previewBroadcast,
} from "../bot/src/broadcasts/broadcasts-service.ts";
import { loadConfig } from "../bot/src/config.ts";
import { scanReminders } from "../bot/src/jobs/cron.scan-reminders.ts";
import { paidSendsAllowed } from "../bot/src/outbound/paid-sends.ts";
import { messagingStats } from "../bot/src/services/dashboard-service.ts";
import { startWorkers, type WorkerRuntime } from "../bot/src/worker-runtime.ts";
import { waitFor } from "./support/broadcast-fixtures.ts";
import { testEnv } from "./support/test-app.ts";
import { createTestDatabase, type TestDatabase } from "./support/test-db.ts";
import { type RunningEmulator, startZaloEmulator } from "./support/zalo-emulator.ts";

/**
 * Spend nothing by surprise. Consultation messages are free within 48 hours of the resident's last interaction and
 * billed from 48 hours to 7 days; the emulator refuses billed ones with -320 unless its Zalo Cloud Account is funded,
 * and records the band of every message it accepts. The product's clock is the emulator's, so both agree on bands.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface Setup {
  emu: RunningEmulator;
  db: TestDatabase;
  runtime: WorkerRuntime;
  deps: BroadcastDeps;
  unitId: string;
  close(): Promise<void>;
}

/**
 * The shared clock moved to 10:00 in Vietnam when it is outside 09:00–17:00 there: the broadcasts here must not meet
 * the quiet hours (21:00–07:00), or they wait for the morning and the test times out whenever CI runs in the evening.
 */
function moveToLocalDaytime(state: { now(): number; advanceClock(ms: number): number }): void {
  const local = new Date(state.now() + 7 * 3_600_000);
  const hour = local.getUTCHours() + local.getUTCMinutes() / 60;
  if (hour < 9 || hour >= 17) state.advanceClock(((24 + 10 - hour) % 24) * 3_600_000);
}

async function setUp(env: Record<string, string>, zca: "funded" | "none"): Promise<Setup> {
  const emu = await startZaloEmulator({ rateLimitPerMinute: 100_000, rules: { zca } });
  moveToLocalDaytime(emu.emulator.state);
  const db = await createTestDatabase("cost_bands");
  const config = loadConfig(
    testEnv({ DATABASE_URL: db.url, ...emu.env, QUIET_HOURS: "21:00-07:00", TZ_NAME: "Asia/Ho_Chi_Minh", ...env }),
  );
  const runtime = await startWorkers({
    config,
    queues: ["outbound", "broadcast"],
    recurring: false,
    now: () => new Date(emu.emulator.state.now()),
  });
  const deps: BroadcastDeps = {
    prisma: runtime.ctx.prisma,
    queues: runtime.ctx.queues,
    now: () => runtime.ctx.now(),
    paidAllowed: () => paidSendsAllowed(runtime.ctx, runtime.ctx.now()),
  };
  const unit = await runtime.ctx.prisma.unit.create({ data: { code: "HOANG_DAO", name: "Xã Hoằng Đạo" } });
  return {
    emu,
    db,
    runtime,
    deps,
    unitId: unit.id,
    close: async () => {
      await Promise.all(
        Object.values(runtime.ctx.queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)),
      );
      await runtime.close();
      await emu.close();
      await db.drop();
    },
  };
}

/** A resident known to Zalo and to the product, last interacting `agoMs` before the shared clock's now. */
async function resident(s: Setup, agoMs: number, checklist = false) {
  const at = s.emu.emulator.state.now() - agoMs;
  const zalo = s.emu.emulator.state.createResident("Cư dân");
  zalo.isFollower = true;
  zalo.lastInteractionAt = at;
  const row = await s.runtime.ctx.prisma.resident.create({
    data: { oaUserId: zalo.userId, unitId: s.unitId, lastInteractionAt: new Date(at) },
  });
  if (checklist) {
    await s.runtime.ctx.prisma.checklistProgress.create({
      data: {
        residentId: row.id,
        checklistId: "vneid",
        checklistVersion: 1,
        stepId: "l1-install",
        startedAt: new Date(at),
        updatedAt: new Date(at),
      },
    });
  }
  return row;
}

async function outboundSettled(s: Setup): Promise<void> {
  await waitFor(
    async () => (await s.runtime.ctx.prisma.outboundMessage.count({ where: { status: "QUEUED" } })) === 0,
    20_000,
    "outbound sends",
  );
}

async function broadcastDone(s: Setup, id: string) {
  await waitFor(async () => (await getBroadcast(s.deps, id)).status === "done", 30_000, "broadcast done");
  return getBroadcast(s.deps, id);
}

const notice = { title: "Ngày hội", text: "Mời bà con đến nhà văn hóa.", audience: { kind: "residents" as const } };

describe("with the defaults (PAID_MESSAGES=off, reminders at 20 h and 44 h)", () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setUp({}, "none");
  });
  afterAll(async () => s?.close());

  it("a week of reminders sends no billed message: every first reminder goes out, nothing lands in 48 h–7 d", async () => {
    // One resident stuck at each hour of the day, so quiet hours push some reminders late.
    const residents = [];
    for (let hour = 0; hour < 24; hour++) residents.push(await resident(s, hour * HOUR_MS, true));
    const step = 30 * 60_000;
    for (let elapsed = 0; elapsed <= 7 * DAY_MS; elapsed += step) {
      await scanReminders(s.runtime.ctx);
      await outboundSettled(s);
      s.emu.emulator.state.advanceClock(step);
    }
    const prisma = s.runtime.ctx.prisma;
    const sent = s.emu.emulator.state.sent;
    expect(sent.length).toBeGreaterThanOrEqual(24);
    expect(sent.filter((m) => m.band === "paid")).toEqual([]);
    const rows = await prisma.outboundMessage.findMany({ where: { kind: "REMINDER" } });
    expect(rows.filter((r) => r.status === "SENT").every((r) => r.costBand === "FREE")).toBe(true);
    expect(rows.some((r) => r.costBand === "PAID" || r.status === "FAILED")).toBe(false);
    // Every resident got the first nudge (20 h idle, deferred out of quiet hours stays under 48 h).
    const firsts = await prisma.reminder.count({ where: { dedupKey: { endsWith: ":1" }, status: "SENT" } });
    expect(firsts).toBe(24);
    const reasons = await prisma.reminder.findMany({ where: { status: "SKIPPED" }, select: { reason: true } });
    expect(reasons.every((r) => r.reason === "paid-band" || r.reason === "daily-cap")).toBe(true);
    expect(await prisma.alert.count({ where: { kind: "ZALO_BILLING_REFUSED" } })).toBe(0);
  }, 120_000);

  it("a broadcast previews free, billed and unreachable recipients, sends only the free ones and says why", async () => {
    s.emu.emulator.state.sent = [];
    const prisma = s.runtime.ctx.prisma;
    await prisma.resident.deleteMany();
    for (let i = 0; i < 5; i++) await resident(s, HOUR_MS);
    for (let i = 0; i < 3; i++) await resident(s, 3 * DAY_MS);
    for (let i = 0; i < 2; i++) await resident(s, 9 * DAY_MS);

    const preview = await previewBroadcast(s.deps, notice.audience);
    expect(preview).toEqual({
      total: 10,
      reachable: 5,
      free: 5,
      paid: 3,
      paidMessages: false,
      unreachable: { outsideWindow: 2, optedOut: 0, unfollowed: 0, paidBand: 3 },
    });
    const { id } = await createBroadcast(s.deps, notice, null);
    const b = await broadcastDone(s, id);
    expect(b.counts).toMatchObject({ sent: 5, sentFree: 5, sentPaid: 0, failed: 0, skipped: 5 });
    expect(b.counts.leftOut).toMatchObject({ paidBand: 3, outsideWindow: 2 });
    expect(s.emu.emulator.state.sent.map((m) => m.band)).toEqual(["free", "free", "free", "free", "free"]);
  });
});

describe("with PAID_MESSAGES=on", () => {
  it("sends billed messages to a funded Zalo Cloud Account and counts them as paid", async () => {
    const s = await setUp({ PAID_MESSAGES: "on" }, "funded");
    try {
      for (let i = 0; i < 2; i++) await resident(s, HOUR_MS);
      for (let i = 0; i < 3; i++) await resident(s, 3 * DAY_MS);
      expect(await previewBroadcast(s.deps, notice.audience)).toMatchObject({
        reachable: 5,
        free: 2,
        paid: 3,
        paidMessages: true,
      });
      const b = await broadcastDone(s, (await createBroadcast(s.deps, notice, null)).id);
      expect(b.counts).toMatchObject({ sent: 5, sentFree: 2, sentPaid: 3 });
      const rows = await s.runtime.ctx.prisma.broadcastDelivery.groupBy({ by: ["costBand"], _count: { _all: true } });
      expect(Object.fromEntries(rows.map((r) => [r.costBand, r._count._all]))).toEqual({ FREE: 2, PAID: 3 });
      expect(s.emu.emulator.state.sent.filter((m) => m.band === "paid")).toHaveLength(3);
      // The organisation dashboard counts them per local day.
      const stats = await messagingStats(s.runtime.ctx.prisma, "Asia/Ho_Chi_Minh", s.runtime.ctx.now(), {
        paidMessages: true,
        paidPriceVnd: 55,
        paidMonthlyAllowance: 0,
      });
      expect(stats.days).toHaveLength(14);
      expect(stats.days.at(-1)).toMatchObject({ free: 2, paid: 3 });
      expect(stats.paidThisMonth).toBe(3);
    } finally {
      await s.close();
    }
  });

  it("stops billed sends for the day after -320, with one alert, and keeps the free ones going", async () => {
    const s = await setUp({ PAID_MESSAGES: "on" }, "none");
    try {
      for (let i = 0; i < 2; i++) await resident(s, HOUR_MS);
      for (let i = 0; i < 4; i++) await resident(s, 3 * DAY_MS);
      const first = await broadcastDone(s, (await createBroadcast(s.deps, notice, null)).id);
      expect(first.counts).toMatchObject({ sentFree: 2, sentPaid: 0 });
      expect(first.counts.failed + first.counts.leftOut.paidBand).toBe(4);
      expect(await s.runtime.ctx.prisma.alert.count({ where: { kind: "ZALO_BILLING_REFUSED" } })).toBe(1);
      expect(await paidSendsAllowed(s.runtime.ctx, s.runtime.ctx.now())).toBe(false);

      // The rest of the day: billed recipients are left out before any call to Zalo.
      const calls = s.emu.calls.length;
      const second = await broadcastDone(s, (await createBroadcast(s.deps, notice, null)).id);
      expect(second.counts).toMatchObject({ sentFree: 2, sentPaid: 0, failed: 0 });
      expect(second.counts.leftOut.paidBand).toBe(4);
      expect(s.emu.calls.length - calls).toBe(2);
      expect(await s.runtime.ctx.prisma.alert.count({ where: { kind: "ZALO_BILLING_REFUSED" } })).toBe(1);
    } finally {
      await s.close();
    }
  });
});
