import { DelayedError, type Job, UnrecoverableError } from "bullmq";
import type { OutboundMessage as OutboundRow } from "../generated/prisma/client.ts";
import { paidSendsAllowed, paidSendsStoppedToday, stopPaidSendsForToday } from "../outbound/paid-sends.ts";
import {
  type RelevanceCondition,
  readOutboundPayload,
  readRelevanceCondition,
} from "../outbound/queue-outbound-message.ts";
import type { OutboundJob } from "../queues/queues.ts";
import { recordAfterSend } from "../record-after-send.ts";
import { withRedisLock } from "../redis-lock.ts";
import { costBandAt } from "../time/reply-window.ts";
import { convertToZaloParts } from "../zalo/convert-to-zalo-message.ts";
import { ZaloError, ZaloPermanentError, ZaloTransientError } from "../zalo/zalo-errors.ts";
import type { JobContext } from "./job-context.ts";

/**
 * Kinds of message the product sends on its own initiative (reminders, notices, members' help-request notices): in
 * the billed band they go out only with PAID_MESSAGES=on. Replies and help-request updates answer something the resident asked for and go out in either
 * band (counted as paid when billed), until Zalo refuses billing for the day.
 */
const PROACTIVE_KINDS: ReadonlySet<OutboundRow["kind"]> = new Set(["REMINDER", "NOTICE", "MEMBER_NOTICE"]);

/** `zaloMessageId` lists the Zalo ids of the parts sent so far, joined by this separator. */
const PART_ID_SEPARATOR = ",";
/** The Zalo ids of one part sent as several plain-text messages. */
const PART_MESSAGE_SEPARATOR = "+";

/** A job that runs this much before its row's `notBefore` (clock skew between hosts) is not early. */
const NOT_BEFORE_TOLERANCE_MS = 1_000;

export type SendOutcome = "sent" | "skipped" | "already-done" | "missing" | "not-due";

/**
 * Sends one OutboundMessage row. The row in PostgreSQL is the truth, so a job that runs twice (Redis lost it and
 * recovery re-queued it, or BullMQ retried it) does nothing the second time: a SENT/SKIPPED/FAILED row is left
 * alone, and a message split into several Zalo messages records each part's id as it goes, so a retry resumes
 * after the last part Zalo confirmed. The one repeat that cannot be ruled out is a part that was on the wire when
 * the process died or the request timed out (Zalo's send API has no idempotency key).
 *
 * Permanent Zalo errors mark the row FAILED with the reason and throw UnrecoverableError (no retry); transient
 * ones (network, 5xx, -32, token) are rethrown for BullMQ's backoff, and the last attempt marks the row FAILED.
 *
 * A row held back (`notBefore`: a member's notice written in the quiet hours) is never sent before its time, nor
 * with an earlier message's send: a job that runs early (promoted after a moved clock, queued again by hand) goes
 * back to waiting for the time that is left.
 */
