import { redactSensitive } from "@xks/shared/privacy/redact-sensitive";
import type { InboundMessage } from "../channel/messages.ts";
import type { Effect } from "../conversation/effects.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { JobContext } from "./job-context.ts";

// The resident's profile as the inbound job keeps it: the consented contact goes onto the help request it is for,
// and the Zalo display name is fetched once the reply is queued (issue 10).

type Tx = Prisma.TransactionClient;

/** What a typed phone number or hamlet leaves in the stored event, once it is on the help request. */
export const CONTACT_MOVED_MASK = "[liên hệ đã chuyển vào yêu cầu hỗ trợ]";
/** The contact is for the request just made: an older open request (days ago) is not the one being talked about. */
const CONTACT_REQUEST_MAX_AGE_MS = 24 * 60 * 60_000;

/**
 * Keeps the consented contact on the resident's newest open request (never on the resident) and removes it from
 * the stored event that carried it: the typed text is replaced by a mask, a sealed form answer is dropped. Both the
 * phone and the address pass the privacy guard (an ID number typed into the hamlet is masked like anywhere else).
 */
export async function setHelpContact(
  ctx: JobContext,
  tx: Tx,
  residentId: string,
  effect: Extract<Effect, { type: "set-help-contact" }>,
  eventId: string,
): Promise<void> {
  const request = await tx.helpRequest.findFirst({
    where: {
      residentId,
      status: { in: ["OPEN", "CLAIMED"] },
      createdAt: { gte: new Date(ctx.now().getTime() - CONTACT_REQUEST_MAX_AGE_MS) },
    },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  if (request) {
    await tx.helpRequest.update({
      where: { id: request.id },
      data: {
        ...(effect.phone ? { contactPhone: effect.phone } : {}),
        ...(effect.address ? { contactAddress: redactSensitive(effect.address).text.slice(0, 240) } : {}),
        contactErasedAt: null,
      },
    });
  } else {
    ctx.log.info({ eventId }, "contact shared without an open help request: not kept");
  }
  await tx.$executeRaw`
    UPDATE "InboundEvent"
    SET "payload" = CASE
      WHEN jsonb_typeof("payload" -> 'message' -> 'text') = 'string'
        THEN jsonb_set("payload" #- '{info,sealed}', '{message,text}', to_jsonb(${CONTACT_MOVED_MASK}::text))
      ELSE "payload" #- '{info,sealed}'
    END
    WHERE "id" = ${eventId}`;
}

/** How long after one attempt the resident's Zalo name is not asked again (a follow refreshes it at most this often). */
const DISPLAY_NAME_RETRY_MS = 6 * 60 * 60_000;
/** The name as stored: through the privacy guard (a name field can hold anything), at most this long. */
const MAX_DISPLAY_NAME_CHARS = 100;

/**
 * The resident's Zalo display name (`/v3.0/oa/user/detail`), when they follow, or when it is not known yet (their
 * first message): volunteers greet them by name. Best effort, after the reply was queued: a failure is logged
 * (without the token or the name) and changes nothing; attempts per resident are spaced by a Redis key so a Zalo
 * outage is not asked about on every message.
 */
export async function fetchDisplayName(ctx: JobContext, inbound: InboundMessage, eventId: string): Promise<void> {
  if (inbound.kind === "unfollow") return;
  try {
    if (inbound.kind !== "follow") {
      const known = await ctx.prisma.resident.findUnique({
        where: { oaUserId: inbound.userId },
        select: { displayName: true },
      });
      if (!known || known.displayName !== null) return;
    }
    const key = `${ctx.config.QUEUE_PREFIX}:resident-name-asked:${inbound.userId}`;
    if ((await ctx.redis.set(key, "1", "PX", DISPLAY_NAME_RETRY_MS, "NX")) !== "OK") return;
    const detail = await ctx.zalo.getUserDetail(inbound.userId);
    const name = detail.displayName
      ? redactSensitive(detail.displayName).text.trim().slice(0, MAX_DISPLAY_NAME_CHARS)
      : "";
    if (name === "") return;
    await ctx.prisma.resident.updateMany({ where: { oaUserId: inbound.userId }, data: { displayName: name } });
  } catch (error) {
    ctx.log.warn(
      { eventId, err: (error as Error).message },
      "resident's Zalo name not fetched (the reply went anyway)",
    );
  }
}
