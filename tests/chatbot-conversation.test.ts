import { helpRatingPayload } from "@xks/shared/api/help-requests";
import { KNOWLEDGE_BASE } from "@xks/shared/knowledge/knowledge-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUTTON, TEXT } from "../bot/src/conversation/texts.ts";
import { processInboundEvent } from "../bot/src/jobs/inbound.process-event.ts";
import { readOutboundPayload } from "../bot/src/outbound/queue-outbound-message.ts";
import type { WorkerRuntime } from "../bot/src/worker-runtime.ts";
import type { ZaloWebhookEvent } from "../emulator/src/zalo-events.ts";
import { startChatStack, stopChatStack } from "./support/chat-stack.ts";
import { signedWebhook, type TestApp } from "./support/test-app.ts";
import { waitFor } from "./support/wait-for.ts";
import { followEvent, postEventAndSettle, sayAndSettle, textEvent, userMessageEvent } from "./support/webhook-turns.ts";
import type { RunningEmulator } from "./support/zalo-emulator.ts";

/**
 * The chatbot end to end: signed webhook → stored event → inbound worker (conversation engine) → OutboundMessage
 * rows → outbound worker → the Zalo emulator, against real PostgreSQL and Redis.
 */

let emu: RunningEmulator;
let t: TestApp;
let runtime: WorkerRuntime;

beforeAll(async () => {
  ({ emu, t, runtime } = await startChatStack());
  await t.app.prisma.unit.createMany({
    data: [
      { code: "BUT_SON", name: "Thị trấn Bút Sơn", kind: "TOWN" },
      { code: "HOANG_DAO", name: "Xã Hoằng Đạo", kind: "COMMUNE" },
      { code: "HOANG_GIANG", name: "Xã Hoằng Giang", kind: "COMMUNE" },
      { code: "HH_ORG", name: "Huyện đoàn Hoằng Hóa", kind: "ORGANISATION" },
    ],
  });
});

afterAll(() => stopChatStack({ emu, t, runtime }));

const prisma = () => t.app.prisma;

/** Posts a signed event and waits until the worker has processed it and every reply has left for Zalo. */
const post = async (event: ZaloWebhookEvent) => (await postEventAndSettle(t.app, event)).id;

