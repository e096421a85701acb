import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUTTON, TEXT } from "../bot/src/conversation/texts.ts";
import { processInboundEvent } from "../bot/src/jobs/inbound.process-event.ts";
import { readOutboundPayload } from "../bot/src/outbound/queue-outbound-message.ts";
import { startWorkers, type WorkerRuntime } from "../bot/src/worker-runtime.ts";
import { createTestApp, signedWebhook, TEST_ZALO, type TestApp } from "./support/test-app.ts";
import { type RunningEmulator, startZaloEmulator } from "./support/zalo-emulator.ts";

/**
 * The chatbot end to end: signed webhook → stored event → inbound worker (conversation engine) → OutboundMessage
 * rows → outbound worker → the Zalo emulator, against real PostgreSQL and Redis.
 */

let emu: RunningEmulator;
let t: TestApp;
let runtime: WorkerRuntime;
let msgCounter = 0;

beforeAll(async () => {
  emu = await startZaloEmulator();
  t = await createTestApp(emu.env);
  runtime = await startWorkers({ config: t.config, queues: ["inbound", "outbound"], recurring: false });
  await t.app.prisma.unit.createMany({
    data: [
      { code: "BUT_SON", name: "Thị trấn Bút Sơn", kind: "TOWN" },
      { code: "HOANG_DAO", name: "Xã Hoằng Đạo", kind: "COMMUNE" },
      { code: "HOANG_GIANG", name: "Xã Hoằng Giang", kind: "COMMUNE" },
      { code: "HH_ORG", name: "Huyện đoàn Hoằng Hóa", kind: "ORGANISATION" },
    ],
  });
});

