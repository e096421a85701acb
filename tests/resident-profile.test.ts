import { KNOWLEDGE_BASE } from "@xks/shared/knowledge/knowledge-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROFILE_BUTTON, PROFILE_TEXT } from "../bot/src/conversation/profile-texts.ts";
import { BUTTON } from "../bot/src/conversation/texts.ts";
import { eraseExpiredHelpContacts } from "../bot/src/jobs/cron.erase-help-contacts.ts";
import { CONTACT_MOVED_MASK } from "../bot/src/jobs/inbound.resident-profile.ts";
import { readOutboundPayload } from "../bot/src/outbound/queue-outbound-message.ts";
import type { WorkerRuntime } from "../bot/src/worker-runtime.ts";
import { buildSubmitInfoEvent, type ZaloWebhookEvent } from "../emulator/src/zalo-events.ts";
import { startChatStack, stopChatStack } from "./support/chat-stack.ts";
import { TEST_ZALO, type TestApp } from "./support/test-app.ts";
import { waitFor } from "./support/wait-for.ts";
import { followEvent, postEventAndSettle, sayAndSettle } from "./support/webhook-turns.ts";
import type { RunningEmulator } from "./support/zalo-emulator.ts";

/**
 * The resident's profile end to end (issue 10, item 1): signed webhook → inbound worker → replies sent to the Zalo
 * emulator, against real PostgreSQL and Redis. The name from Zalo's user detail; the commune asked once and
 * changeable; the phone and hamlet for a help request only, shared through the consent card (user_submit_info, both
 * shapes) or typed, kept on the request and nowhere else, erased after the retention period and on deletion.
 */

let emu: RunningEmulator;
let t: TestApp;
let runtime: WorkerRuntime;
let counter = 0;

beforeAll(async () => {
  ({ emu, t, runtime } = await startChatStack());
  const successor = await t.app.prisma.unit.create({
    data: { code: "HOANG_TIEN", name: "Xã Hoằng Tiến", kind: "COMMUNE" },
  });
  await t.app.prisma.unit.createMany({
    data: [
      { code: "BUT_SON", name: "Thị trấn Bút Sơn", kind: "TOWN" },
      { code: "HOANG_DAO", name: "Xã Hoằng Đạo", kind: "COMMUNE" },
      { code: "HOANG_GIANG", name: "Xã Hoằng Giang", kind: "COMMUNE" },
      // Merged in 2025: understood when typed, never offered.
      { code: "HOANG_HAI", name: "Xã Hoằng Hải", kind: "COMMUNE", mergedIntoId: successor.id },
      { code: "HOANG_CU", name: "Xã Hoằng Cũ", kind: "COMMUNE", retiredAt: new Date() },
    ],
  });
});

afterAll(() => stopChatStack({ emu, t, runtime }));

const prisma = () => t.app.prisma;
const stamp = () => String(Date.now() + ++counter);

const post = (event: ZaloWebhookEvent) => postEventAndSettle(t.app, event).then((stored) => stored.id);
const say = async (userId: string, ...texts: string[]) => (await sayAndSettle(t.app, userId, ...texts)).id;
const follow = (userId: string) => post(followEvent(userId));

/** The resident taps "Chia sẻ" on the consent card: the event exactly as the emulator builds it. */
function share(userId: string, shape: "nested" | "flat", phone: string) {
  const resident = { userId, userIdByApp: `app-${userId}` };
  const info =
    shape === "nested"
      ? {
          name: "Lê Thị Tư",
          phone,
          user_dob: "01/01/1950",
          gender: "Nữ",
          full_address: { user_city: "Thanh Hóa", user_ward: "Xã Hoằng Đạo", user_address: "Thôn Trung" },
        }
      : { name: "Lê Thị Tư", phone, address: "Thôn Trung", district: "Hoằng Hóa", city: "Thanh Hóa" };
  return post(
    buildSubmitInfoEvent({ appId: TEST_ZALO.appId, oaId: TEST_ZALO.oaId, timestamp: stamp() }, resident, info),
  );
}

