import { DEMO_RESIDENT_UNIT_LEAD_ID } from "@xks/emulator/demo-users";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUTTON } from "../bot/src/conversation/texts.ts";
import { escalateHelpRequests } from "../bot/src/jobs/cron.escalate-help-requests.ts";
import { readOutboundPayload } from "../bot/src/outbound/queue-outbound-message.ts";
import { startWorkers, type WorkerRuntime } from "../bot/src/worker-runtime.ts";
import type { ZaloWebhookEvent } from "../emulator/src/zalo-events.ts";
import { type ApiKit, createApiTestKit, DEMO } from "./support/api-test-kit.ts";
import { TEST_ZALO } from "./support/test-app.ts";
import { waitFor } from "./support/wait-for.ts";
import { followEvent, postEventAndSettle, textEvent } from "./support/webhook-turns.ts";

/**
 * A member's link to the OA and the OA messages it brings, end to end: mini-app API → one-time code → signed webhook
 * → inbound worker (the link module before the conversation engine) → outbound worker → the Zalo emulator, against
 * real PostgreSQL and Redis. Zalo's ids: a fresh emulator resident has an app-scoped id unrelated to any mini-app
 * user (the ids differ: only the code links), the demo lead's OA account carries the lead's mini-app id as
 * `user_id_by_app` (the claimed equality: linked without a code).
 */

const MINIAPP_URL = "https://zalo.me/s/1234";
let kit: ApiKit;
let runtime: WorkerRuntime;

beforeAll(async () => {
  // Every hour of the day may send: the notices below are awaited whenever CI runs (quiet hours have their own file).
  kit = await createApiTestKit({ MINIAPP_URL, QUIET_HOURS: "" });
  runtime = await startWorkers({ config: kit.t.config, queues: ["inbound", "outbound"], recurring: false });
});

