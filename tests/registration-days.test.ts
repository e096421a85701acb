import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../bot/src/config.ts";
import type { PrismaClient } from "../bot/src/db.ts";
import { eventPayload } from "../bot/src/events/event-payloads.ts";
import { scanReminders } from "../bot/src/jobs/cron.scan-reminders.ts";
import { processInboundEvent } from "../bot/src/jobs/inbound.process-event.ts";
import { readOutboundPayload } from "../bot/src/outbound/queue-outbound-message.ts";
import { startWorkers, type WorkerRuntime } from "../bot/src/worker-runtime.ts";
import { type ApiKit, createApiTestKit, newAssistanceLog } from "./support/api-test-kit.ts";
import { signedWebhook, testEnv } from "./support/test-app.ts";
import { waitFor } from "./support/wait-for.ts";
import { textEvent } from "./support/webhook-turns.ts";

/**
 * Registration days end to end against real PostgreSQL and Redis: leads create events through the API (scope and
 * time rules), the announcement goes out through the broadcast workers to the Zalo emulator with its buttons,
 * residents sign up from signed webhooks processed by the inbound job (capacity, double taps, cancel, full → the
 * next event), the reminder scan runs with a moved clock (day before, two hours before, quiet hours, unfollowed),
 * and members check residents in and log the help given in bulk.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const vn = (local: string) => new Date(`${local.replace(" ", "T")}:00+07:00`);

let kit: ApiKit;
let runtime: WorkerRuntime;
let broadcastWorkers: WorkerRuntime;
let prisma: PrismaClient;
let clock: Date | null = null;
let seq = 0;

beforeAll(async () => {
  kit = await createApiTestKit();
  prisma = kit.prisma;
  const { port } = kit.emulator.app.server.address() as AddressInfo;
  const config = loadConfig(
    testEnv({
      DATABASE_URL: kit.t.config.DATABASE_URL,
      QUEUE_PREFIX: kit.t.config.QUEUE_PREFIX,
      ZALO_OPENAPI_URL: `http://127.0.0.1:${port}/openapi`,
      ZALO_OAUTH_URL: `http://127.0.0.1:${port}/oauth`,
      ZALO_GRAPH_URL: `http://127.0.0.1:${port}/graph`,
      // Every hour of the day may send: the announcement test runs whenever CI does.
      QUIET_HOURS: "",
    }),
  );
  // Inbound events and reminder scans are run by the test itself, on its clock; only broadcasts use workers.
  runtime = await startWorkers({
    config: loadConfig(testEnv({ DATABASE_URL: kit.t.config.DATABASE_URL, QUIET_HOURS: "21:00-07:00" })),
    queues: [],
    recurring: false,
    now: () => clock ?? new Date(),
  });
  broadcastWorkers = await startWorkers({ config, queues: ["broadcast"], recurring: false });
});

afterAll(async () => {
  for (const r of [runtime, broadcastWorkers]) {
    await Promise.all(Object.values(r.ctx.queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
    await r.close();
  }
  await kit.close();
});

beforeEach(() => {
  clock = null;
});

/** An event straight in the database (the API's rules are tested on their own below). */
async function eventFor(unitIds: string[], startsAt: Date, capacity = 30, title = "Ngày hội định danh mức 2") {
  return prisma.registrationEvent.create({
    data: {
      title,
      bring: "Căn cước gắn chip, điện thoại có SIM chính chủ",
      place: "Hội trường UBND xã",
      organisedWith: "Công an xã",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 4 * HOUR_MS),
      capacity,
      units: { create: unitIds.map((unitId) => ({ unitId })) },
    },
  });
}

function newOaUserId(): string {
  seq += 1;
  return `55${Date.now()}${String(seq).padStart(4, "0")}`;
}

/** A resident of HOANG_DAO who wrote to the OA just now. */
async function residentOfDao(displayName = "Lê Văn Tám") {
  return prisma.resident.create({
    data: { oaUserId: newOaUserId(), unitId: kit.units.dao, displayName, lastInteractionAt: new Date() },
  });
}

