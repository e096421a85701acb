import type { Config } from "../config.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { queueOutboundMessage, type RelevanceCondition } from "../outbound/queue-outbound-message.ts";
import type { Queues } from "../queues/queues.ts";
import { deferOutOfQuietHours } from "../time/quiet-hours.ts";
import { MEMBER_TEXT } from "./help-request-messages.ts";

type Db = Pick<Prisma.TransactionClient, "member" | "outboundMessage">;

/** The mini-app page of one request, opened by the OA message's button. */
export function helpRequestPageUrl(config: Pick<Config, "MINIAPP_URL">, helpRequestId: string): string {
  return `${config.MINIAPP_URL}/help/${encodeURIComponent(helpRequestId)}`;
}

export interface MemberNotice {
  helpRequestId: string;
  /** The history event the notice is about: with the member's id it makes the idempotency key (sent once). */
  eventKey: string;
  text: string;
  /** When it happened, on the caller's clock: a notice in the quiet hours waits for their end. */
  at: Date;
  /** Every linked active member of this unit... */
  unitId?: string;
  /** ...or these members only (if linked and active). */
  memberIds?: string[];
  /** Not the member who caused it. */
  exceptMemberId?: string | null;
  /** Only the unit's leads. */
  leadsOnly?: boolean;
  /**
   * What the request must still be when the notice goes out (checked by the send job): a notice held for the
   * morning about a request someone claimed, closed or moved at night is not sent.
   */
  whileRequest: Omit<RelevanceCondition["helpRequest"], "id">;
}

/**
 * OA messages to members linked to the OA (Member.oaUserId), through the outbound queue and its rules: kind
 * MEMBER_NOTICE is sent on the product's initiative, so in the billed band (48 h–7 d after the member's last
 * interaction with the OA) it goes out only with PAID_MESSAGES=on, and after 7 days not at all (the member still
 * sees the request in the mini-app inbox, with its badge). Returns how many were queued.
 *
 * A notice written in the quiet hours (QUIET_HOURS, TZ_NAME) waits for their end, like the reminders: a volunteer
 * woken at 23:00 by a request they can only answer in the morning is a volunteer who unlinks the OA; the request is
 * in the mini-app at once either way; and it is not sent at all if the request has moved on by then
 * (`whileRequest`). Its band is judged when it goes out, so a notice that waits past the member's
 * free 48 hours follows the billed rule above then. (What the resident is told, in their own conversation, is a
 * HELP_UPDATE queued apart and never waits.)
 */
export async function queueMemberNotices(
  db: Db,
  queues: Queues,
  config: Pick<Config, "MINIAPP_URL" | "QUIET_HOURS" | "TZ_NAME">,
  notice: MemberNotice,
): Promise<number> {
  const sendAt = deferOutOfQuietHours(notice.at, config.QUIET_HOURS, config.TZ_NAME);
  const notBefore = sendAt > notice.at ? { at: sendAt, now: notice.at } : undefined;
  const members = await db.member.findMany({
    where: {
      status: "ACTIVE",
      oaUserId: { not: null },
      ...(notice.memberIds ? { id: { in: notice.memberIds } } : { unitId: notice.unitId ?? "-" }),
      ...(notice.exceptMemberId ? { NOT: { id: notice.exceptMemberId } } : {}),
      ...(notice.leadsOnly ? { role: "UNIT_LEAD" as const } : {}),
    },
    select: { id: true, oaUserId: true },
    orderBy: { createdAt: "asc" },
  });
  let queued = 0;
  for (const member of members) {
    if (!member.oaUserId) continue;
    const { created } = await queueOutboundMessage(db, queues, {
      oaUserId: member.oaUserId,
      kind: "MEMBER_NOTICE",
      idempotencyKey: `help-notice:${notice.eventKey}:${member.id}`,
      messages: [
        {
          text: notice.text,
          buttons: [
            { kind: "link", title: MEMBER_TEXT.openButton, url: helpRequestPageUrl(config, notice.helpRequestId) },
          ],
        },
      ],
      ...(notBefore ? { notBefore } : {}),
      relevantWhile: { helpRequest: { id: notice.helpRequestId, ...notice.whileRequest } },
    });
    if (created) queued += 1;
  }
  return queued;
}
