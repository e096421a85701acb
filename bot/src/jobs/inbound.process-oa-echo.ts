import type { Prisma } from "../generated/prisma/client.ts";
import { isTakenOver } from "../takeover/decide-takeover-turn.ts";
import { matchOwnSend } from "../takeover/match-own-send.ts";
import { describeZaloEvent, zaloEventSchema } from "../zalo/zalo-event.ts";
import type { JobContext } from "./job-context.ts";

type Tx = Prisma.TransactionClient;

/** `oa_send_*`: Zalo's echo of a message the OA sent, by the product's API calls or by a person in Zalo's chat tool. */
export function isOaSendEcho(eventName: string): boolean {
  return eventName.startsWith("oa_send_");
}

export type EchoOutcome = "own-echo" | "staff-reply" | "ignored";

const HOUR_MS = 60 * 60 * 1000;

/**
 * An `oa_send_*` echo, inside the resident's turn transaction (same advisory lock, so it is ordered with the
 * resident's own messages): the product's own send is left as it was (IGNORED); a message a person of the union
 * typed in Zalo's OA chat tool starts, or extends, the human takeover: the bot stays silent for that resident until
 * HUMAN_TAKEOVER_HOURS after the latest staff message. The event is then PROCESSED, so it can be told apart later.
 */
export async function processOaEcho(
  ctx: JobContext,
  tx: Tx,
  eventId: string,
  payload: Prisma.JsonValue,
): Promise<EchoOutcome> {
  const now = ctx.now();
  const parsed = zaloEventSchema.safeParse(payload);
  const oaUserId = parsed.success ? describeZaloEvent(parsed.data).oaUserId : null;
  const at = parsed.success ? new Date(Number(parsed.data.timestamp)) : new Date(Number.NaN);
  const resident =
    parsed.success && oaUserId && !Number.isNaN(at.getTime())
      ? await tx.resident.findUnique({
          where: { oaUserId },
          select: { id: true, humanTakeoverUntil: true, humanTakeoverSince: true },
        })
      : null;
  if (!parsed.success || !oaUserId || !resident) {
    // Not a resident we know (a member's notification, or the confirmation to a resident who just erased their
    // data): nothing to take over, and nothing of it is kept that could link back to them.
    await tx.inboundEvent.update({
      where: { id: eventId },
      data: { status: "IGNORED", processedAt: now, oaUserId: null, payload: {} },
    });
    return "ignored";
  }
  const match = await matchOwnSend(tx, {
    oaUserId,
    msgId: parsed.data.message?.msg_id ?? null,
    text: parsed.data.message?.text ?? "",
    at,
  });
  if (match !== "not-ours") {
    // The text was kept only for this comparison: the product's own words are in its OutboundMessage rows.
    await tx.inboundEvent.update({
      where: { id: eventId },
      data: { status: "IGNORED", processedAt: now, payload: withoutText(payload) },
    });
    ctx.log.debug({ eventId, match }, "echo of the product's own send");
    return "own-echo";
  }
  const until = new Date(now.getTime() + ctx.config.HUMAN_TAKEOVER_HOURS * HOUR_MS);
  const ongoing = isTakenOver(resident.humanTakeoverUntil, now);
  await tx.resident.update({
    where: { id: resident.id },
    data: {
      humanTakeoverUntil: until,
      humanTakeoverSince: ongoing && resident.humanTakeoverSince ? resident.humanTakeoverSince : now,
    },
  });
  await tx.inboundEvent.update({ where: { id: eventId }, data: { status: "PROCESSED", processedAt: now } });
  ctx.log.info({ eventId, until, extended: ongoing }, "staff answered by hand: the bot stays silent for the resident");
  return "staff-reply";
}

function withoutText(payload: Prisma.JsonValue): Prisma.InputJsonValue {
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) return {};
  const message = payload.message;
  if (!message || typeof message !== "object" || Array.isArray(message)) return payload as Prisma.InputJsonObject;
  const { text: _text, ...rest } = message;
  return { ...payload, message: rest } as Prisma.InputJsonObject;
}