/** Stores a signed text event through the webhook (as Zalo sends it) and returns its id; not processed yet. */
async function store(oaUserId: string, text: string): Promise<string> {
  const body = textEvent(oaUserId, text);
  const res = await kit.t.app.inject(signedWebhook(body));
  expect(res.statusCode).toBe(200);
  const stored = await prisma.inboundEvent.findUniqueOrThrow({ where: { dedupKey: `msg:${body.message.msg_id}` } });
  return stored.id;
}

/** The resident types (or taps) `text`; the inbound job runs; returns the texts of the reply with its buttons. */
async function say(oaUserId: string, text: string) {
  const id = await store(oaUserId, text);
  await processInboundEvent(runtime.ctx, id);
  return replyTo(id);
}

async function replyTo(eventId: string) {
  const row = await prisma.outboundMessage.findUniqueOrThrow({ where: { idempotencyKey: `reply:${eventId}` } });
  const messages = readOutboundPayload(row.payload);
  return {
    text: messages.map((m) => m.text).join("\n"),
    buttons: messages.flatMap((m) => m.buttons ?? []),
  };
}

/** Only these HOANG_DAO events stay open (events of earlier tests would be "the next event" or make it ambiguous). */
async function onlyOpenInDao(...ids: string[]) {
  await prisma.registrationEvent.updateMany({
    where: { id: { notIn: ids }, units: { some: { unitId: kit.units.dao } } },
    data: { status: "CANCELLED" },
  });
}

const registration = (eventId: string, residentId: string) =>
  prisma.eventRegistration.findUnique({ where: { eventId_residentId: { eventId, residentId } } });

