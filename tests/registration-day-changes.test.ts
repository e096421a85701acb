import type { AddressInfo } from "node:net";
import type { Job } from "bullmq";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../bot/src/config.ts";
import type { PrismaClient } from "../bot/src/db.ts";
import { eventPayload } from "../bot/src/events/event-payloads.ts";
import { scanReminders } from "../bot/src/jobs/cron.scan-reminders.ts";
import { sendOutboundMessage } from "../bot/src/jobs/outbound.send-message.ts";
import { readOutboundPayload } from "../bot/src/outbound/queue-outbound-message.ts";
import type { OutboundJob } from "../bot/src/queues/queues.ts";
import { startWorkers, type WorkerRuntime } from "../bot/src/worker-runtime.ts";
import { type ApiKit, createApiTestKit } from "./support/api-test-kit.ts";
import { testEnv } from "./support/test-app.ts";

/**
 * A registration day is cancelled, or its time or place changes: everyone signed up for it ("Đăng ký tham gia" or
 * "Nhắc tôi") is told once, against real PostgreSQL and Redis. The first tests send through the outbound worker to
 * the Zalo emulator on the real clock (no quiet hours); the last one moves the clock through quiet hours and the
 * free/paid bands, as the reminders do.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const vn = (local: string) => new Date(`${local.replace(" ", "T")}:00+07:00`);

let kit: ApiKit;
let prisma: PrismaClient;
/** Real clock, no quiet hours, outbound worker sending to the emulator. */
let delivery: WorkerRuntime;
/** The test's clock, quiet hours 21:00-07:00, no workers: the test reads the rows it writes. */
let clocked: WorkerRuntime;
let clock = new Date();
let seq = 0;

beforeAll(async () => {
  kit = await createApiTestKit();
  prisma = kit.prisma;
  const { port } = kit.emulator.app.server.address() as AddressInfo;
  delivery = await startWorkers({
    config: loadConfig(
      testEnv({
        DATABASE_URL: kit.t.config.DATABASE_URL,
        ZALO_OPENAPI_URL: `http://127.0.0.1:${port}/openapi`,
        ZALO_OAUTH_URL: `http://127.0.0.1:${port}/oauth`,
        ZALO_GRAPH_URL: `http://127.0.0.1:${port}/graph`,
        QUIET_HOURS: "",
      }),
    ),
    queues: ["outbound"],
    recurring: false,
  });
  clocked = await startWorkers({
    config: loadConfig(testEnv({ DATABASE_URL: kit.t.config.DATABASE_URL, QUIET_HOURS: "21:00-07:00" })),
    queues: [],
    recurring: false,
    now: () => clock,
  });
});