async function lastReplies(userId: string, count = 1) {
  const rows = await prisma().outboundMessage.findMany({
    where: { oaUserId: userId },
    orderBy: [{ createdAt: "asc" }, { idempotencyKey: "asc" }],
  });
  return rows.flatMap((row) => readOutboundPayload(row.payload)).slice(-count);
}
const lastText = async (userId: string) => (await lastReplies(userId))[0]?.text ?? "";
const resident = (userId: string) =>
  prisma().resident.findUniqueOrThrow({ where: { oaUserId: userId }, include: { unit: true } });
const latestRequest = (userId: string) =>
  prisma().helpRequest.findFirstOrThrow({ where: { resident: { oaUserId: userId } }, orderBy: { createdAt: "desc" } });

describe("the resident's name from Zalo", () => {
  it("is fetched from the user detail API when they follow", async () => {
    const r = emu.reachableResident("Bà Lê Thị Tư");
    await follow(r.userId);
    const row = await waitFor(
      () => prisma().resident.findFirst({ where: { oaUserId: r.userId, displayName: { not: null } } }),
      "the display name",
    );
    expect(row.displayName).toBe("Bà Lê Thị Tư");
    expect(emu.calls.some((c) => c.path === "/openapi/v3.0/oa/user/detail")).toBe(true);
  });

  it("is fetched when they first write, masked by the privacy guard", async () => {
    const r = emu.reachableResident("Ông Tư 038123456789");
    await say(r.userId, "menu");
    const row = await waitFor(
      () => prisma().resident.findFirst({ where: { oaUserId: r.userId, displayName: { not: null } } }),
      "the display name",
    );
    expect(row.displayName).toBe("Ông Tư [số định danh đã ẩn]");
  });

  it("never holds the reply back when Zalo fails to answer", async () => {
    const r = emu.reachableResident("Người chưa có tên");
    emu.emulator.state.faults.failUserDetail = 1;
    await follow(r.userId);
    expect(emu.emulator.state.sent.some((m) => m.userId === r.userId && m.text?.includes("Chào mừng"))).toBe(true);
    // The fault is used up once the product has asked Zalo for the name and been refused.
    await waitFor(() => emu.emulator.state.faults.failUserDetail === 0, "the refused name lookup");
    expect((await resident(r.userId)).displayName).toBeNull();
  });
});

describe("the commune, asked once", () => {
  it("is asked after the first finished step, kept, and used by the help flow without asking again", async () => {
    const r = emu.reachableResident();
    await say(r.userId, "vneid", "Chưa có tài khoản", BUTTON.done);
    expect(await lastText(r.userId)).toBe(PROFILE_TEXT.askUnitAfterStep);
    // Retired and merged units are not offered.
    const offered = (await lastReplies(r.userId))[0]?.buttons?.map((b) => b.title) ?? [];
    expect(offered.some((title) => /Hoằng (Hải|Cũ)/.test(title))).toBe(false);
    expect((await resident(r.userId)).unitAskedAt).not.toBeNull();

    await say(r.userId, "hoang dao");
    expect((await resident(r.userId)).unit?.code).toBe("HOANG_DAO");

    // A later finished step does not ask again.
    await say(r.userId, BUTTON.done);
    expect(await lastText(r.userId)).not.toBe(PROFILE_TEXT.askUnitAfterStep);

    await say(r.userId, BUTTON.help);
    expect(await lastText(r.userId)).toContain("Đoàn viên Xã Hoằng Đạo có thể đến hỗ trợ bạn lúc nào?");
  });

  it("maps an old merged commune's name to its successor, and changes with «đổi xã»", async () => {
    const r = emu.reachableResident();
    await say(r.userId, "vneid", "Chưa có tài khoản", BUTTON.done, "xa hoang hai");
    expect((await resident(r.userId)).unit?.code).toBe("HOANG_TIEN");
    const askedAt = (await resident(r.userId)).unitAskedAt;
    await say(r.userId, "doi xa");
    expect(await lastText(r.userId)).toBe(PROFILE_TEXT.askUnitChange);
    await say(r.userId, "Hoằng Giang");
    expect(await lastText(r.userId)).toContain("Đã đổi xã của bạn thành Xã Hoằng Giang ✅");
    const after = await resident(r.userId);
    expect(after.unit?.code).toBe("HOANG_GIANG");
    // "Asked once" keeps the first time the bot asked.
    expect(after.unitAskedAt).toEqual(askedAt);
  });

  it("answers a question typed instead of the commune, and stops waiting for it", async () => {
    const r = emu.reachableResident();
    await say(r.userId, "vneid", "Chưa có tài khoản", BUTTON.done);
    expect(await lastText(r.userId)).toBe(PROFILE_TEXT.askUnitAfterStep);
    await say(r.userId, "sim khong chinh chu thi sao");
    const answer = KNOWLEDGE_BASE.find((e) => e.id === "vneid.sim-not-own-name")?.answer ?? "missing";
    expect((await lastReplies(r.userId)).map((m) => m.text).join("\n")).toContain(answer);
    const state = await prisma().conversation.findFirstOrThrow({ where: { resident: { oaUserId: r.userId } } });
    expect(state.state).toMatchObject({ pending: null });
  });

  it("answers a commune that matches nothing with the closest choices", async () => {
    const r = emu.reachableResident();
    await say(r.userId, BUTTON.help, "hoang dau");
    const [reply] = await lastReplies(r.userId);
    expect(reply?.text).toContain("Mình chưa tìm thấy xã «hoang dau»");
    expect(reply?.buttons?.[0]?.title).toBe("Xã Hoằng Đạo");
    expect(reply?.buttons?.map((b) => b.title)).toContain(BUTTON.more);
  });
});

