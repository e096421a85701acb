// One batch of a broadcast's deliveries: claimed in one statement, skipped or sent, settled in one statement. The
// lanes that run batches until none is left are in broadcast.send-lane.ts.
import { TALLY_MOVED_SQL } from "../broadcasts/broadcast-progress.ts";
import { paidSendsAllowed, stopPaidSendsForToday } from "../outbound/paid-sends.ts";
import { recordAfterSend } from "../record-after-send.ts";
import { costBandAt, unreachableReason } from "../time/reply-window.ts";
import type { ZaloPart } from "../zalo/convert-to-zalo-message.ts";
import { SendDeadlinePassedError, type SendSlot } from "../zalo/zalo-client.ts";
import { ZaloError, ZaloPermanentError, ZaloRateLimitError, ZaloTransientError } from "../zalo/zalo-errors.ts";
import { ZALO_REQUEST_TIMEOUT_MS } from "../zalo/zalo-http.ts";
import type { JobContext } from "./job-context.ts";

/**
 * A delivery SENDING for longer than this was on the wire when its worker died: the limiter waits at most 10 s for
 * a slot, the request times out after 10 s, a token refresh adds one more call. recover-broadcasts re-sends it.
 */
export const BROADCAST_SEND_TIMEOUT_MS = 60_000;
/** Kept between a sender's last possible request end and its claim's expiry, for clocks that differ a little. */
const CLAIM_MARGIN_MS = 2_000;
/** However short RECOVERY_TIME_SCALE makes the claim, a sender keeps at least this long to start its requests. */
const MIN_SEND_WINDOW_MS = 5_000;

/**
 * How long a claim lasts: after it, recover-broadcasts may give the row to another sender. A live sender never
 * starts a request that could still be open then (the slots' `endBy`), so a slow batch (Redis away, a loaded
 * machine) is put back rather than sent twice. RECOVERY_TIME_SCALE shortens it, never below one request's timeout
 * plus the margin and a short window to send in.
 */
export function broadcastClaimTimeoutMs(recoveryTimeScale: number): number {
  return Math.max(
    BROADCAST_SEND_TIMEOUT_MS * recoveryTimeScale,
    ZALO_REQUEST_TIMEOUT_MS + CLAIM_MARGIN_MS + MIN_SEND_WINDOW_MS,
  );
}
/** Rows one lane claims, reserves rate-limit slots for, sends and settles at a time. */
export const SEND_BATCH_SIZE = 16;
/**
 * Batches one worker process has claimed at once, across its lanes: with SEND_BATCH_SIZE, the most deliveries a
 * process holds SENDING (16, as when each send was a job at the queue's concurrency), so the most a crash can leave
 * to be re-sent and counted as possible repeats.
 */
export const BATCHES_IN_FLIGHT_PER_PROCESS = 4;
export const BROADCAST_SENDS_IN_FLIGHT_MAX = SEND_BATCH_SIZE * BATCHES_IN_FLIGHT_PER_PROCESS;
/** Tries per delivery (claims), as the broadcast queue's job attempts were: then FAILED `retries_exhausted:…`. */
export const BROADCAST_SEND_ATTEMPTS = 8;
/** Backoff after a transient error: this, doubled at every further attempt (as BullMQ's exponential backoff was). */
const RETRY_BASE_MS = 2_000;
/** Zalo ids of a delivery's parts (image, then text) are joined with this, like OutboundMessage. */
const PART_ID_SEPARATOR = ",";

/** What a lane's batches did, added to by every batch. */
export interface SendCounts {
  sent: number;
  failed: number;
  skipped: number;
  requeued: number;
}

/** The process-wide cap on claimed batches (BATCHES_IN_FLIGHT_PER_PROCESS), shared by every lane of every broadcast. */
class BatchGate {
  private free: number;
  private readonly waiting: Array<() => void> = [];
  constructor(size: number) {
    this.free = size;
  }
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    }
  }
}
const batchGate = new BatchGate(BATCHES_IN_FLIGHT_PER_PROCESS);

