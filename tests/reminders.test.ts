import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Config, loadConfig } from "../bot/src/config.ts";
import type { PrismaClient } from "../bot/src/db.ts";
import { escalateHelpRequests } from "../bot/src/jobs/cron.escalate-help-requests.ts";
import { scanReminders } from "../bot/src/jobs/cron.scan-reminders.ts";
import { startWorkers, type WorkerRuntime } from "../bot/src/worker-runtime.ts";
import { testEnv } from "./support/test-app.ts";
import { createTestDatabase, type TestDatabase } from "./support/test-db.ts";

/**
 * Reminders and help escalation against real PostgreSQL and Redis with a controllable clock (Vietnam time,
 * quiet hours 21:00-07:00). The scan is called directly, as its recurring job would; what it queues is read
 * from the OutboundMessage rows (the outbound sender is tested on its own).
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const vn = (local: string) => new Date(`${local.replace(" ", "T")}:00+07:00`);

let db: TestDatabase;
let config: Config;
let runtime: WorkerRuntime;
let prisma: PrismaClient;
let clock = vn("2026-12-01 10:00");
let unitId = "";
let seq = 0;

beforeAll(async () => {
  db = await createTestDatabase("reminders");
  // The timings of an OA that pays for billed messages (the defaults, free band only, are in reminders-free-band).
  config = loadConfig(
    testEnv({
      DATABASE_URL: db.url,
      QUIET_HOURS: "21:00-07:00",
      TZ_NAME: "Asia/Ho_Chi_Minh",
      REMINDER_FIRST_AFTER_HOURS: "48",
      REMINDER_SECOND_AFTER_HOURS: "120",
      PAID_MESSAGES: "on",
    }),
  );
  runtime = await startWorkers({ config, queues: [], recurring: false, now: () => clock });
  prisma = runtime.ctx.prisma;
  unitId = (await prisma.unit.create({ data: { code: "HOANG_DAO", name: "Xã Hoàng Đạo" } })).id;
});

afterAll(async () => {
  await runtime.ctx.queues.outbound.obliterate({ force: true }).catch(() => undefined);
  await runtime.close();
  await db.drop();
});

beforeEach(async () => {
  // Each test starts with no residents: a resident left by another test could be due at this test's times.
  await prisma.reminder.deleteMany();
  await prisma.outboundMessage.deleteMany();
  await prisma.resident.deleteMany();
});

/** A resident who stopped at a checklist step at `lastStep` (their last interaction too). */
async function residentStuckAt(lastStep: Date, checklistIds = ["vneid"]) {
  seq += 1;
  const resident = await prisma.resident.create({
    data: { oaUserId: `24680000000${String(seq).padStart(8, "0")}`, unitId, lastInteractionAt: lastStep },
  });
  const progress = [];
  for (const checklistId of checklistIds) {
    progress.push(
      await prisma.checklistProgress.create({
        data: {
          residentId: resident.id,
          checklistId,
          checklistVersion: 1,
          stepId: "s2",
          startedAt: lastStep,
          updatedAt: lastStep,
        },
      }),
    );
  }
  return { resident, progress };
}

const scan = async (at: Date) => {
  clock = at;
  return scanReminders(runtime.ctx);
};
const outboxFor = (oaUserId: string) =>
  prisma.outboundMessage.findMany({ where: { oaUserId }, orderBy: { createdAt: "asc" } });

