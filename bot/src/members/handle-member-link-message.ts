import type { InboundMessage } from "../channel/messages.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { JobContext } from "../jobs/job-context.ts";
import { queueOutboundMessage } from "../outbound/queue-outbound-message.ts";
import type { Queues } from "../queues/queues.ts";
import { linkMemberByAppUserId, linkMemberByCode, memberLinkedTo, parseLinkCodeText } from "./member-oa-link.ts";

/** What the member reads in the OA chat after sending their code. */
export const LINK_TEXT = {
  linked: (name: string, unitName: string | null) =>
    `Đã liên kết Zalo của bạn với tài khoản đoàn viên ${name}${unitName ? ` (${unitName})` : ""}. ` +
    "Khi người dân ở đơn vị nhờ hỗ trợ, OA sẽ nhắn cho bạn tại đây. " +
    "Muốn tắt, bạn vào mini-app Xung Kích Số, mục “Thông báo qua OA”.",
  alreadyLinked: (name: string) => `Zalo của bạn đã được liên kết với tài khoản đoàn viên ${name}.`,
  unknownCode:
    "Mã liên kết không đúng hoặc đã hết hạn. Bạn mở lại mini-app Xung Kích Số, " +
    "bấm “Nhận thông báo qua OA” để lấy mã mới nhé.",
} as const;

/**
 * Runs before the conversation engine for every resident event (one line in `inbound.process-event.ts`):
 * - an event carrying `user_id_by_app` equal to a member's mini-app id links that member (silently; the turn goes
 *   on as usual, e.g. a follow still gets its welcome);
 * - a text that is a link code ("LIENKET ABCDEF") is this module's alone: the member is linked and told so, the
 *   event is marked processed, and the engine never sees it. Returns true then.
 */
export async function handleMemberLinkMessage(
  ctx: JobContext,
  tx: Prisma.TransactionClient,
  eventId: string,
  inbound: InboundMessage,
  queues: Queues,
): Promise<boolean> {
  const now = ctx.now();
  if (inbound.appUserId && inbound.kind !== "unfollow") {
    const linked = await linkMemberByAppUserId(tx, inbound.userId, inbound.appUserId, now);
    if (linked) ctx.log.info({ eventId, memberId: linked.id }, "member linked to the OA by user_id_by_app");
  }
  if (inbound.kind !== "text") return false;
  const code = parseLinkCodeText(inbound.text);
  if (!code) return false;

  const result = await linkMemberByCode(tx, inbound.userId, code, now);
  let text: string;
  if (result.outcome === "linked") {
    text = LINK_TEXT.linked(result.member.name, result.member.unitName);
    ctx.log.info({ eventId, memberId: result.member.id }, "member linked to the OA by code");
  } else {
    const already = await memberLinkedTo(tx, inbound.userId);
    text = already ? LINK_TEXT.alreadyLinked(already.name) : LINK_TEXT.unknownCode;
    ctx.log.info({ eventId, alreadyLinked: Boolean(already) }, "link code not recognised");
  }
  await tx.inboundEvent.update({ where: { id: eventId }, data: { status: "PROCESSED", processedAt: now } });
  await queueOutboundMessage(tx, queues, {
    oaUserId: inbound.userId,
    kind: "REPLY",
    messages: [{ text }],
    idempotencyKey: `reply:${eventId}`,
  });
  return true;
}