afterAll(async () => {
  await Promise.all(Object.values(runtime.ctx.queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
  await runtime.close();
  await t.close();
  await emu.close();
});

const prisma = () => t.app.prisma;

function envelope(userId: string) {
  return {
    app_id: TEST_ZALO.appId,
    sender: { id: userId },
    recipient: { id: TEST_ZALO.oaId },
    user_id_by_app: `app-${userId}`,
    timestamp: String(Date.now()),
  };
}

function textEvent(userId: string, text: string) {
  return { ...envelope(userId), event_name: "user_send_text", message: { msg_id: `chat-${++msgCounter}`, text } };
}

function followEvent(userId: string, eventName: "follow" | "unfollow") {
  return {
    app_id: TEST_ZALO.appId,
    oa_id: TEST_ZALO.oaId,
    follower: { id: userId },
    user_id_by_app: `app-${userId}`,
    event_name: eventName,
    source: "oa_profile",
    timestamp: String(Date.now() + ++msgCounter),
  };
}

async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Posts a signed event and waits until the worker has processed it and every reply has left for Zalo. */
async function post(body: Record<string, unknown>): Promise<string> {
  const response = await t.app.inject(signedWebhook(body));
  expect(response.statusCode).toBe(200);
  const userId = (body.sender as { id?: string } | undefined)?.id ?? (body.follower as { id: string }).id;
  // Events are posted one at a time, so the newest stored event of this resident is the one just posted.
  const posted = await prisma().inboundEvent.findFirstOrThrow({
    where: { oaUserId: userId },
    orderBy: { receivedAt: "desc" },
  });
  const event = await waitFor(
    () => prisma().inboundEvent.findFirst({ where: { id: posted.id, status: { not: "RECEIVED" } } }),
    "the event to be processed",
  );
  await waitFor(
    async () => (await prisma().outboundMessage.count({ where: { oaUserId: userId, status: "QUEUED" } })) === 0,
    "the replies to be sent",
  );
  return event.id;
}

/** Sends the texts one by one, as a resident would. */
async function say(userId: string, ...texts: string[]): Promise<void> {
  for (const text of texts) await post(textEvent(userId, text));
}

async function replies(userId: string): Promise<{ text: string; buttons: string[]; status: string }[]> {
  const rows = await prisma().outboundMessage.findMany({
    where: { oaUserId: userId },
    orderBy: [{ createdAt: "asc" }, { idempotencyKey: "asc" }],
  });
  return rows.flatMap((row) =>
    readOutboundPayload(row.payload).map((message) => ({
      text: message.text,
      buttons: (message.buttons ?? []).map((b) => b.title),
      status: row.status,
    })),
  );
}

const lastReply = async (userId: string) => (await replies(userId)).at(-1);

describe("chatbot over the webhook", () => {
  it("welcomes a follower with the menu, delivered to Zalo in order", async () => {
    const r = emu.reachableResident();
    await post(followEvent(r.userId, "follow"));
    const sent = await replies(r.userId);
    expect(sent[0]?.text).toContain("Chào mừng");
    expect(sent.flatMap((m) => m.buttons)).toContain("Định danh điện tử VNeID");
    expect(sent.every((m) => m.status === "SENT" && m.buttons.length <= 4)).toBe(true);
    const delivered = emu.emulator.state.sent.filter((s) => s.userId === r.userId);
    expect(delivered.map((s) => s.text)).toEqual(sent.map((m) => m.text));
    const resident = await prisma().resident.findUniqueOrThrow({ where: { oaUserId: r.userId } });
    expect(resident.followState).toBe("FOLLOWING");
    expect(resident.lastInteractionAt).not.toBeNull();
  });

  it("walks VNeID level 1 with buttons and keeps progress and anonymous funnel events", async () => {
    const r = emu.reachableResident();
    await say(
      r.userId,
      "Định danh điện tử VNeID",
      "Chưa có tài khoản",
      BUTTON.done,
      BUTTON.done,
      BUTTON.done,
      BUTTON.done,
    );
    const progress = await prisma().checklistProgress.findFirstOrThrow({ where: { checklistId: "vneid" } });
    expect(progress).toMatchObject({ stepId: "l1-next", status: "IN_PROGRESS", checklistVersion: 1 });
    await say(r.userId, "Để sau");
    const done = await prisma().checklistProgress.findUniqueOrThrow({ where: { id: progress.id } });
    expect(done).toMatchObject({ status: "DONE", stepId: "done-l1" });
    expect(done.completedAt).not.toBeNull();
    expect(
      await prisma().checklistStepEvent.count({ where: { checklistId: "vneid", kind: "COMPLETED" } }),
    ).toBeGreaterThanOrEqual(1);
    expect((await lastReply(r.userId))?.buttons).toContain(BUTTON.menu);
  });

  it("lands 'kich hoat dinh danh muc 2' typed without diacritics on the activation step", async () => {
    const r = emu.reachableResident();
    await say(r.userId, "kich hoat dinh danh muc 2");
    const reply = await lastReply(r.userId);
    expect(reply?.text).toContain("mã kích hoạt");
    expect(reply?.buttons).toEqual([BUTTON.done, BUTTON.stuck, BUTTON.help]);
    const resident = await prisma().resident.findUniqueOrThrow({
      where: { oaUserId: r.userId },
      include: { progress: true },
    });
    expect(resident.progress).toMatchObject([{ checklistId: "vneid", stepId: "l2-activate" }]);
  });

  it("resumes with 'tiếp tục' after the menu", async () => {
    const r = emu.reachableResident();
    await say(r.userId, "cccd", "Làm thẻ lần đầu", "menu", "tiếp tục");
    expect((await lastReply(r.userId))?.text).toContain("Nơi làm thẻ");
  });

  it("opens a help request for the commune the resident typed, at the time they chose", async () => {
    const r = emu.reachableResident();
    await say(r.userId, "vneid", "Chưa có tài khoản", BUTTON.help);
    const ask = await lastReply(r.userId);
    expect(ask?.buttons).toEqual(["Thị trấn Bút Sơn", "Xã Hoằng Đạo", "Xã Hoằng Giang"]);
    await say(r.userId, "hoang dao", "Chiều nay");
    const request = await prisma().helpRequest.findFirstOrThrow({ include: { unit: true, resident: true } });
    expect(request.unit.code).toBe("HOANG_DAO");
    expect(request.resident?.oaUserId).toBe(r.userId);
    expect(request).toMatchObject({
      preferredTime: "Chiều nay",
      status: "OPEN",
      topic: "Định danh điện tử VNeID – Cài ứng dụng VNeID",
    });
    expect((await lastReply(r.userId))?.text).toContain("Đã gửi yêu cầu hỗ trợ đến đoàn viên Xã Hoằng Đạo");
    const resident = await prisma().resident.findUniqueOrThrow({
      where: { oaUserId: r.userId },
      include: { unit: true },
    });
    expect(resident.unit?.code).toBe("HOANG_DAO");
  });

  it("answers a redelivered event once, and a retried job sends nothing twice", async () => {
    const r = emu.reachableResident();
    const body = textEvent(r.userId, "menu");
    const eventId = await post(body);
    const before = await prisma().outboundMessage.count({ where: { oaUserId: r.userId } });
    expect(before).toBeGreaterThan(0);
    const again = await t.app.inject(signedWebhook(body));
    expect(again.json()).toEqual({ ok: true, duplicate: true });
    expect(await processInboundEvent(runtime.ctx, eventId)).toBe("already-processed");
    expect(await prisma().outboundMessage.count({ where: { oaUserId: r.userId } })).toBe(before);
    const keys = (await prisma().outboundMessage.findMany({ where: { oaUserId: r.userId } })).map(
      (m) => m.idempotencyKey,
    );
    expect(keys).toEqual([`reply:${eventId}`]);
  });

  it("processes one resident's concurrent events one at a time", async () => {
    // A resident we have never seen: without the lock, two turns would both try to create them.
    const r = emu.reachableResident();
    const ids = await Promise.all(
      ["Thanh toán không tiền mặt", "Bán hàng trực tuyến", "Dịch vụ công trực tuyến"].map(async (text) => {
        const body = textEvent(r.userId, text);
        await t.app.inject(signedWebhook(body));
        return (await prisma().inboundEvent.findUniqueOrThrow({ where: { dedupKey: `msg:${body.message.msg_id}` } }))
          .id;
      }),
    );
    // Run the three turns at once, as three workers would: without the lock, two would read the same state.
    await Promise.all(ids.map((id) => processInboundEvent(runtime.ctx, id)));
    const resident = await prisma().resident.findUniqueOrThrow({
      where: { oaUserId: r.userId },
      include: { conversation: true },
    });
    const state = resident.conversation?.state as { progress: Record<string, unknown> };
    expect(Object.keys(state.progress).sort()).toEqual(["cashless", "ecommerce", "public-services"]);
  });

  it("sends nothing after an unfollow", async () => {
    const r = emu.reachableResident();
    await say(r.userId, "vneid");
    const before = await prisma().outboundMessage.count({ where: { oaUserId: r.userId } });
    await post(followEvent(r.userId, "unfollow"));
    expect(await prisma().outboundMessage.count({ where: { oaUserId: r.userId } })).toBe(before);
    const resident = await prisma().resident.findUniqueOrThrow({ where: { oaUserId: r.userId } });
    expect(resident.followState).toBe("UNFOLLOWED");
  });

  it("answers stickers kindly and unrecognised text with the menu", async () => {
    const r = emu.reachableResident();
    await post({
      ...envelope(r.userId),
      event_name: "user_send_sticker",
      message: {
        msg_id: `chat-${++msgCounter}`,
        attachments: [{ type: "sticker", payload: { id: "s1", url: "https://example.org/s.png" } }],
      },
    });
    expect((await lastReply(r.userId))?.text).toContain("Cảm ơn");
    await say(r.userId, "asdfgh qwerty");
    const all = await replies(r.userId);
    expect(all.some((m) => m.text.includes("chưa hiểu"))).toBe(true);
  });
});

describe("privacy", () => {
  it("leaves no trace of a citizen ID number in any table, and warns the resident", async () => {
    const r = emu.reachableResident();
    const secret = "038123456789";
    await say(r.userId, `so cccd cua toi la ${secret}`);
    expect((await replies(r.userId))[0]?.text).toBe(TEXT.privacyWarning);

    const columns = await prisma().$queryRaw<{ table_name: string; column_name: string }[]>`
      SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED')`;
    expect(columns.length).toBeGreaterThan(10);
    const hits: string[] = [];
    for (const { table_name, column_name } of columns) {
      const [row] = await prisma().$queryRawUnsafe<{ n: bigint }[]>(
        `SELECT count(*) AS n FROM "${table_name}" WHERE "${column_name}"::text LIKE $1`,
        `%${secret}%`,
      );
      if (row && row.n > 0n) hits.push(`${table_name}.${column_name}`);
    }
    expect(hits).toEqual([]);
  });

  it("deletes the resident's personal data after confirmation, keeping anonymous counts", async () => {
    const r = emu.reachableResident();
    await say(r.userId, "vneid", "Chưa có tài khoản", BUTTON.help, "hoang giang", "Ngày mai");
    const resident = await prisma().resident.findUniqueOrThrow({ where: { oaUserId: r.userId } });
    const stepEventsBefore = await prisma().checklistStepEvent.count();
    await say(r.userId, "xoá dữ liệu của tôi");
    expect((await lastReply(r.userId))?.buttons).toEqual([BUTTON.confirmDelete, BUTTON.keepData]);
    expect(await prisma().checklistProgress.count({ where: { residentId: resident.id } })).toBe(1);
    await say(r.userId, BUTTON.confirmDelete);

    expect((await lastReply(r.userId))?.text).toBe(TEXT.deleted);
    expect(await prisma().conversation.count({ where: { residentId: resident.id } })).toBe(0);
    expect(await prisma().checklistProgress.count({ where: { residentId: resident.id } })).toBe(0);
    const help = await prisma().helpRequest.findFirstOrThrow({
      where: { topic: { contains: "Cài ứng dụng" }, unit: { code: "HOANG_GIANG" } },
    });
    expect(help).toMatchObject({ residentId: null, status: "CANCELLED", preferredTime: "" });
    const events = await prisma().inboundEvent.findMany({ where: { oaUserId: r.userId } });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => JSON.stringify(e.payload) === "{}")).toBe(true);
    const after = await prisma().resident.findUniqueOrThrow({ where: { id: resident.id } });
    expect(after).toMatchObject({ unitId: null, appUserId: null, displayName: null });
    expect(await prisma().checklistStepEvent.count()).toBe(stepEventsBefore);
    const sentHistory = await prisma().outboundMessage.findMany({ where: { oaUserId: r.userId, status: "SENT" } });
    expect(sentHistory.flatMap((m) => readOutboundPayload(m.payload)).map((m) => m.text)).toEqual([TEXT.deleted]);
  });
});
