import {
  finishBroadcastIfComplete,
  getPlanCursor,
  moveDeliveries,
  setPlanCursor,
} from "../broadcasts/broadcast-progress.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { enqueuePlanPage } from "../queues/queues.ts";
import { broadcastClaimTimeoutMs } from "./broadcast.send-batch.ts";
import { ensureSendLanes } from "./broadcast.send-lane.ts";
import { startBroadcast } from "./broadcast.start-broadcast.ts";
import type { JobContext } from "./job-context.ts";

const REQUEUE_BATCH = 1_000;

export interface RecoverBroadcastsReport {
  started: number;
  replanned: number;
  /** Send lanes queued again (their job lost with Redis, or failed for good) for broadcasts with QUEUED rows. */
  requeued: number;
  /** Deliveries found SENDING past the send timeout: re-sent, and marked `repeated`. */
  resent: number;
  cancelledSkipped: number;
  finished: number;
}

export interface RecoverBroadcastsOptions {
  sendTimeoutMs?: number;
}

/**
 * Brings every unfinished broadcast back in line with PostgreSQL after a crash or a Redis restart (Redis keeps
 * nothing on disk here). Every step is idempotent, so running it every minute while all is well costs a few
 * queries:
 * - SCHEDULED broadcasts whose time has come are started (their delayed job may be gone);
 * - a SENDING broadcast not fully planned whose planning chain is lost (no cursor, or its next job gone) is
 *   re-planned from the cursor or from the start — planning skips rows that exist;
 * - deliveries SENDING longer than the send timeout were claimed by a worker that died: they go back to QUEUED
 *   marked `repeated` (Zalo has no idempotency key, so the re-send may be a repeat) and their broadcast's send
 *   lanes are queued afresh (the dead worker's lane jobs would only resume after BullMQ's stall check; the fresh
 *   ones supersede them);
 * - a broadcast with QUEUED rows whose lanes have no live job (Redis lost them) gets them queued again; the
 *   claim stops any double send however many lanes run;
 * - rows queued after a cancel are skipped; finished broadcasts are marked DONE.
 */
export async function recoverBroadcasts(
  ctx: JobContext,
  options: RecoverBroadcastsOptions = {},
): Promise<RecoverBroadcastsReport> {
  const report: RecoverBroadcastsReport = {
    started: 0,
    replanned: 0,
    requeued: 0,
    resent: 0,
    cancelledSkipped: 0,
    finished: 0,
  };
  const now = ctx.now();
  const { prisma, queues } = ctx;
  const prefix = ctx.config.QUEUE_PREFIX;

  const due = await prisma.broadcast.findMany({
    where: { status: "SCHEDULED", sendAt: { lte: now } },
    select: { id: true },
  });
  for (const { id } of due) if ((await startBroadcast(ctx, id)) === "started") report.started += 1;

  const sending = await prisma.broadcast.findMany({
    where: { status: "SENDING" },
    select: { id: true, plannedAt: true },
  });
  for (const broadcast of sending) {
    if (broadcast.plannedAt) continue;
    const cursor = await getPlanCursor(queues, prefix, broadcast.id);
    const state = cursor ? await queues.broadcast.getJobState(cursor.jobId) : "unknown";
    if (state === "waiting" || state === "active" || state === "delayed" || state === "prioritized") continue;
    // The chain is lost (Redis flushed, or its job failed for good): resume where the cursor says, else restart.
    const afterId = cursor?.afterId ?? null;
    const jobId = await enqueuePlanPage(queues, broadcast.id, afterId, `r${now.getTime()}`);
    await setPlanCursor(queues, prefix, broadcast.id, { afterId, jobId });
    report.replanned += 1;
  }

  const sendTimeoutMs = options.sendTimeoutMs ?? broadcastClaimTimeoutMs(ctx.config.RECOVERY_TIME_SCALE);
  const cutoff = new Date(now.getTime() - sendTimeoutMs);
  // Back to QUEUED, not final: the tallies count these rows when their re-send settles them.
  const stuck = await prisma.$queryRaw<{ broadcastId: string; n: number }[]>`
    WITH stale AS (
      SELECT d."id" FROM "BroadcastDelivery" d JOIN "Broadcast" b ON b."id" = d."broadcastId"
      WHERE d."status" = 'SENDING' AND d."updatedAt" < ${cutoff} AND b."status" IN ('SENDING', 'CANCELLED')
      LIMIT ${REQUEUE_BATCH}
      FOR UPDATE OF d SKIP LOCKED
    ), reset AS (
      UPDATE "BroadcastDelivery" d SET "status" = 'QUEUED', "repeated" = true, "notBefore" = NULL, "updatedAt" = ${now}
      FROM stale WHERE d."id" = stale."id" AND d."status" = 'SENDING'
      RETURNING d."broadcastId"
    )
    SELECT "broadcastId", count(*)::int AS "n" FROM reset GROUP BY 1`;
  const forced = new Set<string>();
  for (const { broadcastId, n } of stuck) {
    report.resent += n;
    forced.add(broadcastId);
    await ensureSendLanes(ctx, broadcastId, { force: true, tag: `r${now.getTime()}` });
  }
  if (report.resent > 0) {
    ctx.log.warn({ count: report.resent }, "re-sending broadcast deliveries interrupted mid-send (possible repeats)");
  }

  const cancelled = await moveDeliveries(
    prisma,
    Prisma.sql`
      UPDATE "BroadcastDelivery" d SET "status" = 'SKIPPED', "reason" = 'cancelled', "updatedAt" = ${now}
      FROM "Broadcast" b
      WHERE b."id" = d."broadcastId" AND b."status" = 'CANCELLED' AND d."status" = 'QUEUED'
      RETURNING d."broadcastId", d."status", d."reason", d."costBand", d."repeated"`,
  );
  report.cancelledSkipped = cancelled.SKIPPED ?? 0;

  const withQueued = await prisma.$queryRaw<{ id: string }[]>`
    SELECT b."id" FROM "Broadcast" b
    WHERE b."status" = 'SENDING'
      AND EXISTS (SELECT 1 FROM "BroadcastDelivery" d WHERE d."broadcastId" = b."id" AND d."status" = 'QUEUED')`;
  for (const { id } of withQueued) {
    if (forced.has(id)) continue;
    report.requeued += await ensureSendLanes(ctx, id, { tag: `r${now.getTime()}` });
  }

  for (const broadcast of sending) {
    if (await finishBroadcastIfComplete(prisma, broadcast.id, now)) report.finished += 1;
  }
  if (Object.values(report).some((n) => n > 0)) ctx.log.info(report, "broadcast recovery");
  return report;
}
