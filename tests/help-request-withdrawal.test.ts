import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROFILE_BUTTON } from "../bot/src/conversation/profile-texts.ts";
import { BUTTON, TEXT } from "../bot/src/conversation/texts.ts";
import { MEMBER_TEXT } from "../bot/src/help-requests/help-request-messages.ts";
import { readOutboundPayload } from "../bot/src/outbound/queue-outbound-message.ts";
import type { WorkerRuntime } from "../bot/src/worker-runtime.ts";
import { startChatStack, stopChatStack } from "./support/chat-stack.ts";
import type { TestApp } from "./support/test-app.ts";
import { sayAndSettle } from "./support/webhook-turns.ts";
import type { RunningEmulator } from "./support/zalo-emulator.ts";

/**
 * A resident withdraws their own help request in the chat, end to end: signed webhook → inbound worker → replies to
 * the Zalo emulator, against real PostgreSQL and Redis. Asked first; the request closes as CANCELLED with reason
 * RESIDENT_WITHDREW and no actor; the member who claimed it is told not to come; a request a member already
 * finished is left alone.
 */

let emu: RunningEmulator;
let t: TestApp;
let runtime: WorkerRuntime;
let unitId: string;
let memberId: string;
const MEMBER_OA_ID = "7100000000000000931";

beforeAll(async () => {
  ({ emu, t, runtime } = await startChatStack());
  const unit = await t.app.prisma.unit.create({ data: { code: "HOANG_DAO", name: "Xã Hoằng Đạo", kind: "COMMUNE" } });
  unitId = unit.id;
  const member = await t.app.prisma.member.create({
    data: {
      zaloId: "8100000000000000931",
      name: "Lê Văn Hùng",
      unitId,
      status: "ACTIVE",
      oaUserId: MEMBER_OA_ID,
      oaLinkedAt: new Date(),
    },
  });
  memberId = member.id;
});

afterAll(() => stopChatStack({ emu, t, runtime }));

const prisma = () => t.app.prisma;
const say = (userId: string, ...texts: string[]) => sayAndSettle(t.app, userId, ...texts);

async function lastText(userId: string): Promise<string> {
  const rows = await prisma().outboundMessage.findMany({
    where: { oaUserId: userId },
    orderBy: [{ createdAt: "asc" }, { idempotencyKey: "asc" }],
  });
  return rows.flatMap((row) => readOutboundPayload(row.payload)).at(-1)?.text ?? "";
}

/** The resident asks for a volunteer in Hoằng Đạo, skips the contact questions, and gets their request. */
async function openHelp() {
  const r = emu.reachableResident("Lê Thị Tư");
  await say(r.userId, BUTTON.help, "hoang dao", "Ngày mai", PROFILE_BUTTON.skip, PROFILE_BUTTON.skip);
  const request = await prisma().helpRequest.findFirstOrThrow({ where: { resident: { oaUserId: r.userId } } });
  return { r, request };
}

/** A member's claim, as the mini-app's claim would leave it. */
const claim = (id: string) =>
  prisma().helpRequest.update({
    where: { id },
    data: { status: "CLAIMED", claimedById: memberId, claimedAt: new Date() },
  });

const memberNotices = () =>
  prisma().outboundMessage.findMany({ where: { oaUserId: MEMBER_OA_ID, kind: "MEMBER_NOTICE" } });

describe("a resident withdraws their help request", () => {
  it("is asked first; «Đồng ý hủy» closes it with the resident's reason, and its volunteer is told", async () => {
    const { r, request } = await openHelp();
    await claim(request.id);

    await say(r.userId, "thôi cháu ơi, không cần đoàn viên đến nữa");
    const asked = await lastText(r.userId);
    expect(asked).toContain(`«${request.topic}»`);
    expect(asked).toContain("Lê Văn Hùng");
    expect((await prisma().helpRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("CLAIMED");

    await say(r.userId, BUTTON.confirmWithdraw);
    expect(await lastText(r.userId)).toContain(TEXT.helpRequestWithdrawn);
    const closed = await prisma().helpRequest.findUniqueOrThrow({
      where: { id: request.id },
      include: { events: true },
    });
    expect(closed.status).toBe("CANCELLED");
    const withdrawn = closed.events.find((e) => e.kind === "CANCELLED");
    expect(withdrawn).toMatchObject({ reason: "RESIDENT_WITHDREW", actorId: null });

    const told = (await memberNotices()).flatMap((row) => readOutboundPayload(row.payload).map((m) => m.text));
    expect(told).toContain(MEMBER_TEXT.withdrawnByResident("Xã Hoằng Đạo", request.topic));

    // Nothing is left to withdraw: said plainly, and no volunteer is offered to someone declining one.
    await say(r.userId, "không cần đoàn viên đến nữa");
    expect(await lastText(r.userId)).toBe(TEXT.noOpenHelpRequest);
  });

  it("keeps the request on «Giữ yêu cầu»", async () => {
    const { r, request } = await openHelp();
    await say(r.userId, "hủy yêu cầu hỗ trợ", BUTTON.keepRequest);
    expect(await lastText(r.userId)).toBe(TEXT.helpRequestKept);
    expect((await prisma().helpRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("OPEN");
  });

  it("leaves a request that a member finished meanwhile as it is", async () => {
    const { r, request } = await openHelp();
    await say(r.userId, "hủy yêu cầu hỗ trợ");
    // Between the question and the tap, the volunteer marks it done.
    await prisma().helpRequest.update({ where: { id: request.id }, data: { status: "DONE", doneAt: new Date() } });
    await say(r.userId, BUTTON.confirmWithdraw);
    expect(await lastText(r.userId)).toBe(TEXT.noOpenHelpRequest);
    const row = await prisma().helpRequest.findUniqueOrThrow({ where: { id: request.id }, include: { events: true } });
    expect(row.status).toBe("DONE");
    expect(row.events.some((e) => e.reason === "RESIDENT_WITHDREW")).toBe(false);
  });
});