interface ClaimedDelivery {
  id: string;
  oaUserId: string;
  attempts: number;
  zaloMessageId: string | null;
  broadcastStatus: "SCHEDULED" | "SENDING" | "DONE" | "CANCELLED";
  /** null when no resident row has this OA user id (a member who never wrote to the OA). */
  followState: "FOLLOWING" | "UNFOLLOWED" | null;
  remindersOptOut: boolean;
  lastInteractionAt: Date | null;
}

interface DeliveryChange {
  id: string;
  attempts: number;
  status?: "QUEUED" | "SENT" | "FAILED" | "SKIPPED";
  /** undefined keeps the reason; null clears it. */
  reason?: string | null;
  zaloMessageId?: string;
  repeated?: true;
  costBand?: "FREE" | "PAID";
  /** With status QUEUED: not claimed again before this. */
  notBefore?: Date;
}

/**
 * Claims one batch (waiting for a free place under BATCHES_IN_FLIGHT_PER_PROCESS), and everything its sends need (the recipients' reachability, the broadcast's status), in one
 * statement; sends it and settles it. Answers how many rows it claimed (0: none claimable now).
 */
export function sendBatch(
  ctx: JobContext,
  broadcastId: string,
  parts: ZaloPart[],
  counts: SendCounts,
): Promise<number> {
  return batchGate.run(() => claimSendAndSettle(ctx, broadcastId, parts, counts));
}

async function claimSendAndSettle(
  ctx: JobContext,
  broadcastId: string,
  parts: ZaloPart[],
  report: SendCounts,
): Promise<number> {
  const now = ctx.now();
  // On this process's own clock, as the client's checks are: every request of the batch ends before the claim does.
  const endBy = Date.now() + broadcastClaimTimeoutMs(ctx.config.RECOVERY_TIME_SCALE) - CLAIM_MARGIN_MS;
  const { rows: claimed } = await ctx.pg.query<ClaimedDelivery>(CLAIM_SQL, [
    broadcastId,
    now.toISOString(),
    SEND_BATCH_SIZE,
  ]);
  if (claimed.length === 0) return 0;

  const changes: DeliveryChange[] = [];
  const toSend: Array<{ row: ClaimedDelivery; band: "free" | "paid"; sentIds: string[]; slots: SendSlot[] }> = [];
  let paidAllowed: boolean | undefined;
  for (const row of claimed) {
    if (row.broadcastStatus === "CANCELLED") {
      changes.push({ id: row.id, attempts: row.attempts, status: "SKIPPED", reason: "cancelled" });
      continue;
    }
    // The band is read again at send time: a recipient planned inside the free 48 hours may have left them since.
    const band = costBandAt(row.lastInteractionAt, now);
    if (band === "paid" && paidAllowed === undefined) paidAllowed = await paidSendsAllowed(ctx, now);
    const unreachable = row.followState
      ? unreachableReason({ ...row, followState: row.followState }, now, band === "paid" ? paidAllowed : true)
      : "outside-window";
    if (unreachable || band === "closed") {
      changes.push({ id: row.id, attempts: row.attempts, status: "SKIPPED", reason: unreachable ?? "outside-window" });
      continue;
    }
    const sentIds = row.zaloMessageId ? row.zaloMessageId.split(PART_ID_SEPARATOR) : [];
    toSend.push({ row, band, sentIds, slots: [] });
  }

  if (toSend.length > 0) {
    // The batch's slots in one round trip, handed out part by part: every first part, then every second one.
    const wanted = toSend.map((s) => Math.max(0, parts.length - s.sentIds.length));
    let slots: SendSlot[] = [];
    try {
      slots = (await ctx.zalo.reserveSendSlots(wanted.reduce((a, b) => a + b, 0))).map((slot) => ({ ...slot, endBy }));
    } catch (error) {
      // Nothing of the batch went out: the rows go back (not a repeat). Waiting for the shared limit is not a
      // failure; Redis away is retried shortly, and costs one of the row's attempts.
      const waitMs = error instanceof ZaloRateLimitError ? (error.retryAfterMs ?? 5_000) : RETRY_BASE_MS;
      if (!(error instanceof ZaloRateLimitError)) {
        ctx.log.warn({ err: (error as Error).message, broadcastId }, "could not reserve rate-limit slots");
      }
      const notBefore = new Date(now.getTime() + waitMs);
      for (const s of toSend) changes.push({ id: s.row.id, attempts: s.row.attempts, status: "QUEUED", notBefore });
      toSend.length = 0;
    }
    for (let part = 0, next = 0; part < parts.length; part++) {
      toSend.forEach((s, i) => {
        const slot = slots[next];
        if (part < (wanted[i] ?? 0) && slot) {
          s.slots.push(slot);
          next += 1;
        }
      });
    }
    const results = await Promise.all(toSend.map((s) => sendOne(ctx, s.row, s.band, s.sentIds, s.slots, parts, now)));
    changes.push(...results);
  }

  // Zalo has the messages: a database blip must not lose the record (recovery would send them again).
  await recordAfterSend(() => settleDeliveries(ctx, changes));
  for (const c of changes) {
    if (c.status === "SENT") report.sent += 1;
    else if (c.status === "FAILED") report.failed += 1;
    else if (c.status === "SKIPPED") report.skipped += 1;
    else report.requeued += 1;
  }
  return claimed.length;
}

