import type { Prisma } from "../generated/prisma/client.ts";
import { helpEscalationKey } from "../reminders/plan-help-escalation.ts";
import { eraseHelpContacts } from "./cron.erase-help-contacts.ts";

type Tx = Prisma.TransactionClient;

/** The resident as the deletion needs them. */
export interface ResidentToDelete {
  id: string;
  oaUserId: string;
}

/**
 * "Xóa dữ liệu của tôi" (Decree 13/2023: people may have what is held about them deleted). Afterwards nothing in
 * the database links to the resident: no row carries their OA-scoped id, resident id, name or anything they wrote.
 * - The Resident row is deleted, and with it (cascade) the conversation, checklist progress, reminders and notice
 *   subscriptions. Someone who writes again later starts afresh as a new resident.
 * - Help requests stay as anonymous counts: unlinked (SetNull), open ones cancelled, the preferred time and note
 *   blanked, the contact given for them (phone, hamlet) blanked with `contactErasedAt` set; members' notes on them
 *   (assistance logs) blanked. The topic (a checklist step's title) and the unit stay.
 * - The OA messages members were sent about those requests (MEMBER_NOTICE: "Thời gian mong muốn: …" quotes the
 *   resident's own words) lose their text; one not yet sent is skipped (`data_deleted`). Their rows and status stay
 *   (a member's notice counts are theirs, not the resident's).
 * - Stored inbound events lose their payload, error and OA id; a key that contained the OA id (`evt:…`, events
 *   without a message id) is replaced by one made of the row id. Events still waiting (RECEIVED) are left for their
 *   own turn: they came after this one. Message-id keys stay, so Zalo's redeliveries are still recognised.
 * - Outbound messages to the resident are deleted, queued ones included (a reminder or help notice must not
 *   follow the deletion). The confirmation is queued after this, by the turn; the sender deletes its row once it
 *   is sent (`outbound.send-message.ts`), since the resident it went to no longer exists.
 * - Registrations for registration days are deleted with the Resident row (cascade): the number, the times and the
 *   check-in go; the event's counts lose them.
 * - Broadcast deliveries keep their status (a notice's counts stay true) under a random id instead of the OA id;
 *   deliveries not yet sent are skipped.
 * - The audit log keeps what members did (a takeover given back, a check-in) but no longer points at the resident
 *   or their registration (`targetId` blanked).
 * Step events were never linked and keep only their day (see `record-step-event`). Quiz attempts are deleted.
 */
export async function deleteResidentData(tx: Tx, resident: ResidentToDelete, currentEventId: string): Promise<void> {
  const { id: residentId, oaUserId } = resident;
  await blankMemberNoticesAbout(tx, residentId);
  await tx.helpRequest.updateMany({
    where: { residentId, status: { in: ["OPEN", "CLAIMED"] } },
    data: { status: "CANCELLED" },
  });
  // The phone number and hamlet they gave for their requests go at once, not after the retention period.
  await eraseHelpContacts(tx, { residentId }, new Date());
  await tx.assistanceLog.updateMany({ where: { helpRequest: { residentId } }, data: { note: null } });
  await tx.helpRequest.updateMany({ where: { residentId }, data: { residentId: null, preferredTime: "", note: null } });
  await tx.$executeRaw`
    UPDATE "InboundEvent"
    SET "payload" = '{}'::jsonb, "error" = NULL, "oaUserId" = NULL,
        "dedupKey" = CASE WHEN "dedupKey" LIKE 'msg:%' THEN "dedupKey" ELSE 'erased:' || "id" END
    WHERE "oaUserId" = ${oaUserId} AND ("status" <> 'RECEIVED' OR "id" = ${currentEventId})`;
  await tx.outboundMessage.deleteMany({ where: { oaUserId } });
  await tx.broadcastDelivery.updateMany({
    where: { oaUserId, status: { in: ["QUEUED", "SENDING"] } },
    data: { status: "SKIPPED", reason: "data_deleted" },
  });
  await tx.$executeRaw`
    UPDATE "BroadcastDelivery" SET "oaUserId" = 'erased:' || md5(random()::text || "id"), "zaloMessageId" = NULL
    WHERE "oaUserId" = ${oaUserId}`;
  const registrations = await tx.eventRegistration.findMany({ where: { residentId }, select: { id: true } });
  await tx.auditLog.updateMany({
    where: {
      OR: [
        { targetType: "Resident", targetId: residentId },
        { targetType: "EventRegistration", targetId: { in: registrations.map((r) => r.id) } },
      ],
    },
    data: { targetId: null },
  });
  // Quiz attempts go with the resident (cascade too): the leaderboard counts only attempts that still exist.
  await tx.quizAttempt.deleteMany({ where: { residentId } });
  await tx.resident.delete({ where: { id: residentId } });
}

/**
 * Member notices are keyed `help-notice:<event key>:<member id>` (`queue-member-notices.ts`), the event key being a
 * HelpRequestEvent id or an escalation key (`help:<request id>:<level>`).
 */
async function blankMemberNoticesAbout(tx: Tx, residentId: string): Promise<void> {
  const requests = await tx.helpRequest.findMany({
    where: { residentId },
    select: { id: true, events: { select: { id: true } } },
  });
  const prefixes = requests.flatMap((request) => [
    ...request.events.map((event) => `help-notice:${event.id}:`),
    `help-notice:${helpEscalationKey(request.id, 1)}:`,
    `help-notice:${helpEscalationKey(request.id, 2)}:`,
  ]);
  if (prefixes.length === 0) return;
  const about = {
    kind: "MEMBER_NOTICE" as const,
    OR: prefixes.map((prefix) => ({ idempotencyKey: { startsWith: prefix } })),
  };
  await tx.outboundMessage.updateMany({
    where: { ...about, status: "QUEUED" },
    data: { status: "SKIPPED", error: "data_deleted" },
  });
  await tx.outboundMessage.updateMany({ where: about, data: { payload: {} } });
}
