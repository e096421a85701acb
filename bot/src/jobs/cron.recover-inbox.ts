import { enqueueInboundEvents } from "../queues/queues.ts";
import type { JobContext } from "./job-context.ts";

/** Events younger than this may still be on their way from the webhook's commit, through the relay, to the queue. */
const RECOVERY_GRACE_MS = 10_000;
const RECOVERY_BATCH = 500;

/**
 * Re-enqueues stored events that were never processed: the worker's relay (`inbox/inbound-relay.ts`) missed the
 * commit's notification (its connection dropped) and has not swept since, or Redis restarted and lost its jobs (it
 * keeps nothing on disk here). Enqueuing is idempotent (job id = event id).
 */
export async function recoverInbox(ctx: JobContext): Promise<number> {
  const stale = await ctx.prisma.inboundEvent.findMany({
    where: {
      status: "RECEIVED",
      receivedAt: { lt: new Date(ctx.now().getTime() - RECOVERY_GRACE_MS * ctx.config.RECOVERY_TIME_SCALE) },
    },
    orderBy: { receivedAt: "asc" },
    take: RECOVERY_BATCH,
    select: { id: true },
  });
  await enqueueInboundEvents(
    ctx.queues,
    stale.map((event) => event.id),
  );
  if (stale.length > 0) ctx.log.info({ count: stale.length }, "re-enqueued unprocessed inbound events");
  return stale.length;
}