async function sendOne(
  ctx: JobContext,
  row: ClaimedDelivery,
  band: "free" | "paid",
  sentIds: string[],
  slots: SendSlot[],
  parts: ZaloPart[],
  now: Date,
): Promise<DeliveryChange> {
  const base = { id: row.id, attempts: row.attempts };
  try {
    for (const [i, part] of parts.slice(sentIds.length).entries()) {
      const sent = await ctx.zalo.sendPart(row.oaUserId, part, slots[i]);
      sentIds.push(sent.messageIds.join("+"));
      if (sentIds.length < parts.length) {
        // Record each part before the next, so a retry resumes after the last part Zalo confirmed.
        const zaloMessageId = sentIds.join(PART_ID_SEPARATOR);
        await recordAfterSend(() => settleDeliveries(ctx, [{ ...base, zaloMessageId }]));
      }
    }
  } catch (error) {
    if (error instanceof ZaloPermanentError && error.reason === "billing")
      await stopPaidSendsForToday(ctx, now, error.code);
    return sendErrorChange(ctx, row, error, now);
  }
  const zaloMessageId = sentIds.join(PART_ID_SEPARATOR);
  return { ...base, status: "SENT", zaloMessageId, reason: null, costBand: band === "paid" ? "PAID" : "FREE" };
}

function sendErrorChange(ctx: JobContext, row: ClaimedDelivery, error: unknown, now: Date): DeliveryChange {
  const base = { id: row.id, attempts: row.attempts };
  if (error instanceof ZaloPermanentError) {
    // Blocked, window closed, not a follower…: retrying cannot help.
    return { ...base, status: "FAILED", reason: error.reason };
  }
  if (error instanceof ZaloRateLimitError) {
    // Waiting for the shared limit is not a failure: the row goes back and waits out the pause.
    return { ...base, status: "QUEUED", notBefore: new Date(now.getTime() + (error.retryAfterMs ?? 5_000)) };
  }
  // The batch waited too long for its request to end before the claim does (Redis away, a loaded machine): nothing
  // went out, so it is retried as a transient error that cannot have been delivered.
  const deadlinePassed = error instanceof SendDeadlinePassedError;
  if (deadlinePassed) ctx.log.warn({ deliveryId: row.id }, "broadcast send not started before its claim expired");
  const reason = error instanceof ZaloError ? error.reason : deadlinePassed ? "claim_expired" : "internal_error";
  if (row.attempts >= BROADCAST_SEND_ATTEMPTS) {
    ctx.log.error({ deliveryId: row.id, reason }, "broadcast delivery failed after its last attempt");
    return { ...base, status: "FAILED", reason: `retries_exhausted:${reason}` };
  }
  if (!(error instanceof ZaloError) && !deadlinePassed) {
    ctx.log.error({ err: error, deliveryId: row.id }, "broadcast send failed");
  }
  // A timeout or dropped connection may have delivered the message all the same (Zalo has no idempotency key):
  // the retry may repeat it, so it is counted as a repeat.
  const maybeDelivered = error instanceof ZaloTransientError && error.httpStatus === undefined && error.code === null;
  const notBefore = new Date(now.getTime() + RETRY_BASE_MS * 2 ** Math.max(0, row.attempts - 1));
  return { ...base, status: "QUEUED", notBefore, ...(maybeDelivered ? { repeated: true as const } : {}) };
}

