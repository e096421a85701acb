import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readOutboundPayload } from "../bot/src/outbound/queue-outbound-message.ts";
import { TAKEOVER_TEXT } from "../bot/src/takeover/takeover-texts.ts";
import { startWorkers, type WorkerRuntime } from "../bot/src/worker-runtime.ts";
import type { Resident } from "../emulator/src/emulator-state.ts";
import { DEMO } from "./support/api-test-kit.ts";
import { createTestApp, signedWebhook, TEST_ZALO, type TestApp } from "./support/test-app.ts";
import { waitFor } from "./support/wait-for.ts";
import { type RunningEmulator, startZaloEmulator } from "./support/zalo-emulator.ts";

/**
 * Human takeover end to end: the emulator plays residents and a staff member answering by hand in Zalo's OA chat
 * tool, and delivers every event (the residents' messages and the `oa_send_*` echoes of all OA messages, the
 * product's own included) to the real server over HTTP, signed; the real workers answer through the emulator.
 */

let emu: RunningEmulator;
let t: TestApp;
let runtime: WorkerRuntime;
let leadToken: string;
let otherLeadToken: string;

const HOUR_MS = 3600_000;
const prisma = () => t.app.prisma;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  emu = await startZaloEmulator({
    webhookUrl: `http://127.0.0.1:${port}/webhooks/zalo`,
    appSecret: TEST_ZALO.appSecret,
  });
  t = await createTestApp({ ...emu.env, QUIET_HOURS: "" });
  await t.app.listen({ port, host: "127.0.0.1" });
  runtime = await startWorkers({ config: t.config, queues: ["inbound", "outbound"], recurring: false });
  const root = await prisma().unit.create({
    data: { code: "HOANG_HOA", name: "Huyện đoàn Hoằng Hóa", kind: "ORGANISATION" },
  });
  const dao = await prisma().unit.create({
    data: { code: "HOANG_DAO", name: "Xã Hoằng Đạo", kind: "COMMUNE", parentId: root.id },
  });
  const cat = await prisma().unit.create({
    data: { code: "HOANG_CAT", name: "Xã Hoằng Cát", kind: "COMMUNE", parentId: root.id },
  });
  const active = { status: "ACTIVE" as const, approvedAt: new Date() };
  await prisma().member.create({
    data: { zaloId: DEMO.lead, name: "Trần Văn Bí Thư", role: "UNIT_LEAD", unitId: dao.id, ...active },
  });
  await prisma().member.create({
    data: { zaloId: DEMO.otherLead, name: "Phạm Văn Minh", role: "UNIT_LEAD", unitId: cat.id, ...active },
  });
  leadToken = await signIn(DEMO.lead);
  otherLeadToken = await signIn(DEMO.otherLead);
});

