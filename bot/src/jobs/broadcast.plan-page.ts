import { parseAudience, readAudiencePage } from "../broadcasts/broadcast-audience.ts";
import { clearPlanCursor, finishBroadcastIfComplete, setPlanCursor } from "../broadcasts/broadcast-progress.ts";
import type { DeliveryStatus } from "../generated/prisma/client.ts";
import { paidSendsAllowed } from "../outbound/paid-sends.ts";
import { enqueueDeliveries, enqueuePlanPage } from "../queues/queues.ts";
import type { JobContext } from "./job-context.ts";

export interface PlanOutcome {
  recipients: number;
  queued: number;
  last: boolean;
}

/**
 * Plans one page of a SENDING broadcast's audience: a delivery row per recipient (createMany with skip-duplicates
 * on (broadcastId, oaUserId), so planning a page twice creates nothing twice), QUEUED for the reachable and
 * SKIPPED with the reason for the others; then queues the next page and this page's sends (job id = delivery id).
 * The last page records `plannedAt` and the final total.
 */
export async function planBroadcastPage(
  ctx: JobContext,
  broadcastId: string,
  afterId: string | null,
): Promise<PlanOutcome> {
  const broadcast = await ctx.prisma.broadcast.findUnique({
    where: { id: broadcastId },
    select: { status: true, audience: true },
  });
  if (broadcast?.status !== "SENDING") return { recipients: 0, queued: 0, last: true };
  const now = ctx.now();
  // With PAID_MESSAGES off, recipients in the billed band are recorded as SKIPPED "paid-band": left out, and why.
  const paidAllowed = await paidSendsAllowed(ctx, now);
  const page = await readAudiencePage(ctx.prisma, parseAudience(broadcast.audience), afterId, now, paidAllowed);
  if (page.recipients.length > 0) {
    await ctx.prisma.broadcastDelivery.createMany({
      data: page.recipients.map((r) => ({
        broadcastId,
        oaUserId: r.oaUserId,
        status: (r.unreachable ? "SKIPPED" : "QUEUED") satisfies DeliveryStatus,
        reason: r.unreachable,
        updatedAt: now,
      })),
      skipDuplicates: true,
    });
  }
  const prefix = ctx.config.QUEUE_PREFIX;
  if (page.nextAfterId) {
    // Queue the next page first: planning runs ahead of sending instead of waiting behind this page's sends.
    const jobId = await enqueuePlanPage(ctx.queues, broadcastId, page.nextAfterId);
    await setPlanCursor(ctx.queues, prefix, broadcastId, { afterId: page.nextAfterId, jobId });
  }
  // Re-read: rows a previous run of this page created are queued again (a no-op while their job is waiting).
  const queued = await ctx.prisma.broadcastDelivery.findMany({
    where: { broadcastId, status: "QUEUED", oaUserId: { in: page.recipients.map((r) => r.oaUserId) } },
    select: { id: true },
  });
  await enqueueDeliveries(
    ctx.queues,
    queued.map((d) => d.id),
  );
  if (!page.nextAfterId) {
    const total = await ctx.prisma.broadcastDelivery.count({ where: { broadcastId } });
    await ctx.prisma.broadcast.updateMany({
      where: { id: broadcastId, plannedAt: null },
      data: { plannedAt: now, total },
    });
    await clearPlanCursor(ctx.queues, prefix, broadcastId);
    await finishBroadcastIfComplete(ctx.prisma, broadcastId, now);
    ctx.log.info({ broadcastId, total }, "broadcast fully planned");
  }
  return { recipients: page.recipients.length, queued: queued.length, last: !page.nextAfterId };
}