/** Opens a help request for Hoằng Đạo and returns its resident. */
async function openHelp() {
  const r = emu.reachableResident("Lê Thị Tư");
  await say(r.userId, BUTTON.help, "hoang dao", "Ngày mai");
  return r;
}

/** Everything stored about the resident outside their help requests, as one string. */
async function storedOutsideRequests(userId: string): Promise<string> {
  const row = await resident(userId);
  const [events, outbound, conversation] = await Promise.all([
    prisma().inboundEvent.findMany({ where: { oaUserId: userId } }),
    prisma().outboundMessage.findMany({ where: { oaUserId: userId } }),
    prisma().conversation.findUnique({ where: { residentId: row.id } }),
  ]);
  return JSON.stringify({ row, events, outbound, conversation });
}

describe("the contact for a help request", () => {
  it("sends Zalo's consent card, keeps the phone shared with one tap (2026 nested shape) and the typed hamlet", async () => {
    const r = await openHelp();
    const card = emu.emulator.state.sent.find((m) => m.userId === r.userId && m.kind === "request_user_info");
    expect(card).toBeDefined();
    const request = card?.request as { message: { attachment: { payload: { elements: { title: string }[] } } } };
    expect(request.message.attachment.payload.elements[0]?.title).toBe(PROFILE_TEXT.contactCardTitle);

    const shareId = await share(r.userId, "nested", "84912345678");
    expect(await lastText(r.userId)).toContain("Đoàn viên sẽ gọi số 0912 xxx 678 trước khi đến");
    await say(r.userId, "Thôn Trung, gần nhà văn hóa");
    expect(await lastText(r.userId)).toBe(PROFILE_TEXT.contactDone);

    const help = await latestRequest(r.userId);
    expect(help).toMatchObject({ contactPhone: "0912345678", contactAddress: "Thôn Trung, gần nhà văn hóa" });
    // Kept on the request only: not on the resident, not in the stored events, replies or conversation state.
    const elsewhere = await storedOutsideRequests(r.userId);
    for (const value of ["912345678", "Thôn Trung", "1950"]) expect(elsewhere).not.toContain(value);
    const stored = await prisma().inboundEvent.findUniqueOrThrow({ where: { id: shareId } });
    expect(stored.payload).toMatchObject({ event_name: "user_submit_info", info: { fields: expect.any(Array) } });
    expect((stored.payload as { info: { sealed?: string } }).info.sealed).toBeUndefined();
  });

  it("reads the flat shape of older integrations, with its address", async () => {
    const r = await openHelp();
    await share(r.userId, "flat", "84987654321");
    await say(r.userId, PROFILE_BUTTON.skip);
    expect(await latestRequest(r.userId)).toMatchObject({
      contactPhone: "0987654321",
      contactAddress: "Thôn Trung, Hoằng Hóa, Thanh Hóa",
    });
  });

  it("keeps a typed phone number, and the stored message no longer holds it", async () => {
    const r = await openHelp();
    const typedId = await say(r.userId, "số của bà là 0386 123 456 nhé");
    await say(r.userId, PROFILE_BUTTON.skip);
    expect(await latestRequest(r.userId)).toMatchObject({ contactPhone: "0386123456", contactAddress: null });
    const stored = await prisma().inboundEvent.findUniqueOrThrow({ where: { id: typedId } });
    expect((stored.payload as { message: { text: string } }).message.text).toBe(CONTACT_MOVED_MASK);
    expect(await storedOutsideRequests(r.userId)).not.toContain("386123456");
  });

  it("refuses a number that is not a Vietnamese mobile number kindly, typed or shared", async () => {
    const r = await openHelp();
    await say(r.userId, "0237 385 2123");
    expect(await lastText(r.userId)).toBe(PROFILE_TEXT.phoneInvalid);
    await share(r.userId, "nested", "8412345");
    expect(await lastText(r.userId)).toBe(PROFILE_TEXT.phoneSharedInvalid);
    expect((await latestRequest(r.userId)).contactPhone).toBeNull();
    // They may retry.
    await say(r.userId, "0912 000 111");
    expect((await latestRequest(r.userId)).contactPhone).toBe("0912000111");
  });

  it("masks an ID number typed into the hamlet, and warns", async () => {
    const r = await openHelp();
    await say(r.userId, PROFILE_BUTTON.skip, "Thôn 3, cccd 038123456789");
    expect((await latestRequest(r.userId)).contactAddress).toBe("Thôn 3, cccd");
    const texts = (await lastReplies(r.userId, 2)).map((m) => m.text).join("\n");
    expect(texts).toContain("⚠️ Để bảo vệ bạn");
  });
});

