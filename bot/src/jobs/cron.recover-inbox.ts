import { enqueueInboundEvent } from "../queues/queues.ts";
import type { JobContext } from "./job-context.ts";

/** Events younger than this may still be on their way from the webhook to the queue. */
const RECOVERY_GRACE_MS = 10_000;
const RECOVERY_BATCH = 500;

/**
 * Re-enqueues stored events that were never processed: the webhook could not reach Redis, or Redis restarted
 * and lost its jobs (it keeps nothing on disk here). Enqueuing is idempotent (job id = event id).
 */
export async function recoverInbox(ctx: JobContext): Promise<number> {
  const stale = await ctx.prisma.inboundEvent.findMany({
    where: { status: "RECEIVED", receivedAt: { lt: new Date(ctx.now().getTime() - RECOVERY_GRACE_MS) } },
    orderBy: { receivedAt: "asc" },
    take: RECOVERY_BATCH,
    select: { id: true },
  });
  for (const event of stale) await enqueueInboundEvent(ctx.queues, event.id);
  if (stale.length > 0) ctx.log.info({ count: stale.length }, "re-enqueued unprocessed inbound events");
  return stale.length;
}