afterAll(async () => {
  for (const r of [delivery, clocked]) {
    await Promise.all(Object.values(r.ctx.queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
    await r.close();
  }
  await kit.close();
});

beforeEach(async () => {
  // Each test's notices are its own: a scan sends every due one in the database.
  await prisma.reminder.deleteMany();
});

async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function eventFor(startsAt: Date, title: string) {
  return prisma.registrationEvent.create({
    data: {
      title,
      bring: "Căn cước gắn chip, điện thoại có SIM chính chủ",
      place: "Hội trường UBND xã",
      organisedWith: "Công an xã",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3 * HOUR_MS),
      capacity: 30,
      units: { create: [{ unitId: kit.units.dao }] },
    },
  });
}

/** A resident the emulator knows (following, just wrote), and their row. */
async function emulatedResident(name: string) {
  const person = kit.emulator.state.createResident(name);
  kit.emulator.state.setFollower(person, true);
  kit.emulator.state.recordInteraction(person);
  return prisma.resident.create({
    data: { oaUserId: person.userId, unitId: kit.units.dao, displayName: name, lastInteractionAt: new Date() },
  });
}

async function residentRow(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return prisma.resident.create({
    data: { oaUserId: `66${Date.now()}${String(seq).padStart(4, "0")}`, unitId: kit.units.dao, ...overrides },
  });
}

async function signUp(
  eventId: string,
  residentId: string,
  status: "REGISTERED" | "REMIND_ONLY" | "CANCELLED",
  number: number | null,
) {
  await prisma.eventRegistration.create({
    data: { eventId, residentId, status, number, registeredAt: new Date(Date.now() - HOUR_MS) },
  });
}

const sentTo = (oaUserId: string) => kit.emulator.state.sent.filter((m) => m.userId === oaUserId);
const noticesOf = (eventId: string) =>
  prisma.reminder.findMany({
    where: { kind: "REGISTRATION_EVENT_CHANGE", dedupKey: { startsWith: `event-change:${eventId}:` } },
  });
const outboundTexts = async (oaUserId: string) =>
  (await prisma.outboundMessage.findMany({ where: { oaUserId }, orderBy: { createdAt: "asc" } }))
    .flatMap((row) => readOutboundPayload(row.payload))
    .map((m) => m.text);

describe("a cancelled registration day", () => {
  it("tells each signed-up resident once, through the emulator, and cancels their reminders", async () => {
    const event = await eventFor(new Date(Date.now() + 3 * DAY_MS), "Ngày hội định danh thôn Nam");
    const registered = await emulatedResident("Nguyễn Văn Một");
    const remindOnly = await emulatedResident("Trần Thị Hai");
    const changedMind = await emulatedResident("Lê Văn Ba");
    const unfollowed = await residentRow({ followState: "UNFOLLOWED", lastInteractionAt: new Date() });
    await signUp(event.id, registered.id, "REGISTERED", 1);
    await signUp(event.id, remindOnly.id, "REMIND_ONLY", null);
    await signUp(event.id, changedMind.id, "CANCELLED", 2);
    await signUp(event.id, unfollowed.id, "REGISTERED", 3);
    // A reminder planned before the cancellation (as the scan plans it).
    const dayBefore = await prisma.reminder.create({
      data: {
        dedupKey: `event:${event.id}:${registered.id}:day-before:${event.startsAt.getTime()}`,
        kind: "REGISTRATION_EVENT",
        residentId: registered.id,
        dueAt: new Date(Date.now() + 2 * DAY_MS),
      },
    });

    const cancelled = await kit.as("leadHere", { method: "POST", url: `/api/events/${event.id}/cancel` });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: "CANCELLED" });
    expect(await prisma.reminder.findUniqueOrThrow({ where: { id: dayBefore.id } })).toMatchObject({
      status: "CANCELLED",
      reason: "event_cancelled",
    });
    const notices = await noticesOf(event.id);
    expect(notices.map((n) => n.residentId).sort()).toEqual([registered.id, remindOnly.id].sort());
    // The server asks the worker to scan at once instead of at its next 5-minute tick.
    const queued = await kit.t.app.queues.cron.getJobs(["waiting", "delayed"]);
    expect(queued.some((job) => job.id?.startsWith(`scan-now-event-${event.id}-`))).toBe(true);

    // The scan runs twice at once (the prompt one and the recurring one), then again: one message each.
    await Promise.all([scanReminders(delivery.ctx), scanReminders(delivery.ctx)]);
    await scanReminders(delivery.ctx);
    await waitFor(
      () => sentTo(registered.oaUserId).length > 0 && sentTo(remindOnly.oaUserId).length > 0,
      "the two notices to reach the emulator",
    );
    for (const resident of [registered, remindOnly]) {
      const sent = sentTo(resident.oaUserId);
      expect(sent).toHaveLength(1);
      expect(sent[0]?.text).toContain("Xin lỗi bạn: buổi “Ngày hội định danh thôn Nam”");
      expect(sent[0]?.text).toContain("đã bị hủy. Bạn không cần đến nữa.");
      expect(await prisma.outboundMessage.count({ where: { oaUserId: resident.oaUserId } })).toBe(1);
    }
    expect(sentTo(changedMind.oaUserId)).toEqual([]);
    expect(await prisma.outboundMessage.count({ where: { oaUserId: unfollowed.oaUserId } })).toBe(0);
    expect((await noticesOf(event.id)).map((n) => n.status)).toEqual(["SENT", "SENT"]);

    // The send job retried (BullMQ's retry, or recovery re-queueing the row) sends nothing more.
    const row = await prisma.outboundMessage.findFirstOrThrow({ where: { oaUserId: registered.oaUserId } });
    const retry = { data: { type: "send-message", outboundId: row.id }, attemptsMade: 1, opts: { attempts: 8 } };
    expect(await sendOutboundMessage(delivery.ctx, retry as unknown as Job<OutboundJob>)).toBe("already-done");
    // Cancelling again is refused and records nothing.
    const again = await kit.as("leadHere", { method: "POST", url: `/api/events/${event.id}/cancel` });
    expect(again.statusCode).toBe(409);
    expect(await noticesOf(event.id)).toHaveLength(2);
    await scanReminders(delivery.ctx);
    expect(sentTo(registered.oaUserId)).toHaveLength(1);
  });
});