describe("leads create events within their scope", () => {
  const body = (overrides: Record<string, unknown> = {}) => {
    const startsAt = new Date(Date.now() + 3 * DAY_MS);
    return {
      title: "Ngày hội định danh mức 2 tại xã",
      bring: "Căn cước gắn chip, điện thoại có SIM chính chủ",
      place: "Hội trường UBND xã Hoằng Đạo",
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 4 * HOUR_MS).toISOString(),
      capacity: 40,
      organisedWith: "Công an xã",
      unitCodes: ["HOANG_DAO"],
      announce: false,
      ...overrides,
    };
  };
  const post = (role: "leadHere" | "member" | "admin", payload: Record<string, unknown>) =>
    kit.as(role, { method: "POST", url: "/api/events", payload });

  it("refuses an event in the past, ending before it starts, or for units outside the creator's scope", async () => {
    const past = await post("leadHere", body({ startsAt: new Date(Date.now() - HOUR_MS).toISOString() }));
    expect(past.statusCode).toBe(400);
    expect(past.json()).toMatchObject({ code: "EVENT_IN_PAST", message: expect.stringContaining("đã qua") });

    const start = new Date(Date.now() + DAY_MS);
    const backwards = await post(
      "leadHere",
      body({ startsAt: start.toISOString(), endsAt: new Date(start.getTime() - HOUR_MS).toISOString() }),
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({ code: "EVENT_ENDS_BEFORE_START" });

    const outside = await post("leadHere", body({ unitCodes: ["HOANG_DAO", "HOANG_CAT"] }));
    expect(outside.statusCode).toBe(403);
    expect(outside.json()).toMatchObject({
      code: "EVENT_UNIT_OUT_OF_SCOPE",
      message: expect.stringContaining("Xã Hoằng Cát"),
    });

    const unknown = await post("leadHere", body({ unitCodes: ["NO_SUCH_UNIT"] }));
    expect(unknown.json()).toMatchObject({ code: "UNIT_NOT_FOUND" });
    expect((await post("member", body())).statusCode).toBe(403);
    const missing = await post("leadHere", body({ title: "" }));
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({
      code: "INVALID_INPUT",
      details: [{ path: "/title", message: "Vui lòng nhập tên sự kiện." }],
    });

    // The admin's scope is the whole organisation.
    expect((await post("admin", body({ unitCodes: ["HOANG_DAO", "HOANG_CAT"] }))).statusCode).toBe(201);
    expect(await prisma.registrationEvent.count({ where: { title: body().title } })).toBe(1);
  });

  it("lets the lead edit within the rules, and another unit's lead neither see nor change it", async () => {
    const created = await post("leadHere", body());
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect(created.json()).toMatchObject({ editable: true, announced: false, units: [{ code: "HOANG_DAO" }] });

    const moved = await kit.as("leadHere", {
      method: "PATCH",
      url: `/api/events/${id}`,
      payload: { endsAt: new Date(Date.now() - DAY_MS).toISOString() },
    });
    expect(moved.json()).toMatchObject({ code: "EVENT_ENDS_BEFORE_START" });
    expect((await kit.as("leadOther", { method: "GET", url: `/api/events/${id}` })).statusCode).toBe(404);
    expect(
      (await kit.as("leadOther", { method: "PATCH", url: `/api/events/${id}`, payload: { capacity: 5 } })).statusCode,
    ).toBe(403);
    // A member of the unit sees it (and may work at it) but may not edit it.
    const seen = await kit.as("member", { method: "GET", url: `/api/events/${id}` });
    expect(seen.json()).toMatchObject({ id, editable: false });

    const cancelled = await kit.as("leadHere", { method: "POST", url: `/api/events/${id}/cancel` });
    expect(cancelled.json()).toMatchObject({ status: "CANCELLED", editable: false });
    const again = await kit.as("leadHere", { method: "POST", url: `/api/events/${id}/cancel` });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: "EVENT_CANCELLED" });
  });

  it("saves an ID number or OTP in the event's texts as written, and says so to the writer (issue 8)", async () => {
    const clean = await post("leadHere", body());
    expect(clean.json()).toMatchObject({ privacyWarnings: [] });
    const bring = "Căn cước gắn chip (ví dụ số 038195012345), mã OTP là 482913";
    const created = await post("leadHere", body({ bring }));
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ bring, privacyWarnings: ["CITIZEN_ID", "OTP"] });
    const edited = await kit.as("leadHere", {
      method: "PATCH",
      url: `/api/events/${created.json().id}`,
      payload: { place: "Nhà văn hoá thôn, mật khẩu wifi: Hoa@1990" },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().privacyWarnings).toEqual(expect.arrayContaining(["CITIZEN_ID", "OTP", "PASSWORD"]));
  });

  it("announces to the units' reachable residents with the Đăng ký tham gia and Nhắc tôi buttons", async () => {
    const reachable = kit.emulator.state.createResident("Bà Hoa");
    kit.emulator.state.setFollower(reachable, true);
    kit.emulator.state.recordInteraction(reachable);
    await prisma.resident.create({
      data: { oaUserId: reachable.userId, unitId: kit.units.dao, lastInteractionAt: new Date() },
    });
    // Outside the 7-day window: left out by the broadcast's rules.
    const silent = await prisma.resident.create({
      data: { oaUserId: newOaUserId(), unitId: kit.units.dao, lastInteractionAt: new Date(Date.now() - 9 * DAY_MS) },
    });
    // Another commune's resident is not in the audience.
    const elsewhere = await prisma.resident.create({
      data: { oaUserId: newOaUserId(), unitId: kit.units.cat, lastInteractionAt: new Date() },
    });

    const created = await post("leadHere", body({ announce: true, title: "Ngày hội VNeID thôn Đông" }));
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ announced: true });
    const event = await prisma.registrationEvent.findUniqueOrThrow({ where: { id: created.json().id } });
    const broadcastId = event.broadcastId ?? "";
    await waitFor(
      async () => (await prisma.broadcast.findUnique({ where: { id: broadcastId } }))?.status === "DONE",
      "the announcement to finish",
      20_000,
    );
    const deliveries = await prisma.broadcastDelivery.findMany({ where: { broadcastId } });
    expect(deliveries.find((d) => d.oaUserId === reachable.userId)?.status).toBe("SENT");
    expect(deliveries.find((d) => d.oaUserId === silent.oaUserId)).toMatchObject({
      status: "SKIPPED",
      reason: "outside-window",
    });
    expect(deliveries.some((d) => d.oaUserId === elsewhere.oaUserId)).toBe(false);

    const sent = kit.emulator.state.sent.filter((m) => m.userId === reachable.userId);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toContain("Ngày hội VNeID thôn Đông");
    expect(sent[0]?.text).toContain("Công an xã");
    const request = JSON.stringify(sent[0]?.request);
    expect(request).toContain("Đăng ký tham gia");
    expect(request).toContain("Nhắc tôi");
    expect(request).toContain(eventPayload("register", event.code));

    // Announcing twice is refused: one broadcast per event.
    const twice = await kit.as("leadHere", { method: "POST", url: `/api/events/${event.id}/announce` });
    expect(twice.statusCode).toBe(409);
  });
});