describe("retention of the contact", () => {
  it("blanks phone and hamlet HELP_CONTACT_RETENTION_DAYS after done or cancelled, not before, not while open", async () => {
    const unit = await prisma().unit.findUniqueOrThrow({ where: { code: "HOANG_DAO" } });
    const day = 86_400_000;
    const now = runtime.ctx.now().getTime();
    const make = (status: "OPEN" | "DONE" | "CANCELLED", doneAgo: number | null) =>
      prisma().helpRequest.create({
        data: {
          unitId: unit.id,
          topic: "Hỗ trợ chung",
          preferredTime: "Ngày mai",
          status,
          doneAt: doneAgo === null ? null : new Date(now - doneAgo),
          contactPhone: "0912345678",
          contactAddress: "Thôn 1",
        },
      });
    const oldDone = await make("DONE", 31 * day);
    const recentDone = await make("DONE", 10 * day);
    const oldOpen = await make("OPEN", null);
    const oldCancelled = await make("CANCELLED", null);
    const recentCancelled = await make("CANCELLED", null);
    await prisma()
      .$executeRaw`UPDATE "HelpRequest" SET "updatedAt" = ${new Date(now - 40 * day)}, "createdAt" = ${new Date(now - 40 * day)}
      WHERE "id" IN (${oldOpen.id}, ${oldCancelled.id})`;

    expect(await eraseExpiredHelpContacts(runtime.ctx)).toBeGreaterThanOrEqual(2);
    const read = (id: string) => prisma().helpRequest.findUniqueOrThrow({ where: { id } });
    for (const id of [oldDone.id, oldCancelled.id]) {
      const row = await read(id);
      expect(row).toMatchObject({ contactPhone: null, contactAddress: null });
      expect(row.contactErasedAt).not.toBeNull();
    }
    for (const id of [recentDone.id, oldOpen.id, recentCancelled.id]) {
      expect(await read(id)).toMatchObject({
        contactPhone: "0912345678",
        contactAddress: "Thôn 1",
        contactErasedAt: null,
      });
    }
    // A second run finds nothing more.
    expect(await eraseExpiredHelpContacts(runtime.ctx)).toBe(0);
  });

  it("blanks them at once on «xóa dữ liệu của tôi»", async () => {
    const r = await openHelp();
    await say(r.userId, "0912 000 222", "Thôn Đông");
    const help = await latestRequest(r.userId);
    expect(help.contactPhone).toBe("0912000222");
    await say(r.userId, "xóa dữ liệu của tôi", BUTTON.confirmDelete);
    const after = await prisma().helpRequest.findUniqueOrThrow({ where: { id: help.id } });
    expect(after).toMatchObject({ residentId: null, contactPhone: null, contactAddress: null, status: "CANCELLED" });
    expect(after.contactErasedAt).not.toBeNull();
  });
});
