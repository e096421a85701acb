import { finishBroadcastIfComplete, getPlanCursor, setPlanCursor } from "../broadcasts/broadcast-progress.ts";
import { enqueueDeliveries, enqueuePlanPage } from "../queues/queues.ts";
import { BROADCAST_SEND_TIMEOUT_MS } from "./broadcast.send-delivery.ts";
import { startBroadcast } from "./broadcast.start-broadcast.ts";
import type { JobContext } from "./job-context.ts";

const REQUEUE_BATCH = 1_000;

export interface RecoverBroadcastsReport {
  started: number;
  replanned: number;
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
 * - deliveries SENDING longer than the send timeout were on the wire when a worker died: they go back to QUEUED
 *   marked `repeated` (Zalo has no idempotency key, so the re-send may be a repeat) and are queued again;
 * - when Redis holds fewer pending send jobs than there are QUEUED rows, every QUEUED row is queued again
 *   (job id = delivery id: rows whose job survived are not doubled, and the claim stops any double send);
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

  const sendTimeoutMs = options.sendTimeoutMs ?? BROADCAST_SEND_TIMEOUT_MS * ctx.config.RECOVERY_TIME_SCALE;
  const cutoff = new Date(now.getTime() - sendTimeoutMs);
  const stuck = await prisma.broadcastDelivery.findMany({
    where: { status: "SENDING", updatedAt: { lt: cutoff }, broadcast: { status: { in: ["SENDING", "CANCELLED"] } } },
    select: { id: true },
    take: REQUEUE_BATCH,
  });
  if (stuck.length > 0) {
    const ids = stuck.map((d) => d.id);
    await prisma.broadcastDelivery.updateMany({
      where: { id: { in: ids }, status: "SENDING", updatedAt: { lt: cutoff } },
      data: { status: "QUEUED", repeated: true, updatedAt: now },
    });
    // A new job id: the first job may still be kept as completed (it found the row taken and did nothing).
    await enqueueDeliveries(queues, ids, `r${now.getTime()}`);
    report.resent = ids.length;
    ctx.log.warn({ count: ids.length }, "re-sending broadcast deliveries interrupted mid-send (possible repeats)");
  }

  const cancelled = await prisma.broadcastDelivery.updateMany({
    where: { status: "QUEUED", broadcast: { status: "CANCELLED" } },
    data: { status: "SKIPPED", reason: "cancelled", updatedAt: now },
  });
  report.cancelledSkipped = cancelled.count;

  const queuedRows = await prisma.broadcastDelivery.count({
    where: { status: "QUEUED", broadcast: { status: "SENDING" } },
  });
  if (queuedRows > 0) {
    const counts = await queues.broadcast.getJobCounts("waiting", "active", "delayed", "prioritized", "paused");
    const pending = Object.values(counts).reduce((sum, n) => sum + n, 0);
    if (pending < queuedRows) report.requeued = await requeueAllQueued(ctx);
  }

  for (const broadcast of sending) {
    if (await finishBroadcastIfComplete(prisma, broadcast.id, now)) report.finished += 1;
  }
  if (Object.values(report).some((n) => n > 0)) ctx.log.info(report, "broadcast recovery");
  return report;
}

async function requeueAllQueued(ctx: JobContext): Promise<number> {
  const runId = ctx.now().getTime();
  let afterId: string | undefined;
  let total = 0;
  for (;;) {
    const rows = await ctx.prisma.broadcastDelivery.findMany({
      where: { status: "QUEUED", broadcast: { status: "SENDING" }, ...(afterId ? { id: { gt: afterId } } : {}) },
      orderBy: { id: "asc" },
      take: REQUEUE_BATCH,
      select: { id: true },
    });
    if (rows.length === 0) return total;
    // A fresh job id per recovery run: the delivery's first job may be kept as completed or failed (its retry
    // lost with Redis), and re-adding under that id would be a silent no-op. A duplicate of a job that is still
    // waiting is harmless: only one of them can claim the row.
    await enqueueDeliveries(
      ctx.queues,
      rows.map((r) => r.id),
      `r${runId}`,
    );
    total += rows.length;
    afterId = rows.at(-1)?.id;
  }
}