afterAll(async () => {
  await Promise.all(Object.values(runtime.ctx.queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
  await runtime.close();
  await kit.close();
});

const prisma = () => kit.prisma;

/** Posts a signed event; waits until it is processed and nothing for this user is left to send. */
const post = (event: ZaloWebhookEvent) => postEventAndSettle(kit.t.app, event);
/** The demo lead's own OA account: Zalo gives it the lead's mini-app id as its app-scoped id. */
const theLeadOnZalo = { userId: DEMO_RESIDENT_UNIT_LEAD_ID, userIdByApp: DEMO.lead };

const lastOaText = (userId: string) =>
  kit.emulator.state
    .conversation(userId)
    .filter((m) => m.from === "oa")
    .at(-1)?.text;

async function linkCode(role: "member" | "leadHere") {
  const response = await kit.as(role, { method: "POST", url: "/api/me/oa-link" });
  expect(response.statusCode).toBe(200);
  return response.json() as { code: string; message: string; expiresAt: string; oaId: string };
}

function reachable(name: string) {
  const resident = kit.emulator.state.createResident(name);
  kit.emulator.state.setFollower(resident, true);
  kit.emulator.state.recordInteraction(resident);
  return resident;
}

describe("linking", () => {
  it("links the member who holds the code to the OA account that sent it, when Zalo's ids differ", async () => {
    const before = await kit.as("member", { method: "GET", url: "/api/me/oa-link" });
    expect(before.json()).toEqual({
      linked: false,
      linkedAt: null,
      oaMessagesUntil: null,
      oaMessagesOpen: false,
      quietHours: null,
      oaId: TEST_ZALO.oaId,
    });
    const code = await linkCode("member");
    expect(code.message).toMatch(/^LIENKET [A-Z]{6}$/);
    expect(code.oaId).toBe(TEST_ZALO.oaId);

    const phone = reachable("Nguyễn Thị Hoa");
    // Typed loosely: lower case, diacritics.
    const event = await post(textEvent(phone, `liên kết ${code.code.toLowerCase()}`));
    const member = await prisma().member.findUniqueOrThrow({ where: { id: kit.memberIds.member } });
    expect(member).toMatchObject({ oaUserId: phone.userId, oaLinkCodeHash: null });
    expect(lastOaText(phone.userId)).toContain(
      "Đã liên kết Zalo của bạn với tài khoản đoàn viên Nguyễn Thị Hoa (Xã Hoằng Đạo)",
    );
    // The code is not an OTP to the privacy guard (letters), and the engine never saw the message.
    const stored = await prisma().inboundEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(JSON.stringify(stored.payload)).toContain(code.code.toLowerCase());
    expect(JSON.stringify(stored.payload)).not.toContain('"masked"');
    const resident = await prisma().resident.findUniqueOrThrow({ where: { oaUserId: phone.userId } });
    expect(await prisma().conversation.findUnique({ where: { residentId: resident.id } })).toBeNull();
    const after = await kit.as("member", { method: "GET", url: "/api/me/oa-link" });
    expect(after.json()).toMatchObject({ linked: true, linkedAt: expect.any(String), oaMessagesOpen: true });
    // Zalo lets the OA message the member for 48 hours after their code (PAID_MESSAGES is off here).
    const lastMessage = resident.lastInteractionAt as Date;
    expect(Date.parse(after.json().oaMessagesUntil)).toBe(lastMessage.getTime() + 48 * 3_600_000);

    // The code is spent: sent again, the member hears they are linked already; from someone else it is unknown.
    await post(textEvent(phone, code.message));
    expect(lastOaText(phone.userId)).toBe("Zalo của bạn đã được liên kết với tài khoản đoàn viên Nguyễn Thị Hoa.");
    const stranger = reachable("Người lạ");
    await post(textEvent(stranger, code.message));
    expect(lastOaText(stranger.userId)).toContain("Mã liên kết không đúng hoặc đã hết hạn");
    expect((await prisma().member.findUniqueOrThrow({ where: { id: kit.memberIds.member } })).oaUserId).toBe(
      phone.userId,
    );
  });

  it("says when the OA can no longer message a linked member, and a fresh code opens it again", async () => {
    const phone = reachable("Lê Văn Gia Hạn");
    await post(textEvent(phone, (await linkCode("member")).message));
    const status = async () => (await kit.as("member", { method: "GET", url: "/api/me/oa-link" })).json();
    expect(await status()).toMatchObject({ linked: true, oaMessagesOpen: true });
    // Silent for 49 hours: still linked, but Zalo's free window is over and notices would not go out.
    await prisma().resident.update({
      where: { oaUserId: phone.userId },
      data: { lastInteractionAt: new Date(Date.now() - 49 * 3_600_000) },
    });
    expect(await status()).toMatchObject({ linked: true, oaMessagesOpen: false });
    // "Gia hạn" in the mini-app draws a new code; sending it is a message to the OA, which opens the window again.
    await post(textEvent(phone, (await linkCode("member")).message));
    expect(lastOaText(phone.userId)).toContain("Đã liên kết Zalo của bạn với tài khoản đoàn viên Nguyễn Thị Hoa");
    expect(await status()).toMatchObject({ linked: true, oaMessagesOpen: true });
  });

  it("refuses an expired code", async () => {
    const code = await linkCode("leadHere");
    await prisma().member.update({
      where: { id: kit.memberIds.leadHere },
      data: { oaLinkCodeExpiresAt: new Date(Date.now() - 1000) },
    });
    const phone = reachable("Trần Văn Bí Thư");
    await post(textEvent(phone, code.message));
    expect(lastOaText(phone.userId)).toContain("Mã liên kết không đúng hoặc đã hết hạn");
    expect((await prisma().member.findUniqueOrThrow({ where: { id: kit.memberIds.leadHere } })).oaUserId).toBeNull();
  });

  it("links without a code when a follow's user_id_by_app is the member's mini-app id; unlinking stops that", async () => {
    await post(followEvent(theLeadOnZalo));
    const lead = await prisma().member.findUniqueOrThrow({ where: { id: kit.memberIds.leadHere } });
    expect(lead.oaUserId).toBe(DEMO_RESIDENT_UNIT_LEAD_ID);
    // The follow still had its welcome: the link is silent and the conversation goes on.
    expect(
      await prisma().outboundMessage.count({ where: { oaUserId: DEMO_RESIDENT_UNIT_LEAD_ID, kind: "REPLY" } }),
    ).toBe(1);

    const unlinked = await kit.as("leadHere", { method: "DELETE", url: "/api/me/oa-link" });
    expect(unlinked.json()).toMatchObject({ linked: false });
    await post(textEvent(theLeadOnZalo, "xin chào"));
    expect((await prisma().member.findUniqueOrThrow({ where: { id: kit.memberIds.leadHere } })).oaUserId).toBeNull();

    // A code still links (and lets the id link work again).
    const code = await linkCode("leadHere");
    await post(textEvent(theLeadOnZalo, code.message));
    expect(await prisma().member.findUniqueOrThrow({ where: { id: kit.memberIds.leadHere } })).toMatchObject({
      oaUserId: DEMO_RESIDENT_UNIT_LEAD_ID,
      oaAutoLinkOffAt: null,
    });
  });
});

describe("notices", () => {
  it("a new request reaches the unit's linked active members once, with a button to the request in the mini-app", async () => {
    // Linked above: the member (window open) and the lead. A linked colleague last heard from 3 days ago (billed
    // band, PAID_MESSAGES off), a linked pending member and a linked member of HOANG_CAT must get nothing.
    const memberOa = (await prisma().member.findUniqueOrThrow({ where: { id: kit.memberIds.member } })).oaUserId ?? "";
    const quiet = reachable("Đoàn viên im lặng");
    await prisma().resident.create({
      data: { oaUserId: quiet.userId, lastInteractionAt: new Date(Date.now() - 3 * 24 * 3_600_000) },
    });
    await prisma().member.create({
      data: {
        zaloId: "8200000000000000001",
        name: "Im Lặng",
        unitId: kit.units.dao,
        status: "ACTIVE",
        oaUserId: quiet.userId,
      },
    });
    const pendingOa = reachable("Chờ duyệt");
    await prisma().member.update({ where: { id: kit.memberIds.pending }, data: { oaUserId: pendingOa.userId } });
    const catOa = reachable("Hoằng Cát");
    await prisma().member.create({
      data: {
        zaloId: "8200000000000000002",
        name: "Ở Cát",
        unitId: kit.units.cat,
        status: "ACTIVE",
        oaUserId: catOa.userId,
      },
    });

    const resident = reachable("Bà Tư");
    for (const text of ["vneid", "Chưa có tài khoản", BUTTON.help, "hoang dao", "Chiều nay"]) {
      await post(textEvent(resident, text));
    }
    const request = await waitFor(
      () => prisma().helpRequest.findFirst({ where: { resident: { oaUserId: resident.userId } } }),
      "the help request",
    );
    const notices = await waitFor(async () => {
      const rows = await prisma().outboundMessage.findMany({ where: { kind: "MEMBER_NOTICE" } });
      return rows.every((r) => r.status !== "QUEUED") && rows.length >= 3 ? rows : null;
    }, "the notices to be sent");
    const byRecipient = new Map(notices.map((n) => [n.oaUserId, n]));
    expect(notices).toHaveLength(3);
    expect(byRecipient.get(memberOa)?.status).toBe("SENT");
    expect(byRecipient.get(DEMO_RESIDENT_UNIT_LEAD_ID)?.status).toBe("SENT");
    expect(byRecipient.get(quiet.userId)).toMatchObject({ status: "SKIPPED", error: "paid_band" });
    expect(byRecipient.has(pendingOa.userId)).toBe(false);
    expect(byRecipient.has(catOa.userId)).toBe(false);
    expect(readOutboundPayload(byRecipient.get(memberOa)?.payload ?? null)[0]).toMatchObject({
      text: expect.stringContaining("Có người dân ở Xã Hoằng Đạo nhờ hỗ trợ"),
      buttons: [{ kind: "link", title: "Mở yêu cầu", url: `${MINIAPP_URL}/help/${request.id}` }],
    });
    // What reached the member's Zalo: the text and the button opening the mini-app.
    const got = kit.emulator.state
      .conversation(memberOa)
      .filter((m) => m.from === "oa")
      .at(-1);
    expect(got?.text).toContain("nhờ hỗ trợ");
    expect(JSON.stringify(got)).toContain(`${MINIAPP_URL}/help/${request.id}`);
    expect(await prisma().helpRequestEvent.findMany({ where: { helpRequestId: request.id } })).toMatchObject([
      { kind: "CREATED", actorId: null, toUnitId: kit.units.dao },
    ]);
  });

  it("tells the unit's linked leads, once, when a request waits more than 24 hours", async () => {
    const memberOa = (await prisma().member.findUniqueOrThrow({ where: { id: kit.memberIds.member } })).oaUserId ?? "";
    await prisma().helpRequest.updateMany({ where: { status: "OPEN" }, data: { status: "CANCELLED" } });
    const request = await prisma().helpRequest.create({
      data: {
        unitId: kit.units.dao,
        topic: "Căn cước gắn chip",
        preferredTime: "sáng",
        createdAt: new Date(Date.now() - 25 * 3_600_000),
      },
    });
    expect(await escalateHelpRequests(runtime.ctx)).toEqual({ escalated: 1 });
    expect(await escalateHelpRequests(runtime.ctx)).toEqual({ escalated: 0 });
    const notices = await prisma().outboundMessage.findMany({
      where: { kind: "MEMBER_NOTICE", idempotencyKey: { startsWith: `help-notice:help:${request.id}:1:` } },
    });
    expect(notices.map((n) => n.oaUserId)).toEqual([DEMO_RESIDENT_UNIT_LEAD_ID]);
    expect(notices.map((n) => n.oaUserId)).not.toContain(memberOa);
    expect(readOutboundPayload(notices[0]?.payload ?? null)[0]?.text).toContain(
      "đã chờ hơn 24 giờ mà chưa có đoàn viên nhận",
    );
    // The existing alert is still raised for the lead in the mini-app.
    expect(await prisma().alert.count({ where: { kind: "HELP_ESCALATED", unitId: kit.units.dao } })).toBe(1);
    await waitFor(
      async () =>
        (await prisma().outboundMessage.findUnique({ where: { id: notices[0]?.id ?? "" } }))?.status === "SENT",
      "the lead's notice to be sent",
    );
  });
});