afterAll(async () => {
  await Promise.all(Object.values(runtime.ctx.queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
  await runtime.close();
  await t.close();
  await emu.close();
});

async function signIn(zaloId: string): Promise<string> {
  const issued = await emu.emulator.app.inject({
    method: "POST",
    url: "/_emulator/signin",
    payload: { userId: zaloId },
  });
  const accessToken = (issued.json() as { accessToken: string }).accessToken;
  const res = await t.app.inject({ method: "POST", url: "/api/auth/zalo", payload: { accessToken } });
  expect(res.statusCode).toBe(200);
  return (res.json() as { token: string }).token;
}

/** Everything about this resident has settled: delivered, processed, sent, and the sends' echoes processed too. */
async function settle(userId: string, { sends = true } = {}): Promise<void> {
  let quietRounds = 0;
  await waitFor(async () => {
    const undelivered = emu.emulator.deliverer.list().filter((r) => r.userId === userId && r.state === "pending");
    const [received, queued] = await Promise.all([
      prisma().inboundEvent.count({ where: { oaUserId: userId, status: "RECEIVED" } }),
      sends ? prisma().outboundMessage.count({ where: { oaUserId: userId, status: "QUEUED" } }) : 0,
    ]);
    quietRounds = undelivered.length + received + queued === 0 ? quietRounds + 1 : 0;
    return quietRounds >= 3;
  }, "the conversation to settle");
}

async function control(resident: Resident, action: string, body: Record<string, unknown>) {
  const res = await emu.emulator.app.inject({
    method: "POST",
    url: `/_emulator/users/${resident.userId}/${action}`,
    payload: body,
  });
  expect(res.statusCode).toBe(200);
  await settle(resident.userId);
}

const say = (resident: Resident, text: string) => control(resident, "text", { text });
const staffSays = (resident: Resident, text: string) => control(resident, "staff-reply", { text });

async function botTexts(userId: string): Promise<string[]> {
  const rows = await prisma().outboundMessage.findMany({
    where: { oaUserId: userId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.flatMap((row) => readOutboundPayload(row.payload).map((m) => m.text));
}

const takeoverOf = (userId: string) =>
  prisma().resident.findUniqueOrThrow({
    where: { oaUserId: userId },
    select: { id: true, humanTakeoverUntil: true, humanTakeoverSince: true },
  });

async function residentInDao(name: string): Promise<Resident> {
  const resident = emu.reachableResident(name);
  await say(resident, "menu");
  const dao = await prisma().unit.findUniqueOrThrow({ where: { code: "HOANG_DAO" } });
  await prisma().resident.update({ where: { oaUserId: resident.userId }, data: { unitId: dao.id, displayName: name } });
  return resident;
}

describe("human takeover", () => {
  it("does not take the echoes of its own sends for a person", async () => {
    const r = await residentInDao("Lê Văn Một");
    await say(r, "vneid");
    const echoes = await prisma().inboundEvent.findMany({
      where: { oaUserId: r.userId, eventName: { startsWith: "oa_send_" } },
    });
    const sent = emu.emulator.state.sent.filter((s) => s.userId === r.userId);
    expect(sent.length).toBeGreaterThan(1);
    expect(echoes).toHaveLength(sent.length);
    expect(echoes.every((e) => e.status === "IGNORED")).toBe(true);
    // Their text served only to tell them apart: it is not kept.
    expect(echoes.every((e) => (e.payload as { message?: { text?: string } }).message?.text === undefined)).toBe(true);
    expect((await takeoverOf(r.userId)).humanTakeoverUntil).toBeNull();
  });

  it("falls silent after a staff member answers by hand, records what the resident writes, and extends", async () => {
    const r = await residentInDao("Lê Thị Hai");
    const before = Date.now();
    await staffSays(r, "Chào bác, cháu là cán bộ Đoàn xã, cháu gọi lại cho bác ngay ạ.");
    const first = await takeoverOf(r.userId);
    expect(first.humanTakeoverUntil?.getTime()).toBeGreaterThanOrEqual(before + 12 * HOUR_MS);
    expect(first.humanTakeoverUntil?.getTime()).toBeLessThanOrEqual(Date.now() + 12 * HOUR_MS);
    const staffEcho = await prisma().inboundEvent.findFirstOrThrow({
      where: { oaUserId: r.userId, eventName: "oa_send_text", status: "PROCESSED" },
    });
    expect(staffEcho.payload).toMatchObject({ message: { text: expect.stringContaining("cán bộ Đoàn xã") } });

    const repliesBefore = await botTexts(r.userId);
    const sentBefore = emu.emulator.state.sent.filter((s) => s.userId === r.userId).length;
    await say(r, "vneid");
    await say(r, "nhờ đoàn viên hỗ trợ");
    expect(await botTexts(r.userId)).toEqual(repliesBefore);
    expect(emu.emulator.state.sent.filter((s) => s.userId === r.userId)).toHaveLength(sentBefore);
    const recorded = await prisma().inboundEvent.findMany({
      where: { oaUserId: r.userId, eventName: "user_send_text" },
      orderBy: { receivedAt: "desc" },
      take: 2,
    });
    expect(recorded.map((e) => e.status)).toEqual(["PROCESSED", "PROCESSED"]);
    expect(await prisma().helpRequest.count({ where: { resident: { oaUserId: r.userId } } })).toBe(0);

    // The second answer must come at a later millisecond than the first for the silence to move on.
    const firstUntil = first.humanTakeoverUntil?.getTime() ?? 0;
    await waitFor(() => Date.now() + 12 * HOUR_MS > firstUntil, "the clock to pass the first answer");
    await staffSays(r, "Bác chờ cháu 10 phút nhé.");
    const second = await takeoverOf(r.userId);
    expect(second.humanTakeoverUntil?.getTime()).toBeGreaterThan(first.humanTakeoverUntil?.getTime() ?? 0);
    expect(second.humanTakeoverSince).toEqual(first.humanTakeoverSince);
  });

  it("takes over when staff answer a resident minutes after a notice reached them", async () => {
    // Played in `npm run dev` (issue 10's story): a notice to the commune, the resident answers it, a staff member
    // replies by hand a minute later. That reply is not the notice's echo, so the bot must fall silent.
    const r = await residentInDao("Lê Văn Bảy");
    const notice = await prisma().broadcast.create({
      data: {
        title: "Cảnh giác cuộc gọi giả danh công an",
        text: "Công an không gọi điện bảo cài ứng dụng. Bà con không đọc mã OTP cho ai.",
        audience: {},
        status: "DONE",
        sendAt: new Date(),
        urgent: true,
        total: 1,
        startedAt: new Date(),
        finishedAt: new Date(),
      },
    });
    await prisma().broadcastDelivery.create({
      data: { broadcastId: notice.id, oaUserId: r.userId, status: "SENT", zaloMessageId: "notice-msg-1" },
    });
    await staffSays(r, "Dạ bác yên tâm, cuộc gọi đó là lừa đảo, bác đừng cài gì nhé.");
    expect((await takeoverOf(r.userId)).humanTakeoverUntil?.getTime()).toBeGreaterThan(Date.now());
  });

  it("answers again once the silence has run out", async () => {
    const r = await residentInDao("Lê Văn Ba");
    await staffSays(r, "Cháu chào bác ạ.");
    const before = (await botTexts(r.userId)).length;
    // Twelve hours later (the column is the clock's only input).
    await prisma().resident.update({
      where: { oaUserId: r.userId },
      data: { humanTakeoverUntil: new Date(Date.now() - 1000) },
    });
    await say(r, "vneid");
    expect((await botTexts(r.userId)).length).toBeGreaterThan(before);
  });

  it("gives the conversation back when the resident types menu, loosely", async () => {
    const r = await residentInDao("Lê Thị Bốn");
    await staffSays(r, "Bác cần gì cứ nhắn cháu nhé.");
    const before = (await botTexts(r.userId)).length;
    await say(r, "cho xem Mênu nhé");
    const texts = (await botTexts(r.userId)).slice(before);
    expect(texts[0]).toBe(TAKEOVER_TEXT.backOnRequest);
    expect(texts.length).toBeGreaterThan(1);
    expect((await takeoverOf(r.userId)).humanTakeoverUntil).toBeNull();
  });

  it("still deletes the resident's data on request while taken over", async () => {
    const r = await residentInDao("Lê Văn Năm");
    const staffText = "Cháu đây ạ, cháu gọi bác Năm ở số nhà 12 nhé.";
    await staffSays(r, staffText);
    const echoed = await prisma().$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "InboundEvent" WHERE "payload"::text LIKE ${`%${staffText}%`}`;
    expect(Number(echoed[0]?.n)).toBeGreaterThan(0);
    await say(r, "xóa dữ liệu của tôi");
    await say(r, "Đồng ý xóa");
    expect(await prisma().resident.findUnique({ where: { oaUserId: r.userId } })).toBeNull();
    // What the staff member typed to them (stored as Zalo's echo of the OA's send) goes with their data.
    const left = await prisma().$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "InboundEvent" WHERE "payload"::text LIKE ${`%${staffText}%`}`;
    expect(Number(left[0]?.n)).toBe(0);
  });

  it("lists taken-over conversations for the lead's unit and gives one back from the mini-app", async () => {
    const r = await residentInDao("Lê Thị Sáu");
    await staffSays(r, "Cháu gọi bác nhé.");
    const { id } = await takeoverOf(r.userId);
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });

    const listed = await t.app.inject({ method: "GET", url: "/api/takeovers", headers: auth(leadToken) });
    expect(listed.statusCode).toBe(200);
    const item = (listed.json() as { items: { residentId: string }[] }).items.find((i) => i.residentId === id);
    expect(item).toMatchObject({ displayName: "Lê Thị Sáu", unitName: "Xã Hoằng Đạo" });

    const other = await t.app.inject({ method: "GET", url: "/api/takeovers", headers: auth(otherLeadToken) });
    expect((other.json() as { items: { residentId: string }[] }).items.some((i) => i.residentId === id)).toBe(false);
    const refused = await t.app.inject({
      method: "POST",
      url: `/api/takeovers/${id}/give-back`,
      headers: auth(otherLeadToken),
    });
    expect(refused.statusCode).toBe(404);

    const before = (await botTexts(r.userId)).length;
    const given = await t.app.inject({
      method: "POST",
      url: `/api/takeovers/${id}/give-back`,
      headers: auth(leadToken),
    });
    expect(given.statusCode).toBe(200);
    await settle(r.userId);
    expect((await botTexts(r.userId)).slice(before)).toEqual([TAKEOVER_TEXT.backFromStaff]);
    expect((await takeoverOf(r.userId)).humanTakeoverUntil).toBeNull();
    // The assistant's own "I am back" message is not taken for a person either.
    await say(r, "vneid");
    expect((await botTexts(r.userId)).length).toBeGreaterThan(before + 1);
    const again = await t.app.inject({
      method: "POST",
      url: `/api/takeovers/${id}/give-back`,
      headers: auth(leadToken),
    });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ code: "TAKEOVER_NOT_FOUND" });
  });

  it("does not mistake the echo of a send whose message_id is not recorded yet for a person", async () => {
    const r = await residentInDao("Lê Văn Bảy");
    // A reply on the wire: Zalo accepted it and echoed it, the sender has not recorded the message_id yet.
    await prisma().outboundMessage.create({
      data: {
        idempotencyKey: `in-flight:${r.userId}`,
        oaUserId: r.userId,
        kind: "REPLY",
        payload: { messages: [{ text: "Bước 1: Mở ứng dụng VNeID trên điện thoại." }] },
      },
    });
    const echo = (msgId: string, text: string) => ({
      app_id: TEST_ZALO.appId,
      sender: { id: TEST_ZALO.oaId },
      recipient: { id: r.userId },
      user_id_by_app: r.userIdByApp,
      event_name: "oa_send_text",
      message: { msg_id: msgId, text },
      timestamp: String(Date.now()),
    });
    const post = async (body: Record<string, unknown>) => {
      expect((await t.app.inject(signedWebhook(body))).statusCode).toBe(200);
      // The row on the wire stays QUEUED (it is nobody's job): wait for the events only.
      await settle(r.userId, { sends: false });
    };
    // Zalo may trim or re-wrap the text, and add the numbered choices when it refused the buttons.
    await post(echo(`race-${r.userId}`, "Bước 1:  Mở ứng dụng VNeID trên điện thoại.\n1. Xong"));
    expect((await takeoverOf(r.userId)).humanTakeoverUntil).toBeNull();
    // Whatever its text: the buttons Zalo refused may come as a numbered list of their own.
    await post(echo(`race-list-${r.userId}`, "Nhắn số để chọn:\n1. Xong\n2. Gặp khó khăn"));
    expect((await takeoverOf(r.userId)).humanTakeoverUntil).toBeNull();
    // An already-sent message whose echo carries another id than the one Zalo returned: matched by its text.
    await prisma().outboundMessage.update({
      where: { idempotencyKey: `in-flight:${r.userId}` },
      data: { status: "SENT", sentAt: new Date(), zaloMessageId: "returned-id" },
    });
    await post(echo(`other-id-${r.userId}`, "Bước 1: Mở ứng dụng VNeID trên điện thoại."));
    expect((await takeoverOf(r.userId)).humanTakeoverUntil).toBeNull();
    // But a short staff answer is not taken for a piece of a bot message that happens to contain it.
    await post(echo(`staff-${r.userId}`, "VNeID"));
    expect((await takeoverOf(r.userId)).humanTakeoverUntil).not.toBeNull();
  });
});