/** Sends the texts one by one, as a resident would. */
async function say(userId: string, ...texts: string[]): Promise<void> {
  await sayAndSettle(t.app, userId, ...texts);
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
    await post(followEvent(r.userId));
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
    // Issue 9: the resident first gets the knowledge-base answer about activation codes, then "Làm theo từng bước"
    // leads into the checklist at the activation step's troubleshooting.
    await say(r.userId, "kich hoat dinh danh muc 2");
    const answer = await lastReply(r.userId);
    expect(answer?.text).toContain("mã kích hoạt");
    expect(answer?.buttons).toEqual([BUTTON.done, BUTTON.stillNotWorking, BUTTON.help, BUTTON.followSteps]);
    await say(r.userId, BUTTON.followSteps);
    const resident = await prisma().resident.findUniqueOrThrow({
      where: { oaUserId: r.userId },
      include: { progress: true },
    });
    expect(resident.progress).toMatchObject([{ checklistId: "vneid", stepId: "l2-activate-help" }]);
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
    // The confirmation, then the consent card for the phone number (resident-profile.test.ts).
    const after = (await replies(r.userId)).slice(-3);
    expect(after[0]?.text).toContain("Đã gửi yêu cầu hỗ trợ đến đoàn viên Xã Hoằng Đạo");
    const resident = await prisma().resident.findUniqueOrThrow({
      where: { oaUserId: r.userId },
      include: { unit: true },
    });
    expect(resident.unit?.code).toBe("HOANG_DAO");
  });

  it("rates the resident's latest completed request from a tap that shows no id in their chat", async () => {
    const r = emu.reachableResident();
    await say(r.userId, "menu");
    const resident = await prisma().resident.findUniqueOrThrow({ where: { oaUserId: r.userId } });
    const unit = await prisma().unit.findUniqueOrThrow({ where: { code: "HOANG_DAO" } });
    const done = (minutesAgo: number) => ({
      residentId: resident.id,
      unitId: unit.id,
      topic: "Hỗ trợ chung",
      preferredTime: "Chiều nay",
      status: "DONE" as const,
      doneAt: new Date(Date.now() - minutesAgo * 60_000),
    });
    const earlier = await prisma().helpRequest.create({ data: done(60 * 24) });
    const latest = await prisma().helpRequest.create({ data: done(5) });
    await say(r.userId, helpRatingPayload(5));
    expect(helpRatingPayload(5)).not.toContain(latest.id);
    expect((await prisma().helpRequest.findUniqueOrThrow({ where: { id: latest.id } })).rating).toBe(5);
    expect((await prisma().helpRequest.findUniqueOrThrow({ where: { id: earlier.id } })).rating).toBeNull();
    expect((await lastReply(r.userId))?.text).toBe(TEXT.ratingThanks);
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
    // A call may hand its event over to whichever worker holds the resident's inbox; wait for all three.
    await Promise.all(ids.map((id) => processInboundEvent(runtime.ctx, id)));
    await waitFor(
      async () => (await prisma().inboundEvent.count({ where: { id: { in: ids }, status: "PROCESSED" } })) === 3,
      "the three turns",
    );
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
    await post(
      userMessageEvent(r.userId, "user_send_sticker", {
        attachments: [{ type: "sticker", payload: { id: "s1", url: "https://example.org/s.png" } }],
      }),
    );
    expect((await lastReply(r.userId))?.text).toContain("Cảm ơn");
    // Issue 9: unrecognised text is answered honestly ("chưa có câu trả lời") and recorded, masked and anonymous.
    await say(r.userId, "asdfgh qwerty");
    const all = await replies(r.userId);
    expect(all.some((m) => m.text.includes("chưa có câu trả lời"))).toBe(true);
    const recorded = await prisma().unansweredQuestion.findMany({ where: { text: "asdfgh qwerty" } });
    expect(recorded).toMatchObject([{ normalized: "asdfgh qwerty", bestGuess: null }]);
  });
});