describe("residents sign up on the OA", () => {
  it("registers once however often the button is tapped, with a number, and counts it", async () => {
    const event = await eventFor([kit.units.dao], new Date(Date.now() + 3 * DAY_MS));
    const resident = await residentOfDao();
    const tap = eventPayload("register", event.code);
    // A double tap: two events stored before either is processed, then processed at once by two workers.
    const [first, second] = [await store(resident.oaUserId, tap), await store(resident.oaUserId, tap)];
    await Promise.all([processInboundEvent(runtime.ctx, first), processInboundEvent(runtime.ctx, second)]);

    expect(await prisma.eventRegistration.count({ where: { eventId: event.id } })).toBe(1);
    const row = await registration(event.id, resident.id);
    expect(row).toMatchObject({ status: "REGISTERED", number: 1 });
    const replies = [await replyTo(first), await replyTo(second)].map((r) => r.text);
    expect(
      replies.filter((t) => t.includes("Bạn đã đăng ký “Ngày hội định danh mức 2”. Số của bạn là 1")),
    ).toHaveLength(1);
    expect(replies.filter((t) => t.includes("đăng ký “Ngày hội định danh mức 2” rồi, số của bạn là 1"))).toHaveLength(
      1,
    );
    const other = await residentOfDao("Nguyễn Thị Năm");
    expect((await say(other.oaUserId, tap)).text).toContain("Số của bạn là 2");

    const page = await kit.as("member", { method: "GET", url: `/api/events/${event.id}` });
    expect(page.json().counts).toMatchObject({ registered: 2, checkedIn: 0 });
  });

  it("understands typed “đăng ký” and “huỷ đk” loosely, for the resident's commune", async () => {
    const event = await eventFor([kit.units.dao], new Date(Date.now() + 4 * DAY_MS), 30, "Buổi đăng ký thôn Tây");
    const resident = await residentOfDao();
    // Another open event for another commune does not make it ambiguous.
    await eventFor([kit.units.cat], new Date(Date.now() + 4 * DAY_MS), 30, "Buổi của xã Hoằng Cát");
    await onlyOpenInDao(event.id);

    const signed = await say(resident.oaUserId, "Đăng kí");
    expect(signed.text).toContain("Bạn đã đăng ký “Buổi đăng ký thôn Tây”");
    expect(signed.buttons.map((b) => b.title)).toContain("Hủy đăng ký");
    expect((await registration(event.id, resident.id))?.status).toBe("REGISTERED");

    // A question that merely contains the word is still a question.
    const question = await say(resident.oaUserId, "đăng ký vneid như thế nào");
    expect(question.text).not.toContain("Bạn đã đăng ký");

    const cancelled = await say(resident.oaUserId, "huỷ đk");
    expect(cancelled.text).toContain("Bạn đã hủy đăng ký “Buổi đăng ký thôn Tây”");
    expect((await registration(event.id, resident.id))?.status).toBe("CANCELLED");
    expect((await say(resident.oaUserId, "hủy đăng ký")).text).toContain("chưa đăng ký buổi nào");

    // A resident with no open day for them (no commune, never announced to): "đăng ký" keeps its old meaning.
    const elsewhere = await prisma.resident.create({
      data: { oaUserId: newOaUserId(), lastInteractionAt: new Date() },
    });
    const ordinary = await say(elsewhere.oaUserId, "đăng ký");
    expect(ordinary.text).not.toContain("Hiện chưa có buổi đăng ký");
    expect(ordinary.text).not.toContain("Bạn đã đăng ký");

    // Signing up again keeps the number the resident had.
    const number = (await registration(event.id, resident.id))?.number;
    expect((await say(resident.oaUserId, "dang ky")).text).toContain(`Số của bạn là ${number}`);
  });

  it("answers «khi nào có ngày hội» with the commune's open day and its buttons, and says so when there is none", async () => {
    const event = await eventFor([kit.units.dao], new Date(Date.now() + 5 * DAY_MS), 30, "Ngày hội thôn Đông");
    await onlyOpenInDao(event.id);
    const resident = await residentOfDao();
    const asked = await say(resident.oaUserId, "khi nào có ngày hội hỗ trợ làm định danh ở xã");
    expect(asked.text).toContain("Ngày hội thôn Đông");
    expect(asked.text).toContain("Thời gian:");
    expect(asked.buttons.map((b) => b.title)).toEqual(["Đăng ký tham gia", "Nhắc tôi"]);
    expect(await registration(event.id, resident.id)).toBeNull();

    const elsewhere = await prisma.resident.create({
      data: { oaUserId: newOaUserId(), lastInteractionAt: new Date() },
    });
    const none = await say(elsewhere.oaUserId, "lich ngay hoi o xa minh");
    expect(none.text).toContain("Hiện chưa có buổi đăng ký nào được báo cho bạn");
    expect(none.buttons.map((b) => b.title)).toEqual(["Đổi xã"]);
  });

  it("refuses kindly when full, offers the next event for the unit, and gives one seat to one of two racers", async () => {
    const full = await eventFor([kit.units.dao], new Date(Date.now() + 2 * DAY_MS), 1, "Buổi sáng thứ Bảy");
    const next = await eventFor([kit.units.dao], new Date(Date.now() + 5 * DAY_MS), 10, "Buổi sáng thứ Tư");
    await onlyOpenInDao(full.id, next.id);
    const [a, b] = [await residentOfDao("Người A"), await residentOfDao("Người B")];
    const tap = eventPayload("register", full.code);
    const [ea, eb] = [await store(a.oaUserId, tap), await store(b.oaUserId, tap)];
    await Promise.all([processInboundEvent(runtime.ctx, ea), processInboundEvent(runtime.ctx, eb)]);
    expect(await prisma.eventRegistration.count({ where: { eventId: full.id, status: "REGISTERED" } })).toBe(1);

    const refused = [await replyTo(ea), await replyTo(eb)].find((r) => r.text.includes("đã đủ chỗ"));
    expect(refused?.text).toContain("Rất tiếc, “Buổi sáng thứ Bảy” đã đủ chỗ");
    expect(refused?.text).toContain("“Buổi sáng thứ Tư”");
    expect(refused?.buttons[0]).toMatchObject({
      title: "Đăng ký tham gia",
      payload: eventPayload("register", next.code),
    });

    // A cancellation frees the seat.
    const winner = (await registration(full.id, a.id))?.status === "REGISTERED" ? a : b;
    const loser = winner === a ? b : a;
    await say(winner.oaUserId, eventPayload("cancel", full.code));
    expect((await say(loser.oaUserId, tap)).text).toContain("Bạn đã đăng ký “Buổi sáng thứ Bảy”");
  });

  it("says so when the event is over or cancelled", async () => {
    const event = await eventFor([kit.units.dao], new Date(Date.now() + DAY_MS));
    await prisma.registrationEvent.update({ where: { id: event.id }, data: { status: "CANCELLED" } });
    const resident = await residentOfDao();
    expect((await say(resident.oaUserId, eventPayload("register", event.code))).text).toContain("đã kết thúc hoặc");
    expect(await registration(event.id, resident.id)).toBeNull();
  });
});

