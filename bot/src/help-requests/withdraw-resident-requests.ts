import type { Config } from "../config.ts";
import type { OpenHelpRequest } from "../conversation/turn.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Queues } from "../queues/queues.ts";
import { MEMBER_TEXT } from "./help-request-messages.ts";
import { queueMemberNotices } from "./queue-member-notices.ts";

/** The statuses a resident can still withdraw from: nobody has finished or closed the request yet. */
const WITHDRAWABLE = ["OPEN", "CLAIMED"] as const;

/** The resident's open requests, newest first (read on every turn, by the index on residentId and status). */
export async function loadOpenHelpRequests(
  db: Pick<Prisma.TransactionClient, "helpRequest">,
  residentId: string,
): Promise<OpenHelpRequest[]> {
  const rows = await db.helpRequest.findMany({
    where: { residentId, status: { in: [...WITHDRAWABLE] } },
    orderBy: { createdAt: "desc" },
    select: { topic: true, claimedBy: { select: { name: true } } },
  });
  return rows.map((row) => ({ topic: row.topic, claimedBy: row.claimedBy?.name ?? null }));
}

/**
 * The resident confirmed in the chat that they no longer need a volunteer: each of their requests still open or
 * claimed closes as CANCELLED (reason RESIDENT_WITHDREW, no actor: the resident did it), inside the turn's
 * transaction. A member who had claimed one is told not to come (sent while the request stays cancelled; held
 * until the quiet hours end). A request a member finished or closed in the meantime is left as it is. Returns how
 * many were withdrawn.
 */
export async function withdrawResidentRequests(
  tx: Prisma.TransactionClient,
  queues: Queues,
  config: Pick<Config, "MINIAPP_URL" | "QUIET_HOURS" | "TZ_NAME">,
  residentId: string,
  now: Date,
): Promise<number> {
  const requests = await tx.helpRequest.findMany({
    where: { residentId, status: { in: [...WITHDRAWABLE] } },
    select: { id: true, status: true, claimedById: true, topic: true, unit: { select: { name: true } } },
  });
  let withdrawn = 0;
  for (const request of requests) {
    const { count } = await tx.helpRequest.updateMany({
      where: { id: request.id, status: request.status, claimedById: request.claimedById },
      data: { status: "CANCELLED" },
    });
    if (count === 0) continue;
    withdrawn += 1;
    const event = await tx.helpRequestEvent.create({
      data: { helpRequestId: request.id, kind: "CANCELLED", reason: "RESIDENT_WITHDREW", at: now },
    });
    if (!request.claimedById) continue;
    await queueMemberNotices(tx, queues, config, {
      helpRequestId: request.id,
      eventKey: event.id,
      at: now,
      memberIds: [request.claimedById],
      whileRequest: { status: "CANCELLED" },
      text: MEMBER_TEXT.withdrawnByResident(request.unit.name, request.topic),
    });
  }
  return withdrawn;
}