describe("checklist reminders", () => {
  it("nudges at 48 h idle with a Tiếp tục button, again at 5 days, never a third time, never twice", async () => {
    const start = vn("2026-12-01 10:00");
    const { resident, progress } = await residentStuckAt(start);
    const p = progress[0]?.id ?? "";

    expect(await scan(new Date(start.getTime() + 47 * HOUR_MS))).toMatchObject({ planned: 0, sent: 0 });
    expect(await scan(new Date(start.getTime() + 48 * HOUR_MS))).toMatchObject({ planned: 1, sent: 1 });
    expect(await scan(new Date(start.getTime() + 49 * HOUR_MS))).toMatchObject({ planned: 0, sent: 0 });

    const [first] = await outboxFor(resident.oaUserId);
    expect(first?.kind).toBe("REMINDER");
    expect(first?.payload).toMatchObject({
      messages: [{ buttons: [{ kind: "reply", title: "Tiếp tục", payload: "tiep tuc" }] }],
    });
    const reminder = await prisma.reminder.findUniqueOrThrow({ where: { dedupKey: `checklist:${p}:1` } });
    expect(reminder).toMatchObject({ status: "SENT", kind: "CHECKLIST" });
    expect(first?.idempotencyKey).toBe(`reminder:${reminder.id}`);

    expect(await scan(new Date(start.getTime() + 5 * DAY_MS))).toMatchObject({ planned: 1, sent: 1 });
    expect(await scan(new Date(start.getTime() + 6 * DAY_MS + 2 * HOUR_MS))).toMatchObject({ planned: 0, sent: 0 });
    expect(await outboxFor(resident.oaUserId)).toHaveLength(2);

    // Bookkeeping never moved the "last step" time the next reminder is counted from.
    const after = await prisma.checklistProgress.findUniqueOrThrow({ where: { id: p } });
    expect(after.updatedAt).toEqual(start);
    expect(after.remindersSent).toBe(2);
  });

  it("sends nothing once the 7-day window has closed", async () => {
    const start = vn("2026-12-01 10:00");
    const { resident } = await residentStuckAt(start);
    expect(await scan(new Date(start.getTime() + 7 * DAY_MS + HOUR_MS))).toMatchObject({ planned: 0, sent: 0 });
    expect(await outboxFor(resident.oaUserId)).toHaveLength(0);
  });

  it("sends no checklist reminder while the union's staff answer the resident by hand", async () => {
    const start = vn("2026-12-01 10:00");
    const { resident, progress } = await residentStuckAt(start);
    const takenOverUntil = new Date(start.getTime() + 72 * HOUR_MS);
    await prisma.resident.update({ where: { id: resident.id }, data: { humanTakeoverUntil: takenOverUntil } });
    expect(await scan(new Date(start.getTime() + 48 * HOUR_MS))).toMatchObject({ planned: 0, sent: 0 });
    // One planned before the staff member took over is skipped, not sent.
    const planned = await prisma.reminder.create({
      data: {
        dedupKey: `checklist:${progress[0]?.id}:1`,
        kind: "CHECKLIST",
        residentId: resident.id,
        dueAt: new Date(start.getTime() + 48 * HOUR_MS),
      },
    });
    expect(await scan(new Date(start.getTime() + 50 * HOUR_MS))).toMatchObject({ sent: 0, skipped: 1 });
    expect(await prisma.reminder.findUniqueOrThrow({ where: { id: planned.id } })).toMatchObject({
      status: "SKIPPED",
      reason: "human-takeover",
    });
    expect(await outboxFor(resident.oaUserId)).toHaveLength(0);
  });

  it("defers a reminder due at night to 07:00 instead of dropping it", async () => {
    const start = vn("2026-12-01 22:00");
    const { resident } = await residentStuckAt(start);
    expect(await scan(vn("2026-12-03 22:05"))).toMatchObject({ planned: 1, sent: 0 });
    const pending = await prisma.reminder.findFirstOrThrow({ where: { residentId: resident.id } });
    expect(pending).toMatchObject({ status: "PENDING", dueAt: vn("2026-12-04 07:00") });
    expect(await scan(vn("2026-12-04 03:00"))).toMatchObject({ sent: 0 });
    expect(await scan(vn("2026-12-04 07:00"))).toMatchObject({ sent: 1 });
    expect(await outboxFor(resident.oaUserId)).toHaveLength(1);
  });

  it("respects 'dừng nhắc' given after the reminder was planned", async () => {
    const start = vn("2026-12-01 22:00");
    const { resident } = await residentStuckAt(start);
    await scan(vn("2026-12-03 22:05"));
    await prisma.resident.update({ where: { id: resident.id }, data: { remindersOptOut: true } });
    expect(await scan(vn("2026-12-04 07:00"))).toMatchObject({ sent: 0, skipped: 1 });
    expect(await prisma.reminder.findFirstOrThrow({ where: { residentId: resident.id } })).toMatchObject({
      status: "SKIPPED",
      reason: "opted-out",
    });
    expect(await outboxFor(resident.oaUserId)).toHaveLength(0);
  });

  it("sends at most one reminder per resident per day: the other waits for tomorrow morning", async () => {
    const start = vn("2026-12-01 10:00");
    const { resident } = await residentStuckAt(start, ["vneid", "chip-id"]);
    expect(await scan(vn("2026-12-03 10:00"))).toMatchObject({ planned: 2, sent: 1, deferred: 1 });
    expect(await scan(vn("2026-12-03 18:00"))).toMatchObject({ sent: 0 });
    const waiting = await prisma.reminder.findFirstOrThrow({ where: { residentId: resident.id, status: "PENDING" } });
    expect(waiting.dueAt).toEqual(vn("2026-12-04 07:00"));
    expect(await scan(vn("2026-12-04 07:00"))).toMatchObject({ sent: 1 });
    expect(await outboxFor(resident.oaUserId)).toHaveLength(2);
  });

  it("skips a reminder when the resident moved on before it went out", async () => {
    const start = vn("2026-12-01 22:00");
    const { resident, progress } = await residentStuckAt(start);
    await scan(vn("2026-12-03 22:05"));
    await prisma.checklistProgress.update({
      where: { id: progress[0]?.id ?? "" },
      data: { stepId: "s3", updatedAt: vn("2026-12-03 23:00") },
    });
    expect(await scan(vn("2026-12-04 07:00"))).toMatchObject({ sent: 0, skipped: 1 });
    expect(await outboxFor(resident.oaUserId)).toHaveLength(0);
  });
});