describe("a registration day that moves", () => {
  it("tells them the new place or time with their number; a new title or capacity is no news", async () => {
    const event = await eventFor(new Date(Date.now() + 4 * DAY_MS), "Ngày hội VNeID thôn Đoài");
    const resident = await emulatedResident("Phạm Thị Bốn");
    await signUp(event.id, resident.id, "REGISTERED", 7);
    const patch = (payload: Record<string, unknown>) =>
      kit.as("leadHere", { method: "PATCH", url: `/api/events/${event.id}`, payload });

    expect((await patch({ title: "Ngày hội VNeID thôn Đoài (sáng)", capacity: 40 })).statusCode).toBe(200);
    expect(await noticesOf(event.id)).toEqual([]);

    expect((await patch({ place: "Nhà văn hóa thôn Đoài" })).statusCode).toBe(200);
    await scanReminders(delivery.ctx);
    await waitFor(() => sentTo(resident.oaUserId).length === 1, "the place notice");
    const placeText = sentTo(resident.oaUserId)[0]?.text ?? "";
    expect(placeText).toContain("Buổi “Ngày hội VNeID thôn Đoài (sáng)” đã đổi địa điểm.");
    expect(placeText).toContain("Địa điểm: Nhà văn hóa thôn Đoài");
    expect(placeText).toContain("số của bạn vẫn là 7");
    expect(JSON.stringify(sentTo(resident.oaUserId)[0]?.request)).toContain(eventPayload("cancel", event.code));

    const later = new Date(event.startsAt.getTime() + DAY_MS);
    const moved = await patch({
      startsAt: later.toISOString(),
      endsAt: new Date(later.getTime() + 3 * HOUR_MS).toISOString(),
    });
    expect(moved.statusCode).toBe(200);
    await scanReminders(delivery.ctx);
    await waitFor(() => sentTo(resident.oaUserId).length === 2, "the time notice");
    expect(sentTo(resident.oaUserId)[1]?.text).toContain("đã đổi thời gian.");
    // The same place again is no change.
    expect((await patch({ place: "Nhà văn hóa thôn Đoài" })).statusCode).toBe(200);
    expect(await noticesOf(event.id)).toHaveLength(2);
  });
});

describe("the notices keep the reminders' rules", () => {
  it("waits out quiet hours, says two changes in one message, skips the billed band and the closed window", async () => {
    // Saturday 12 December 2026 at 08:00 (Vietnam time); the lead edits it on Thursday evening.
    const event = await eventFor(vn("2026-12-12 08:00"), "Ngày hội định danh thôn Bắc");
    const free = await residentRow({ lastInteractionAt: vn("2026-12-10 19:00") });
    const optedOut = await residentRow({ lastInteractionAt: vn("2026-12-10 19:00"), remindersOptOut: true });
    const billed = await residentRow({ lastInteractionAt: vn("2026-12-07 12:00") });
    const silent = await residentRow({ lastInteractionAt: vn("2026-12-01 12:00") });
    for (const [i, r] of [free, optedOut, billed, silent].entries()) await signUp(event.id, r.id, "REGISTERED", i + 1);
    const patch = (payload: Record<string, unknown>) =>
      kit.as("leadHere", { method: "PATCH", url: `/api/events/${event.id}`, payload });

    expect((await patch({ place: "Sân nhà văn hóa thôn Bắc" })).statusCode).toBe(200);
    clock = vn("2026-12-10 22:30");
    expect(await scanReminders(clocked.ctx)).toMatchObject({ sent: 0, deferred: 2, skipped: 2 });
    const skipped = await prisma.reminder.findMany({ where: { residentId: { in: [billed.id, silent.id] } } });
    expect(skipped.map((r) => [r.residentId, r.reason]).sort()).toEqual(
      [
        [billed.id, "paid-band"],
        [silent.id, "outside-window"],
      ].sort(),
    );
    // A second change before the morning: the waiting notice is replaced by one that says both.
    expect(
      (
        await patch({
          startsAt: vn("2026-12-12 13:30").toISOString(),
          endsAt: vn("2026-12-12 16:30").toISOString(),
        })
      ).statusCode,
    ).toBe(200);
    clock = vn("2026-12-10 23:00");
    expect(await scanReminders(clocked.ctx)).toMatchObject({ sent: 0, deferred: 2 });
    clock = vn("2026-12-11 06:55");
    expect(await scanReminders(clocked.ctx)).toMatchObject({ sent: 0 });
    clock = vn("2026-12-11 07:00");
    expect(await scanReminders(clocked.ctx)).toMatchObject({ sent: 2 });
    for (const resident of [free, optedOut]) {
      const texts = await outboundTexts(resident.oaUserId);
      expect(texts).toHaveLength(1);
      expect(texts[0]).toContain("đã đổi thời gian và địa điểm");
      expect(texts[0]).toContain("13:30–16:30 ngày 12/12/2026");
      expect(texts[0]).toContain("Sân nhà văn hóa thôn Bắc");
    }
    expect(await outboundTexts(billed.oaUserId)).toEqual([]);
    expect(await outboundTexts(silent.oaUserId)).toEqual([]);

    // Cancelled at 21:30 that evening: told at 07:00 on the day, before the 13:30 start.
    clock = vn("2026-12-11 21:30");
    expect((await kit.as("leadHere", { method: "POST", url: `/api/events/${event.id}/cancel` })).statusCode).toBe(200);
    expect(await scanReminders(clocked.ctx)).toMatchObject({ sent: 0, deferred: 2 });
    clock = vn("2026-12-12 07:00");
    expect(await scanReminders(clocked.ctx)).toMatchObject({ sent: 2 });
    for (const resident of [free, optedOut]) {
      const texts = await outboundTexts(resident.oaUserId);
      expect(texts).toHaveLength(2);
      expect(texts[1]).toContain("Xin lỗi bạn: buổi “Ngày hội định danh thôn Bắc” (13:30–16:30 ngày 12/12/2026");
    }
    expect(await outboundTexts(billed.oaUserId)).toEqual([]);
  });
});