describe("answers, not menus (issue 9)", () => {
  const answerOf = (id: string) => KNOWLEDGE_BASE.find((e) => e.id === id)?.answer;

  it.each([
    ["Tôi đã bị lừa đảo trực tuyến, làm cách nào để lấy lại tiền?", "online-safety.scammed-what-now"],
    ["Mất điện thoại, đăng nhập VNeID đòi thiết bị cũ", "vneid.lost-phone"],
    ["Cách đăng ký mở Shop trên Sendo?", "ecommerce.open-shop-sendo"],
    ["Quên mật khẩu ngân hàng BIDV thì làm sao?", "cashless.forgot-bank-password"],
    ["quên mật khẩu vneid thì làm sao", "vneid.forgot-password"],
  ])("answers «%s» with %s", async (text, entryId) => {
    const r = emu.reachableResident();
    await say(r.userId, text);
    const reply = await lastReply(r.userId);
    expect(reply?.text).toContain(answerOf(entryId));
    expect(reply?.buttons).toContain("Vẫn chưa được");
    expect(reply?.buttons).toContain("Nhờ đoàn viên hỗ trợ");
  });

  it("answers a question inside a checklist step, with a way back to the step", async () => {
    const r = emu.reachableResident();
    await say(r.userId, "vneid", "Chưa có tài khoản", "quên mật khẩu vneid thì làm sao");
    const reply = await lastReply(r.userId);
    expect(reply?.text).toContain(answerOf("vneid.forgot-password"));
    expect(reply?.buttons[0]).toBe("Tiếp tục bước «Cài ứng dụng VNeID»");
    await say(r.userId, "Tiếp tục bước «Cài ứng dụng VNeID»");
    expect((await lastReply(r.userId))?.text).toContain("Bước 1: Cài ứng dụng VNeID");
  });

  it.each([
    // A short message with "không được" that names another problem: answered, not the step's own troubleshooting.
    ["quet mat hoai khong duoc", "vneid.face-check-failed"],
    // "Does this cost money?" inside the VNeID guide: what VNeID costs, not what a volunteer costs.
    ["cai nay co mat tien khong chau", "vneid.fees"],
  ])("answers «%s» inside the VNeID install step with %s and a way back", async (text, entryId) => {
    const r = emu.reachableResident();
    await say(r.userId, "vneid", "Chưa có tài khoản", text);
    const reply = await lastReply(r.userId);
    expect(reply?.text).toContain(answerOf(entryId));
    expect(reply?.buttons[0]).toBe("Tiếp tục bước «Cài ứng dụng VNeID»");
    // Back at the step, a genuine reply is still the step's reply.
    await say(r.userId, "Tiếp tục bước «Cài ứng dụng VNeID»", "không được");
    expect((await lastReply(r.userId))?.text).not.toContain(answerOf(entryId));
    const state = await prisma().conversation.findFirstOrThrow({ where: { resident: { oaUserId: r.userId } } });
    expect(state.state).toMatchObject({ active: { checklistId: "vneid", stepId: "l1-install-help" } });
  });

  it("answers «quet mat hoai khong duoc» outside a step with the VNeID face check, not transfers", async () => {
    const r = emu.reachableResident();
    await say(r.userId, "quet mat hoai khong duoc");
    expect((await lastReply(r.userId))?.text).toContain(answerOf("vneid.face-check-failed"));
  });

  it("reads a short follow-up after an answer as about what was answered", async () => {
    const r = emu.reachableResident();
    await say(r.userId, "Bị mất thẻ căn cước phải làm gì");
    expect((await lastReply(r.userId))?.text).toContain(answerOf("chip-id.lost-card"));
    // Read alone, the same words were a close call an unauthorised bank debit won.
    await say(r.userId, "thế có mất tiền không");
    expect((await lastReply(r.userId))?.text).toContain(answerOf("chip-id.fees"));
  });

  it("offers a volunteer to «có ai đến nhà hướng dẫn bà không», inside a step too", async () => {
    const r = emu.reachableResident();
    await say(r.userId, "vneid", "Chưa có tài khoản", "có ai đến nhà hướng dẫn bà không");
    const reply = await lastReply(r.userId);
    expect(reply?.text).toContain("đoàn viên ở xã đến giúp bạn tận nơi");
    expect(reply?.text).toContain("Bạn ở xã/phường nào?");
  });
});

/** Every value of every text, JSON, array and enum column of the public schema, as text, with where it is. */
async function everyStoredValue(): Promise<{ where: string; value: string }[]> {
  const columns = await prisma().$queryRaw<{ table_name: string; column_name: string }[]>`
    SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns
    WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
      AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED')`;
  expect(columns.length).toBeGreaterThan(10);
  const values: { where: string; value: string }[] = [];
  for (const { table_name, column_name } of columns) {
    const rows = await prisma().$queryRawUnsafe<{ v: string }[]>(
      `SELECT "${column_name}"::text AS v FROM "${table_name}" WHERE "${column_name}" IS NOT NULL`,
    );
    for (const row of rows) values.push({ where: `${table_name}.${column_name}`, value: row.v });
  }
  return values;
}

/** Where `needle` is stored: as typed, or (for numbers) as its digits once full-width digits and separators go. */
function findStored(values: { where: string; value: string }[], needle: string): string[] {
  const digits = needle.normalize("NFKC").replace(/\D/g, "");
  return values
    .filter(({ value }) => {
      if (value.includes(needle)) return true;
      // Digits of a 9+ digit number, e.g. an ID typed in groups, stored with any separators.
      return digits.length >= 9 && value.normalize("NFKC").replace(/\D/g, "").includes(digits);
    })
    .map(({ where }) => where);
}