describe("notice event reminders", () => {
  it("reminds subscribed residents the day before the event, once", async () => {
    const { resident } = await residentStuckAt(vn("2026-12-08 10:00"), []);
    const other = await residentStuckAt(vn("2026-12-08 10:00"), []);
    const notice = await prisma.contentItem.create({
      data: { kind: "NOTICE", title: "Ngày hội chuyển đổi số", eventAt: vn("2026-12-10 08:00") },
    });
    await prisma.noticeSubscription.create({ data: { contentId: notice.id, residentId: resident.id } });
    expect(await scan(vn("2026-12-09 08:30"))).toMatchObject({ planned: 0, sent: 0 });
    expect(await scan(vn("2026-12-09 09:00"))).toMatchObject({ planned: 1, sent: 1 });
    expect(await scan(vn("2026-12-09 12:00"))).toMatchObject({ planned: 0, sent: 0 });
    const [message] = await outboxFor(resident.oaUserId);
    expect(message?.payload).toMatchObject({ messages: [{ text: expect.stringContaining("08:00 ngày 10/12/2026") }] });
    expect(await outboxFor(other.resident.oaUserId)).toHaveLength(0);
  });
});

describe("help request escalation", () => {
  it("goes to the unit lead after 24 h unclaimed, to the admins after 48 h, each once", async () => {
    const created = vn("2026-12-01 10:00");
    const open = await prisma.helpRequest.create({
      data: { unitId, topic: "Cài VNeID", preferredTime: "sáng", createdAt: created },
    });
    const claimed = await prisma.helpRequest.create({
      data: { unitId, topic: "Căn cước", preferredTime: "chiều", createdAt: created, status: "CLAIMED" },
    });
    clock = new Date(created.getTime() + 23 * HOUR_MS);
    expect(await escalateHelpRequests(runtime.ctx)).toEqual({ escalated: 0 });
    clock = new Date(created.getTime() + 24 * HOUR_MS);
    expect(await escalateHelpRequests(runtime.ctx)).toEqual({ escalated: 1 });
    expect(await escalateHelpRequests(runtime.ctx)).toEqual({ escalated: 0 });
    expect(await prisma.helpRequest.findUniqueOrThrow({ where: { id: open.id } })).toMatchObject({
      escalationLevel: 1,
    });
    const unitAlerts = await prisma.alert.findMany({ where: { kind: "HELP_ESCALATED", unitId } });
    expect(unitAlerts).toHaveLength(1);
    expect(unitAlerts[0]?.message).toContain("trưởng đơn vị");

    clock = new Date(created.getTime() + 48 * HOUR_MS);
    expect(await escalateHelpRequests(runtime.ctx)).toEqual({ escalated: 1 });
    expect(await escalateHelpRequests(runtime.ctx)).toEqual({ escalated: 0 });
    expect(await prisma.helpRequest.findUniqueOrThrow({ where: { id: open.id } })).toMatchObject({
      escalationLevel: 2,
    });
    const orgAlerts = await prisma.alert.findMany({ where: { kind: "HELP_ESCALATED", unitId: null } });
    expect(orgAlerts).toHaveLength(1);
    expect(await prisma.helpRequest.findUniqueOrThrow({ where: { id: claimed.id } })).toMatchObject({
      escalationLevel: 0,
    });
    expect(await prisma.reminder.count({ where: { kind: "HELP_ESCALATION" } })).toBe(2);
  });
});