describe("reminders of a registration day", () => {
  // Saturday 12 December 2026, 08:00 Vietnam time; quiet hours 21:00-07:00.
  const startsAt = vn("2026-12-12 08:00");

  /** A resident of HOANG_DAO whose last interaction was 10 December, 12:00 (unless `overrides` says otherwise). */
  async function registered(overrides = {}) {
    const resident = await prisma.resident.create({
      data: {
        oaUserId: newOaUserId(),
        unitId: kit.units.dao,
        lastInteractionAt: vn("2026-12-10 12:00"),
        ...overrides,
      },
    });
    return resident;
  }

  const scan = async (local: string) => {
    clock = vn(local);
    return scanReminders(runtime.ctx);
  };
  const reminderTexts = async (oaUserId: string) =>
    (await prisma.outboundMessage.findMany({ where: { oaUserId, kind: "REMINDER" }, orderBy: { createdAt: "asc" } }))
      .flatMap((row) => readOutboundPayload(row.payload))
      .map((m) => m.text);

  it("reminds the day before and two hours before, moved out of quiet hours, never twice; not the unfollowed, not the cancelled", async () => {
    await prisma.reminder.deleteMany();
    // Events of the other tests start within two days of the real clock, not of this one.
    const event = await eventFor([kit.units.dao], startsAt, 30, "Ngày hội định danh thôn Bắc");
    const signedUpAt = vn("2026-12-09 10:00");
    const stays = await registered();
    const remindOnly = await registered();
    const unfollowed = await registered({ followState: "UNFOLLOWED" });
    const cancelled = await registered();
    const outsideWindow = await registered({ lastInteractionAt: vn("2026-12-02 08:00") });
    const rows = [
      { residentId: stays.id, number: 1, status: "REGISTERED" as const },
      { residentId: remindOnly.id, number: null, status: "REMIND_ONLY" as const },
      { residentId: unfollowed.id, number: 2, status: "REGISTERED" as const },
      { residentId: cancelled.id, number: 3, status: "CANCELLED" as const },
      { residentId: outsideWindow.id, number: 4, status: "REGISTERED" as const },
    ];
    await prisma.eventRegistration.createMany({
      data: rows.map((r) => ({ ...r, eventId: event.id, registeredAt: signedUpAt })),
    });

    expect(await scan("2026-12-11 08:55")).toMatchObject({ planned: 0, sent: 0 });
    // Day before at 09:00: the registered, the "Nhắc tôi" one and the one outside the window are planned.
    const dayBefore = await scan("2026-12-11 09:00");
    expect(dayBefore).toMatchObject({ planned: 3, sent: 2, skipped: 1 });
    expect(await scan("2026-12-11 09:05")).toMatchObject({ planned: 0, sent: 0 });
    expect(await reminderTexts(stays.oaUserId)).toEqual([expect.stringContaining("Nhắc lịch ngày mai")]);
    expect((await reminderTexts(stays.oaUserId))[0]).toContain("Số của bạn là 1");
    expect((await reminderTexts(remindOnly.oaUserId))[0]).toContain("Bạn chưa giữ chỗ");
    expect(await prisma.reminder.findFirst({ where: { residentId: outsideWindow.id } })).toMatchObject({
      status: "SKIPPED",
      reason: "outside-window",
    });

    // Two hours before is 06:00, in quiet hours: planned for 07:00, sent then, to the registered one only.
    expect(await scan("2026-12-12 05:55")).toMatchObject({ planned: 0, sent: 0 });
    expect(await scan("2026-12-12 06:00")).toMatchObject({ planned: 2, sent: 0 });
    expect(await scan("2026-12-12 06:55")).toMatchObject({ sent: 0 });
    expect(await scan("2026-12-12 07:00")).toMatchObject({ sent: 1 });
    expect(await scan("2026-12-12 07:30")).toMatchObject({ planned: 0, sent: 0 });
    const texts = await reminderTexts(stays.oaUserId);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toContain("Còn khoảng hai tiếng nữa");

    expect(await reminderTexts(remindOnly.oaUserId)).toHaveLength(1);
    expect(await reminderTexts(unfollowed.oaUserId)).toEqual([]);
    expect(await reminderTexts(cancelled.oaUserId)).toEqual([]);
    expect(await reminderTexts(outsideWindow.oaUserId)).toEqual([]);
    expect(await prisma.reminder.count({ where: { residentId: unfollowed.id } })).toBe(0);
  });

  it("does not remind a resident who cancelled or unfollowed after the reminder was planned", async () => {
    await prisma.reminder.deleteMany();
    const at = vn("2026-12-19 15:00");
    const event = await eventFor([kit.units.dao], at, 30, "Buổi chiều thứ Bảy");
    const leaves = await registered({ lastInteractionAt: vn("2026-12-18 08:00") });
    const cancels = await registered({ lastInteractionAt: vn("2026-12-18 08:00") });
    await prisma.eventRegistration.createMany({
      data: [leaves, cancels].map((r, i) => ({
        eventId: event.id,
        residentId: r.id,
        number: i + 1,
        status: "REGISTERED" as const,
        registeredAt: vn("2026-12-17 10:00"),
      })),
    });
    // Planned as the scan plans them; then the resident leaves or cancels before the send.
    await prisma.reminder.createMany({
      data: [leaves, cancels].map((r) => ({
        dedupKey: `event:${event.id}:${r.id}:day-before:${at.getTime()}`,
        kind: "REGISTRATION_EVENT" as const,
        residentId: r.id,
        dueAt: vn("2026-12-18 09:00"),
      })),
    });
    await prisma.resident.update({ where: { id: leaves.id }, data: { followState: "UNFOLLOWED" } });
    await prisma.eventRegistration.update({
      where: { eventId_residentId: { eventId: event.id, residentId: cancels.id } },
      data: { status: "CANCELLED" },
    });
    const report = await scan("2026-12-18 09:01");
    expect(report.sent).toBe(0);
    expect(await reminderTexts(leaves.oaUserId)).toEqual([]);
    expect(await reminderTexts(cancels.oaUserId)).toEqual([]);
    const reasons = (await prisma.reminder.findMany({ where: { residentId: { in: [leaves.id, cancels.id] } } })).map(
      (r) => r.reason,
    );
    expect(reasons.sort()).toEqual(["no-longer-relevant", "unfollowed"]);
  });
});