describe("privacy", () => {
  it("leaves no trace of an ID number, OTP, password or card in any table, however it was typed", async () => {
    const r = emu.reachableResident();
    // The forms issue 8 found reaching the database, and the secret each must not leave behind.
    const messages: [string, string][] = [
      ["so cccd cua toi la 038195012345", "038195012345"],
      ["cccd 037092004567 0912345678", "037092004567"],
      ["mật khẩu của mình là Hoa@1990x", "Hoa@1990x"],
      ["mk là: abc123q", "abc123q"],
      ["matkhau: zxc987w", "zxc987w"],
      ["mã của em là 482913", "482913"],
      ["otp cua toi la 739104", "739104"],
      ["905172 là mã otp", "905172"],
      ["ma\u0303 la\u0300 615283", "615283"],
      ["căn cước ０３６１９２００４５６７", "036192004567"],
      ["cccd 0351\t9200\t4567", "035192004567"],
      ["cccd 0341\u00a09200\u00a04567", "034192004567"],
      ["cccd 033/192/004/567", "033192004567"],
      ["cccd 0321 - 9200 - 4567", "032192004567"],
      ["thẻ 4111 1111 1111 1111 cvv 837", "4111111111111111"],
      ["code: 5831", "code: 5831"],
    ];
    for (const [text] of messages) await say(r.userId, text);
    expect((await replies(r.userId))[0]?.text).toBe(TEXT.privacyWarning);
    const warnings = (await replies(r.userId)).filter((m) => m.text.startsWith(TEXT.privacyWarning.slice(0, 30)));
    expect(warnings.length).toBe(messages.length);

    const values = await everyStoredValue();
    const hits = messages.flatMap(([, secret]) => findStored(values, secret).map((where) => `${secret} in ${where}`));
    expect(hits).toEqual([]);
    // The phone number typed after the ID is harmless and kept.
    expect(findStored(values, "0912345678").length).toBeGreaterThan(0);
  });

  it("deletes everything that identifies the resident after confirmation, keeping only anonymous counts", async () => {
    const r = emu.reachableResident();
    const preferredTime = "chiều thứ bảy sau 3 giờ, nhà bà Lan cạnh chợ";
    // A member of the unit linked to the OA: told of the new request by an OA message that quotes the preferred time.
    const unit = await prisma().unit.findUniqueOrThrow({ where: { code: "HOANG_GIANG" } });
    const member = await prisma().member.create({
      data: {
        zaloId: "member-of-the-deletion-test",
        name: "Đoàn viên Hùng",
        status: "ACTIVE",
        unitId: unit.id,
        oaUserId: "member-oa-of-the-deletion-test",
        oaLinkedAt: new Date(),
      },
    });
    await say(r.userId, "vneid", "Chưa có tài khoản", BUTTON.help, "hoang giang", preferredTime);
    const memberNotice = await prisma().outboundMessage.findFirstOrThrow({
      where: { oaUserId: member.oaUserId ?? "", kind: "MEMBER_NOTICE" },
    });
    expect(JSON.stringify(memberNotice.payload)).toContain(preferredTime);
    const resident = await prisma().resident.update({
      where: { oaUserId: r.userId },
      data: { displayName: "Nguyễn Thị Lan Anh" },
    });
    // The contact they gave for the request (phone typed, hamlet typed: resident-profile.test.ts covers the flow).
    await say(r.userId, "0912 777 345", "Xóm Lan Anh, cạnh chợ Bông");
    const help = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: resident.id } });
    expect(help.preferredTime).toBe(preferredTime);
    expect(help).toMatchObject({ contactPhone: "0912777345", contactAddress: "Xóm Lan Anh, cạnh chợ Bông" });

    // What the rest of the product holds about them: a member's log with a note on their request, a reminder, a
    // notice subscription, and broadcast deliveries (one sent, one not yet).
    const memberNote = "Đã hướng dẫn bà Lan Anh cài VNeID tại nhà";
    await prisma().assistanceLog.create({
      data: {
        clientId: "log-of-the-deletion-test",
        memberId: member.id,
        unitId: unit.id,
        happenedAt: new Date(),
        services: ["VNEID"],
        people: 1,
        minutes: 30,
        hamlet: "Thôn 3",
        outcome: "DONE",
        note: memberNote,
        helpRequestId: help.id,
      },
    });
    const progress = await prisma().checklistProgress.findFirstOrThrow({ where: { residentId: resident.id } });
    await prisma().reminder.create({
      data: {
        dedupKey: `checklist:${progress.id}:1`,
        kind: "CHECKLIST",
        residentId: resident.id,
        dueAt: new Date(Date.now() + 86_400_000),
      },
    });
    const notice = await prisma().contentItem.create({ data: { kind: "NOTICE", title: "Ngày hội VNeID" } });
    await prisma().noticeSubscription.create({ data: { contentId: notice.id, residentId: resident.id } });
    const broadcast = (status: "DONE" | "SENDING") =>
      prisma().broadcast.create({
        data: {
          title: "Thông báo",
          text: "Ngày hội chuyển đổi số",
          audience: { kind: "residents" },
          status,
          sendAt: new Date(),
        },
      });
    const sent = await broadcast("DONE");
    const sending = await broadcast("SENDING");
    await prisma().broadcastDelivery.createMany({
      data: [
        { broadcastId: sent.id, oaUserId: r.userId, status: "SENT", zaloMessageId: "zmsg-1", attempts: 1 },
        { broadcastId: sending.id, oaUserId: r.userId, status: "QUEUED" },
      ],
    });
    // A registration day they signed up for and were checked in at.
    const registrationDay = await prisma().registrationEvent.create({
      data: {
        title: "Ngày hội định danh mức 2",
        place: "Hội trường xã",
        startsAt: new Date(Date.now() + 86_400_000),
        endsAt: new Date(Date.now() + 90_000_000),
        capacity: 10,
        units: { create: [{ unitId: unit.id }] },
      },
    });
    await prisma().eventRegistration.create({
      data: {
        eventId: registrationDay.id,
        residentId: resident.id,
        number: 7,
        status: "REGISTERED",
        checkedInAt: new Date(),
        checkedInById: member.id,
      },
    });
    // A quiz taken to the end: the attempt (answers, score, unit) is the resident's data too.
    const quiz = await prisma().quiz.create({
      data: {
        title: "Thi tìm hiểu VNeID",
        keyword: "Thi Riêng Tư",
        keywordKey: "thi rieng tu",
        opensAt: new Date(Date.now() - 3_600_000),
        closesAt: new Date(Date.now() + 3_600_000),
        questions: {
          create: [{ position: 0, text: "Mức 2 đăng ký ở đâu?", choices: ["Công an xã", "Bưu điện"], correctIndex: 0 }],
        },
      },
    });
    await say(r.userId, "thi rieng tu");
    if ((await lastReply(r.userId))?.text.includes("xã/phường")) await say(r.userId, "Bỏ qua");
    await say(r.userId, "A");
    expect(await prisma().quizAttempt.findFirstOrThrow({ where: { quizId: quiz.id } })).toMatchObject({
      residentId: resident.id,
      score: 1,
    });
    // What members did about them stays accountable in the audit log: a takeover given back, a check-in.
    const registration = await prisma().eventRegistration.findFirstOrThrow({ where: { residentId: resident.id } });
    await prisma().auditLog.createMany({
      data: [
        { actorId: member.id, action: "takeover.give-back", targetType: "Resident", targetId: resident.id },
        { actorId: member.id, action: "event.check-in", targetType: "EventRegistration", targetId: registration.id },
      ],
    });
    const stepEventsBefore = await prisma().checklistStepEvent.count();

    await say(r.userId, "xoá dữ liệu của tôi");
    expect((await lastReply(r.userId))?.buttons).toEqual([BUTTON.confirmDelete, BUTTON.keepData]);
    // A message still waiting to go (e.g. a reminder) when the resident confirms.
    await prisma().outboundMessage.create({
      data: {
        idempotencyKey: `reminder:${resident.id}`,
        oaUserId: r.userId,
        kind: "REMINDER",
        payload: { messages: [{ text: "Bạn còn dở hướng dẫn VNeID" }] },
      },
    });
    await say(r.userId, BUTTON.confirmDelete);

    // The confirmation reached the resident, then its record went too.
    const delivered = emu.emulator.state.sent.filter((m) => m.userId === r.userId);
    expect(delivered.at(-1)?.text).toBe(TEXT.deleted);
    expect(delivered.some((m) => m.text === "Bạn còn dở hướng dẫn VNeID")).toBe(false);

    const values = await everyStoredValue();
    const needles = [
      r.userId,
      resident.id,
      registration.id,
      "Nguyễn Thị Lan Anh",
      preferredTime,
      "nhà bà Lan",
      memberNote,
      "Lan Anh",
      "0912777345",
      "777 345",
      "chợ Bông",
    ];
    // An OA id is a number: found only as a whole number, not inside a longer id of another resident.
    const holds = (value: string, needle: string) =>
      /^\d+$/.test(needle) ? new RegExp(`(^|\\D)${needle}(\\D|$)`).test(value) : value.includes(needle);
    const hits = needles.flatMap((needle) =>
      values.filter(({ value }) => holds(value, needle)).map(({ where }) => `${needle} in ${where}`),
    );
    expect(hits).toEqual([]);

    // What remains is anonymous and still counts.
    expect(await prisma().resident.count({ where: { id: resident.id } })).toBe(0);
    expect(await prisma().eventRegistration.count({ where: { eventId: registrationDay.id } })).toBe(0);
    expect(await prisma().quizAttempt.count({ where: { quizId: quiz.id } })).toBe(0);
    expect(await prisma().helpRequest.findUniqueOrThrow({ where: { id: help.id } })).toMatchObject({
      residentId: null,
      status: "CANCELLED",
      preferredTime: "",
      topic: help.topic,
      contactPhone: null,
      contactAddress: null,
    });
    expect((await prisma().helpRequest.findUniqueOrThrow({ where: { id: help.id } })).contactErasedAt).not.toBeNull();
    // The member's notice is still counted, without the resident's words; the audit entries without their target.
    expect(await prisma().outboundMessage.findUniqueOrThrow({ where: { id: memberNotice.id } })).toMatchObject({
      kind: "MEMBER_NOTICE",
      payload: {},
    });
    expect(
      await prisma().auditLog.findMany({ where: { actorId: member.id }, select: { action: true, targetId: true } }),
    ).toEqual(
      expect.arrayContaining([
        { action: "takeover.give-back", targetId: null },
        { action: "event.check-in", targetId: null },
      ]),
    );
    const log = await prisma().assistanceLog.findUniqueOrThrow({ where: { clientId: "log-of-the-deletion-test" } });
    expect(log).toMatchObject({ note: null, people: 1, minutes: 30, helpRequestId: help.id });
    const deliveries = await prisma().broadcastDelivery.findMany({
      where: { broadcastId: { in: [sent.id, sending.id] } },
      orderBy: { broadcastId: "asc" },
    });
    expect(deliveries.map((d) => d.status).sort()).toEqual(["SENT", "SKIPPED"]);
    expect(deliveries.every((d) => d.oaUserId.startsWith("erased:") && d.zaloMessageId === null)).toBe(true);
    expect(await prisma().checklistStepEvent.count()).toBeGreaterThanOrEqual(stepEventsBefore);
    const [stepEventAt] = await prisma().$queryRaw<{ data_type: string }[]>`
      SELECT data_type::text FROM information_schema.columns
      WHERE table_name = 'ChecklistStepEvent' AND column_name = 'at'`;
    expect(stepEventAt?.data_type).toBe("date");

    // Writing again later is a fresh start, not a return of the old data.
    await say(r.userId, "menu");
    const fresh = await prisma().resident.findUniqueOrThrow({
      where: { oaUserId: r.userId },
      include: { helpRequests: true },
    });
    expect(fresh.id).not.toBe(resident.id);
    expect(fresh.helpRequests).toEqual([]);
  });
});