/**
 * Writes a batch's results in one statement, each row fenced by its claim: only while it is still SENDING with the
 * attempt number this worker claimed, so a worker that lost its claim to recovery cannot overwrite the newer
 * attempt. The same statement adds the final states to the tallies (moveDeliveries).
 */
async function settleDeliveries(ctx: JobContext, changes: DeliveryChange[]): Promise<void> {
  if (changes.length === 0) return;
  const column = <T>(pick: (c: DeliveryChange) => T) => changes.map(pick);
  await ctx.pg.query(SETTLE_SQL, [
    column((c) => c.id),
    column((c) => c.attempts),
    column((c) => c.status ?? null),
    column((c) => c.reason !== undefined),
    column((c) => c.reason ?? null),
    column((c) => c.zaloMessageId ?? null),
    column((c) => c.repeated ?? false),
    column((c) => c.costBand ?? null),
    column((c) => c.notBefore?.toISOString() ?? null),
    ctx.now().toISOString(),
  ]);
}

/**
 * The claim ($1 broadcast, $2 now, $3 batch size), with what the sends need. Timestamps are kept UTC in
 * `timestamp` columns (Prisma's convention), hence the AT TIME ZONE on the way in and out.
 */
const CLAIM_SQL = `
  WITH picked AS (
    SELECT "id" FROM "BroadcastDelivery"
    WHERE "broadcastId" = $1 AND "status" = 'QUEUED'
      AND ("notBefore" IS NULL OR "notBefore" <= ($2::timestamptz AT TIME ZONE 'UTC'))
    LIMIT $3
    FOR UPDATE SKIP LOCKED
  ), claimed AS (
    UPDATE "BroadcastDelivery" d
    SET "status" = 'SENDING', "attempts" = d."attempts" + 1, "updatedAt" = ($2::timestamptz AT TIME ZONE 'UTC')
    FROM picked WHERE d."id" = picked."id" AND d."status" = 'QUEUED'
    RETURNING d."id", d."oaUserId", d."attempts", d."zaloMessageId"
  )
  SELECT c."id", c."oaUserId", c."attempts", c."zaloMessageId",
         (SELECT b."status"::text FROM "Broadcast" b WHERE b."id" = $1) AS "broadcastStatus",
         r."followState"::text AS "followState", COALESCE(r."remindersOptOut", false) AS "remindersOptOut",
         r."lastInteractionAt" AT TIME ZONE 'UTC' AS "lastInteractionAt"
  FROM claimed c
  LEFT JOIN "Resident" r ON r."oaUserId" = c."oaUserId"`;

/**
 * A batch's results ($1…$9: one array per column, $10 now), each row fenced by its claim, and the final states
 * added to the tallies in the same statement.
 */
const SETTLE_SQL = `
  WITH moved AS (
    UPDATE "BroadcastDelivery" d SET
      "status" = COALESCE(v.status::"DeliveryStatus", d."status"),
      "reason" = CASE WHEN v.set_reason THEN v.reason ELSE d."reason" END,
      "zaloMessageId" = COALESCE(v.zalo_message_id, d."zaloMessageId"),
      "repeated" = d."repeated" OR v.repeated,
      "costBand" = COALESCE(v.cost_band::"CostBand", d."costBand"),
      "notBefore" = v.not_before::timestamptz AT TIME ZONE 'UTC',
      "updatedAt" = ($10::timestamptz AT TIME ZONE 'UTC')
    FROM unnest($1::text[], $2::int[], $3::text[], $4::bool[], $5::text[], $6::text[], $7::bool[], $8::text[], $9::text[])
      AS v(id, attempts, status, set_reason, reason, zalo_message_id, repeated, cost_band, not_before)
    WHERE d."id" = v.id AND d."status" = 'SENDING' AND d."attempts" = v.attempts
    RETURNING d."broadcastId", d."status", d."reason", d."costBand", d."repeated"
  ),
  ${TALLY_MOVED_SQL}
  SELECT count(*)::int AS "n" FROM moved`;