describe("at the event", () => {
  it("checks residents in by number or name, once, and counts the help logged in bulk", async () => {
    const event = await eventFor([kit.units.dao], new Date(Date.now() + DAY_MS), 30, "Ngày hội ở nhà văn hóa");
    const lan = await residentOfDao("Nguyễn Thị Lan");
    const tam = await residentOfDao("Lê Văn Tám");
    await say(lan.oaUserId, eventPayload("register", event.code));
    await say(tam.oaUserId, eventPayload("register", event.code));

    const search = (q: string, role: "member" | "leadOther" = "member") =>
      kit.as(role, { method: "GET", url: `/api/events/${event.id}/registrations?q=${encodeURIComponent(q)}` });
    const byNumber = await search("số 2");
    expect(byNumber.json().items).toMatchObject([{ number: 2, displayName: "Lê Văn Tám" }]);
    const byName = await search("nguyen thi lan");
    expect(byName.json().items).toMatchObject([{ number: 1, displayName: "Nguyễn Thị Lan" }]);
    expect((await search("Lan", "leadOther")).statusCode).toBe(403);

    const registrationId = byName.json().items[0].id as string;
    const checkIn = () =>
      kit.as("member", {
        method: "POST",
        url: `/api/events/${event.id}/registrations/${registrationId}/check-in`,
      });
    const [once, twice] = await Promise.all([checkIn(), checkIn()]);
    expect([once.json().checkedInNow, twice.json().checkedInNow].sort()).toEqual([false, true]);
    const third = await checkIn();
    expect(third.statusCode).toBe(200);
    expect(third.json()).toMatchObject({ checkedInNow: false, registration: { checkedInAt: expect.any(String) } });
    const row = await prisma.eventRegistration.findUniqueOrThrow({ where: { id: registrationId } });
    expect(row.checkedInById).toBe(kit.memberIds.member);

    // Bulk logging: one entry per service, each with its own client id (the outbox's), resent once offline-style.
    const entries = [
      newAssistanceLog({ services: ["VNEID"], people: 12, eventId: event.id }),
      newAssistanceLog({ services: ["CHIP_ID"], people: 5, eventId: event.id }),
      newAssistanceLog({ services: ["VNEID"], people: 3, outcome: "FOLLOW_UP", eventId: event.id }),
    ];
    for (const payload of [...entries, entries[0]]) {
      const res = await kit.as("member", { method: "POST", url: "/api/assistance-logs", payload });
      expect([200, 201]).toContain(res.statusCode);
      expect(res.json().eventId).toBe(event.id);
    }
    // Another commune's lead cannot log at it.
    const foreign = await kit.as("leadOther", {
      method: "POST",
      url: "/api/assistance-logs",
      payload: newAssistanceLog({ eventId: event.id }),
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json()).toMatchObject({ code: "EVENT_NOT_FOUND" });

    const page = await kit.as("leadHere", { method: "GET", url: `/api/events/${event.id}` });
    expect(page.json().counts).toEqual({
      registered: 2,
      checkedIn: 1,
      remindOnly: 0,
      cancelled: 0,
      peopleHelped: 20,
      vneidActivations: 12,
    });
  });
});
