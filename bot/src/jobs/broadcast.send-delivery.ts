import { DelayedError, type Job } from "bullmq";
import { finishBroadcastIfComplete } from "../broadcasts/broadcast-progress.ts";
import { composeNoticeMessage } from "../broadcasts/compose-notice-message.ts";
import { paidSendsAllowed, stopPaidSendsForToday } from "../outbound/paid-sends.ts";
import type { BroadcastJob } from "../queues/queues.ts";
import { recordAfterSend } from "../record-after-send.ts";
import { deferOutOfQuietHours, isQuietTime } from "../time/quiet-hours.ts";
import { costBandAt, unreachableReason } from "../time/reply-window.ts";
import { convertToZaloParts } from "../zalo/convert-to-zalo-message.ts";
import { ZaloError, ZaloPermanentError, ZaloRateLimitError, ZaloTransientError } from "../zalo/zalo-errors.ts";
import type { JobContext } from "./job-context.ts";

/**
 * A delivery SENDING for longer than this was on the wire when its worker died: the limiter waits at most 10 s for
 * a slot, the request times out after 10 s, a token refresh adds one more call. recover-broadcasts re-sends it.
 */
export const BROADCAST_SEND_TIMEOUT_MS = 60_000;

/** Zalo ids of a delivery's parts (image, then text) are joined with this, like OutboundMessage. */
const PART_ID_SEPARATOR = ",";

export type DeliveryOutcome = "sent" | "failed" | "skipped" | "not-queued";

type SendJob = Pick<Job<BroadcastJob>, "attemptsMade" | "opts" | "token" | "moveToDelayed">;

/**
 * Sends one broadcast delivery, at most once however often its job runs:
 * 1. claim the row QUEUED→SENDING in one conditional UPDATE (a second job, worker or recovery run finds it taken);
 *    `attempts` is incremented by the claim and fences every later write, so a worker that lost its claim to
 *    recovery cannot overwrite the newer attempt's result;
 * 2. skip (with the reason) a cancelled broadcast or a recipient the OA cannot reach now (unfollowed, opted out,
 *    outside the 7-day window);
 * 3. send through the shared Zalo client (its Redis limiter paces every worker; -32 pauses them all);
 * 4. SENT with Zalo's message_id; FAILED with the reason on a permanent refusal (not retried); back to QUEUED on a
 *    transient error, rethrown so BullMQ retries with backoff, FAILED after the last attempt.
 * Between 1 and 4 the row is SENDING: that is the only window in which a crash can cause a repeat.
 */
export async function sendBroadcastDelivery(
  ctx: JobContext,
  job: SendJob,
  deliveryId: string,
): Promise<DeliveryOutcome> {
  const now = ctx.now();
  const claimed = await claimDelivery(ctx, deliveryId, now);
  // No QUEUED row with this id: already sent, skipped, failed, or being sent by someone else.
  if (!claimed) return "not-queued";
  const settle: Settle = async (change, final) => {
    await settleDelivery(ctx, deliveryId, claimed.attempts, change);
    if (final) await finishBroadcastIfComplete(ctx.prisma, claimed.broadcastId, ctx.now());
  };

  if (claimed.broadcastStatus === "CANCELLED") {
    await settle({ status: "SKIPPED", reason: "cancelled" }, true);
    return "skipped";
  }
  const { QUIET_HOURS, TZ_NAME } = ctx.config;
  if (!claimed.urgent && isQuietTime(now, QUIET_HOURS, TZ_NAME)) {
    // A broadcast still sending when quiet hours begin pauses until the morning; the job keeps its attempts.
    const morning = deferOutOfQuietHours(now, QUIET_HOURS, TZ_NAME);
    await settle({ status: "QUEUED" }, false);
    await job.moveToDelayed(Date.now() + (morning.getTime() - now.getTime()), job.token);
    throw new DelayedError();
  }
  // The band is read again at send time: a recipient planned inside the free 48 hours may have left them since.
  const band = costBandAt(claimed.lastInteractionAt, now);
  const paidAllowed = band === "paid" ? await paidSendsAllowed(ctx, now) : true;
  const unreachable = claimed.followState
    ? unreachableReason({ ...claimed, followState: claimed.followState }, now, paidAllowed)
    : "outside-window";
  if (unreachable) {
    await settle({ status: "SKIPPED", reason: unreachable }, true);
    return "skipped";
  }

  const sentIds = claimed.zaloMessageId ? claimed.zaloMessageId.split(PART_ID_SEPARATOR) : [];
  try {
    const parts = convertToZaloParts([composeNoticeMessage(claimed)]);
    for (const part of parts.slice(sentIds.length)) {
      const sent = await ctx.zalo.sendPart(claimed.oaUserId, part);
      sentIds.push(sent.messageIds.join("+"));
      if (sentIds.length < parts.length) {
        // Record each part before the next, so a retry resumes after the last part Zalo confirmed.
        const zaloMessageId = sentIds.join(PART_ID_SEPARATOR);
        await recordAfterSend(() => settle({ zaloMessageId }, false));
      }
    }
  } catch (error) {
    if (error instanceof ZaloPermanentError && error.reason === "billing")
      await stopPaidSendsForToday(ctx, now, error.code);
    return handleSendError(ctx, job, error, settle, deliveryId);
  }
  const costBand = band === "paid" ? "PAID" : "FREE";
  // Zalo has the message: a database blip must not lose the record (recovery would send it again).
  const zaloMessageId = sentIds.join(PART_ID_SEPARATOR);
  await recordAfterSend(() => settle({ status: "SENT", zaloMessageId, reason: null, costBand }, true));
  return "sent";
}

