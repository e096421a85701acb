import type { Config } from "../config.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Queues } from "../queues/queues.ts";
import { MEMBER_TEXT } from "./help-request-messages.ts";
import { queueMemberNotices } from "./queue-member-notices.ts";

/**
 * A resident's request was just created (in the chatbot's turn transaction): its history starts with CREATED, and
 * the unit's members linked to the OA are told, once each (the notices are rows of this transaction, queued after
 * its commit by the turn's deferred queues; at night they wait for the end of the quiet hours, by the turn's
 * clock `now`).
 */
export async function recordNewHelpRequest(
  tx: Prisma.TransactionClient,
  queues: Queues,
  config: Pick<Config, "MINIAPP_URL" | "QUIET_HOURS" | "TZ_NAME">,
  helpRequestId: string,
  now: Date,
): Promise<void> {
  const request = await tx.helpRequest.findUniqueOrThrow({
    where: { id: helpRequestId },
    select: {
      id: true,
      unitId: true,
      topic: true,
      preferredTime: true,
      createdAt: true,
      unit: { select: { name: true } },
    },
  });
  const event = await tx.helpRequestEvent.create({
    data: { helpRequestId, kind: "CREATED", toUnitId: request.unitId, at: request.createdAt },
  });
  await queueMemberNotices(tx, queues, config, {
    helpRequestId,
    eventKey: event.id,
    at: now,
    unitId: request.unitId,
    whileRequest: { status: "OPEN", unitId: request.unitId },
    text: MEMBER_TEXT.newRequest(request.unit.name, request.topic, request.preferredTime),
  });
}