export async function sendOutboundMessage(ctx: JobContext, job: Job<OutboundJob>): Promise<SendOutcome> {
  const { outboundId } = job.data;
  const row = await ctx.prisma.outboundMessage.findUnique({ where: { id: outboundId } });
  if (!row) {
    ctx.log.warn({ outboundId }, "outbound message row not found");
    return "missing";
  }
  if (row.status !== "QUEUED") return "already-done";
  const now = ctx.now();
  if (row.notBefore && row.notBefore.getTime() > now.getTime() + NOT_BEFORE_TOLERANCE_MS) {
    return waitUntilDue(job, row.notBefore.getTime() - now.getTime());
  }
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  return withResidentSendLock(ctx, row.oaUserId, async () => {
    // What the resident was told earlier goes out first: jobs run concurrently, a resident reads in order.
    const earlier = await ctx.prisma.outboundMessage.findMany({
      where: {
        oaUserId: row.oaUserId,
        status: "QUEUED",
        AND: [
          { OR: [{ createdAt: { lt: row.createdAt } }, { createdAt: row.createdAt, id: { lt: row.id } }] },
          // A notice held for the morning is not "earlier": it waits for its time, this one does not wait for it.
          { OR: [{ notBefore: null }, { notBefore: { lte: new Date(now.getTime() + NOT_BEFORE_TOLERANCE_MS) } }] },
        ],
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    for (const before of earlier) {
      // A refusal of an earlier message (window closed, blocked) is final for it, not for this one.
      await sendRow(ctx, before, false).catch((error: unknown) => {
        if (!(error instanceof UnrecoverableError)) throw error;
      });
    }
    const current = await ctx.prisma.outboundMessage.findUniqueOrThrow({ where: { id: row.id } });
    if (current.status !== "QUEUED") return "already-done";
    return sendRow(ctx, current, lastAttempt);
  });
}

/**
 * Puts a job that ran before its row's time back among the delayed ones for the rest of it (BullMQ's own way: the
 * same job id, no attempt spent). Called outside a worker (no lock token) it only answers "not-due": the delayed
 * job, or recover-outbound once the time has come, sends the row.
 */
async function waitUntilDue(job: Job<OutboundJob>, remainingMs: number): Promise<SendOutcome> {
  if (!job.token) return "not-due";
  await job.moveToDelayed(Date.now() + remainingMs, job.token);
  throw new DelayedError();
}

/** Longest a send may hold a resident's lock: a few Zalo calls with their timeouts. */
const RESIDENT_LOCK_TTL_MS = 60_000;

/** Serialises sends to one resident across jobs and processes, so messages arrive in the order they were written. */
function withResidentSendLock<T>(ctx: JobContext, oaUserId: string, work: () => Promise<T>): Promise<T> {
  return withRedisLock(
    ctx.redis,
    `${ctx.config.QUEUE_PREFIX}:outbound-lock:${oaUserId}`,
    {
      ttlMs: RESIDENT_LOCK_TTL_MS,
      waitMs: RESIDENT_LOCK_TTL_MS,
      onTimeout: () => new ZaloTransientError("another send to this resident is still running"),
    },
    work,
  );
}

async function sendRow(ctx: JobContext, row: OutboundRow, lastAttempt: boolean): Promise<SendOutcome> {
  const outboundId = row.id;
  const now = ctx.now();
  const resident = await ctx.prisma.resident.findUnique({
    where: { oaUserId: row.oaUserId },
    select: { followState: true, lastInteractionAt: true },
  });
  // A reply with no resident behind it is the confirmation of "xóa dữ liệu của tôi": the resident was deleted in
  // the very turn that wrote it, so they just wrote to us (window open, following). It is sent, then forgotten.
  const erased = !resident && row.kind === "REPLY";
  // Zalo accepts consultation messages for 7 days after the resident's last interaction (note §2.5, else -230).
  const band = resident ? costBandAt(resident.lastInteractionAt, now) : erased ? "free" : "closed";
  const skipReason = erased ? null : await whySkip(ctx, row, resident, band, now);
  if (skipReason) {
    await finish(ctx, outboundId, { status: "SKIPPED", error: skipReason });
    ctx.log.info({ outboundId, reason: skipReason }, "outbound message skipped");
    return "skipped";
  }

  const sentIds = row.zaloMessageId ? row.zaloMessageId.split(PART_ID_SEPARATOR) : [];
  let numbered = row.numbered;
  const costBand = band === "paid" ? ("PAID" as const) : ("FREE" as const);
  try {
    const parts = convertToZaloParts(readOutboundPayload(row.payload));
    for (const part of parts.slice(sentIds.length)) {
      const sent = await ctx.zalo.sendPart(row.oaUserId, part);
      // A part sent as plain text may be several Zalo messages; it still counts as one part for resuming.
      sentIds.push(sent.messageIds.join(PART_MESSAGE_SEPARATOR));
      numbered ||= sent.numbered;
      // Record each part before the next: a retry after a later failure must not send this one again. Zalo has
      // it now, so a database blip must not lose the record (the retry would send it twice).
      const zaloMessageId = sentIds.join(PART_ID_SEPARATOR);
      await recordAfterSend(() =>
        ctx.prisma.outboundMessage.update({ where: { id: outboundId }, data: { zaloMessageId, numbered, costBand } }),
      );
    }
  } catch (error) {
    if (error instanceof ZaloPermanentError && error.reason === "billing")
      await stopPaidSendsForToday(ctx, now, error.code);
    if (error instanceof ZaloPermanentError) {
      await finish(ctx, outboundId, { status: "FAILED", error: error.reason });
      if (erased) await ctx.prisma.outboundMessage.deleteMany({ where: { id: outboundId } });
      ctx.log.warn({ outboundId, code: error.code, reason: error.reason }, "outbound message refused by Zalo");
      throw new UnrecoverableError(`${error.reason} (${error.code})`);
    }
    if (lastAttempt) {
      const reason = error instanceof ZaloError ? error.reason : "internal_error";
      await finish(ctx, outboundId, { status: "FAILED", error: `retries_exhausted:${reason}` });
      if (erased) await ctx.prisma.outboundMessage.deleteMany({ where: { id: outboundId } });
      ctx.log.error({ outboundId, reason }, "outbound message failed after its last attempt");
    }
    throw error;
  }

  const sentAt = ctx.now();
  await recordAfterSend(() => finish(ctx, outboundId, { status: "SENT", sentAt, costBand, numbered }));
  if (erased) await ctx.prisma.outboundMessage.deleteMany({ where: { id: outboundId } });
  return "sent";
}

/** Why a row cannot or should not go out now (null: send it), checked in this order. */
async function whySkip(
  ctx: JobContext,
  row: OutboundRow,
  resident: { followState: string } | null,
  band: ReturnType<typeof costBandAt>,
  now: Date,
): Promise<string | null> {
  if (!resident) return "unknown_resident";
  if (resident.followState === "UNFOLLOWED") return "unfollowed";
  if (band === "closed") return "window_closed";
  if (band === "paid") {
    const refused = PROACTIVE_KINDS.has(row.kind)
      ? !(await paidSendsAllowed(ctx, now))
      : await paidSendsStoppedToday(ctx, now);
    if (refused) return "paid_band";
  }
  // Not started yet, and what it is about has moved on (a held notice whose request was claimed at night).
  if (!row.zaloMessageId && !(await stillRelevant(ctx, readRelevanceCondition(row.payload)))) {
    return "no_longer_relevant";
  }
  return null;
}

async function stillRelevant(ctx: JobContext, condition: RelevanceCondition | null): Promise<boolean> {
  if (!condition) return true;
  const { id, status, unitId, claimedById } = condition.helpRequest;
  const found = await ctx.prisma.helpRequest.count({
    where: {
      id,
      status,
      ...(unitId === undefined ? {} : { unitId }),
      ...(claimedById === undefined ? {} : { claimedById }),
    },
  });
  return found > 0;
}

/** Final state, written only from QUEUED so a concurrent duplicate run cannot overwrite a SENT row. */
async function finish(
  ctx: JobContext,
  outboundId: string,
  data: {
    status: "SENT" | "SKIPPED" | "FAILED";
    error?: string;
    sentAt?: Date;
    costBand?: "FREE" | "PAID";
    numbered?: boolean;
  },
): Promise<void> {
  await ctx.prisma.outboundMessage.updateMany({ where: { id: outboundId, status: "QUEUED" }, data });
}
