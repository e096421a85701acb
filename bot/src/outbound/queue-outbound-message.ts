import type { OutboundMessage } from "../channel/messages.ts";
import type { PrismaClient } from "../db.ts";
import type { OutboundKind, Prisma } from "../generated/prisma/client.ts";
import { enqueueOutbound, type Queues } from "../queues/queues.ts";

export interface QueueOutboundInput {
  oaUserId: string;
  kind: OutboundKind;
  /**
   * What the resident reads, in order. Several messages of one turn (e.g. a welcome, then the menu) go in ONE row
   * and one job, because separate jobs run concurrently and could reach the resident in another order.
   */
  messages: OutboundMessage[];
  /**
   * Makes the send happen at most once however often this is called: e.g. `reply:<eventId>`,
   * `help-claimed:<helpRequestId>`, `reminder:<reminderId>`.
   */
  idempotencyKey: string;
  /**
   * Not sent before `at` (a member's help-request notice written in the quiet hours waits for their end); omitted:
   * sent at once. `now` is the clock `at` was decided on: the queue's delay is the difference, and the send job
   * checks the row's time again when it runs.
   */
  notBefore?: { at: Date; now: Date };
  /** Sent only while this still holds when the send job runs; skipped `no_longer_relevant` otherwise. */
  relevantWhile?: RelevanceCondition;
}

/**
 * What must still be true for a message to be worth sending: a member's notice about a help request ("a new request
 * in your commune", "handed to you") held for the morning is noise once someone claimed, closed or moved it.
 */
export interface RelevanceCondition {
  /** CANCELLED: a notice that the request was withdrawn, not sent if it reopened in between. */
  helpRequest: { id: string; status: "OPEN" | "CLAIMED" | "CANCELLED"; unitId?: string; claimedById?: string };
}

/** The JSON stored in OutboundMessage.payload. */
export interface OutboundPayload {
  messages: OutboundMessage[];
  relevantWhile?: RelevanceCondition;
}

/**
 * Records messages for a resident in PostgreSQL (the truth) and queues their send. A second call with the same
 * idempotency key neither records nor sends again. If Redis is away the row stays QUEUED and the
 * recover-outbound job queues it later (a held-back row once its time has come).
 */
export async function queueOutboundMessage(
  db: Pick<PrismaClient, "outboundMessage">,
  queues: Queues,
  input: QueueOutboundInput,
): Promise<{ id: string; created: boolean }> {
  const existing = await db.outboundMessage.findUnique({
    where: { idempotencyKey: input.idempotencyKey },
    select: { id: true },
  });
  if (existing) return { id: existing.id, created: false };
  // INSERT … ON CONFLICT DO NOTHING: two callers racing with one key (two reminder scans at once) record one row
  // and neither fails, inside a transaction too (a caught unique violation would abort it).
  const inserted = await db.outboundMessage.createMany({
    data: [
      {
        idempotencyKey: input.idempotencyKey,
        oaUserId: input.oaUserId,
        kind: input.kind,
        payload: outboundPayloadToJson(input.messages, input.relevantWhile),
        notBefore: input.notBefore?.at ?? null,
      },
    ],
    skipDuplicates: true,
  });
  const row = await db.outboundMessage.findUniqueOrThrow({
    where: { idempotencyKey: input.idempotencyKey },
    select: { id: true },
  });
  if (inserted.count === 0) return { id: row.id, created: false };
  const delayMs = input.notBefore ? input.notBefore.at.getTime() - input.notBefore.now.getTime() : 0;
  await enqueueOutbound(queues, row.id, delayMs).catch(() => undefined);
  return { id: row.id, created: true };
}

export function outboundPayloadToJson(
  messages: OutboundMessage[],
  relevantWhile?: RelevanceCondition,
): Prisma.InputJsonObject {
  return {
    messages: messages.map(outboundMessageToJson),
    ...(relevantWhile ? { relevantWhile: { helpRequest: { ...relevantWhile.helpRequest } } } : {}),
  };
}

/** The condition a stored payload carries, if any. */
export function readRelevanceCondition(payload: Prisma.JsonValue): RelevanceCondition | null {
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) return null;
  const condition = payload.relevantWhile as unknown as RelevanceCondition | undefined;
  return condition?.helpRequest?.id ? condition : null;
}

/** Reads a stored payload back; rows whose personal content was erased ("xóa dữ liệu") read as no messages. */
export function readOutboundPayload(payload: Prisma.JsonValue): OutboundMessage[] {
  if (payload && typeof payload === "object" && !Array.isArray(payload) && Array.isArray(payload.messages)) {
    return payload.messages as unknown as OutboundMessage[];
  }
  return [];
}

function outboundMessageToJson(message: OutboundMessage): Prisma.InputJsonObject {
  return {
    text: message.text,
    ...(message.buttons ? { buttons: message.buttons.map((button) => ({ ...button })) } : {}),
    ...(message.imageUrl ? { imageUrl: message.imageUrl } : {}),
    ...(message.requestContact ? { requestContact: { ...message.requestContact } } : {}),
  };
}