interface DeliveryChange {
  status?: "QUEUED" | "SENT" | "FAILED" | "SKIPPED";
  /** undefined keeps the reason; null clears it. */
  reason?: string | null;
  zaloMessageId?: string;
  repeated?: true;
  costBand?: "FREE" | "PAID";
}
type Settle = (change: DeliveryChange, final: boolean) => Promise<void>;

/**
 * Writes a claimed delivery's progress, fenced by the claim: only while it is still SENDING with the attempt
 * number this worker claimed, so a worker that lost its claim to recovery cannot overwrite the newer attempt.
 */
async function settleDelivery(
  ctx: JobContext,
  deliveryId: string,
  attempts: number,
  change: DeliveryChange,
): Promise<void> {
  await ctx.prisma.$executeRaw`
    UPDATE "BroadcastDelivery" SET
      "status" = COALESCE(${change.status ?? null}::"DeliveryStatus", "status"),
      "reason" = CASE WHEN ${change.reason !== undefined} THEN ${change.reason ?? null} ELSE "reason" END,
      "zaloMessageId" = COALESCE(${change.zaloMessageId ?? null}, "zaloMessageId"),
      "repeated" = "repeated" OR ${change.repeated ?? false},
      "costBand" = COALESCE(${change.costBand ?? null}::"CostBand", "costBand"),
      "updatedAt" = ${ctx.now()}
    WHERE "id" = ${deliveryId} AND "status" = 'SENDING' AND "attempts" = ${attempts}`;
}

interface ClaimedDelivery {
  broadcastId: string;
  oaUserId: string;
  attempts: number;
  zaloMessageId: string | null;
  broadcastStatus: "SCHEDULED" | "SENDING" | "DONE" | "CANCELLED";
  urgent: boolean;
  title: string;
  text: string;
  imageUrl: string | null;
  linkUrl: string | null;
  /** The registration day the notice announces (its sign-up buttons), if any. */
  eventCode: number | null;
  /** null when no resident row has this OA user id (a member who never wrote to the OA). */
  followState: "FOLLOWING" | "UNFOLLOWED" | null;
  remindersOptOut: boolean;
  lastInteractionAt: Date | null;
}

/**
 * The claim, and everything the send needs (the notice, the recipient's reachability), in one statement: at
 * 100,000 deliveries the round trips per delivery are what bounds throughput, not Zalo.
 */
async function claimDelivery(ctx: JobContext, deliveryId: string, now: Date): Promise<ClaimedDelivery | null> {
  const rows = await ctx.prisma.$queryRaw<ClaimedDelivery[]>`
    WITH claimed AS (
      UPDATE "BroadcastDelivery"
      SET "status" = 'SENDING', "attempts" = "attempts" + 1, "updatedAt" = ${now}
      WHERE "id" = ${deliveryId} AND "status" = 'QUEUED'
      RETURNING "broadcastId", "oaUserId", "attempts", "zaloMessageId"
    )
    SELECT c."broadcastId", c."oaUserId", c."attempts", c."zaloMessageId",
           b."status"::text AS "broadcastStatus", b."urgent", b."title", b."text", b."imageUrl", b."linkUrl",
           e."code" AS "eventCode",
           r."followState"::text AS "followState", COALESCE(r."remindersOptOut", false) AS "remindersOptOut",
           r."lastInteractionAt"
    FROM claimed c
    JOIN "Broadcast" b ON b."id" = c."broadcastId"
    LEFT JOIN "RegistrationEvent" e ON e."broadcastId" = c."broadcastId"
    LEFT JOIN "Resident" r ON r."oaUserId" = c."oaUserId"`;
  return rows[0] ?? null;
}

async function handleSendError(
  ctx: JobContext,
  job: SendJob,
  error: unknown,
  settle: Settle,
  deliveryId: string,
): Promise<DeliveryOutcome> {
  if (error instanceof ZaloPermanentError) {
    // Blocked, window closed, not a follower…: retrying cannot help, so the job ends here, not in BullMQ's retries.
    await settle({ status: "FAILED", reason: error.reason }, true);
    return "failed";
  }
  if (error instanceof ZaloRateLimitError) {
    // Waiting for the shared limit is not a failure: put the row back and wait without spending an attempt.
    await settle({ status: "QUEUED" }, false);
    await job.moveToDelayed(Date.now() + (error.retryAfterMs ?? 5_000), job.token);
    throw new DelayedError();
  }
  const attempts = job.opts.attempts ?? 1;
  const reason = error instanceof ZaloError ? error.reason : "internal_error";
  if (job.attemptsMade + 1 >= attempts) {
    await settle({ status: "FAILED", reason: `retries_exhausted:${reason}` }, true);
    ctx.log.error({ deliveryId, reason }, "broadcast delivery failed after its last attempt");
    return "failed";
  }
  // A timeout or dropped connection may have delivered the message all the same (Zalo has no idempotency key):
  // the retry may repeat it, so it is counted as a repeat.
  const maybeDelivered = error instanceof ZaloTransientError && error.httpStatus === undefined && error.code === null;
  await settle({ status: "QUEUED", ...(maybeDelivered ? { repeated: true } : {}) }, false);
  throw error;
}
