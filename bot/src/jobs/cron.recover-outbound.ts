import { enqueueOutbound, outboundJobId } from "../queues/queues.ts";
import type { JobContext } from "./job-context.ts";

/** Rows younger than this may still be on their way from `queueOutboundMessage` to the queue, or being sent. */
export const OUTBOUND_RECOVERY_GRACE_MS = 2 * 60_000;

const RECOVERY_BATCH = 500;

/**
 * Re-queues OutboundMessage rows still QUEUED after the grace period: Redis was away when they were recorded, or
 * restarted and lost its jobs (it keeps nothing on disk here). The job id is the row id, so a row whose job is
 * still waiting is not queued twice; a finished job left behind for a row that is somehow still QUEUED is
 * replaced, so the row is never stuck. Sending is idempotent (see `outbound.send-message.ts`).
 *
 * A row held back (`notBefore`, a member's notice written in the quiet hours) counts from its time, not from its
 * creation: until then it is left alone, whether its delayed job is still in Redis or not, so recovery can never
 * send it early; the grace after its time lets its own delayed job go first.
 */
export async function recoverOutbound(ctx: JobContext): Promise<number> {
  const cutoff = new Date(ctx.now().getTime() - OUTBOUND_RECOVERY_GRACE_MS * ctx.config.RECOVERY_TIME_SCALE);
  const stale = await ctx.prisma.outboundMessage.findMany({
    where: {
      status: "QUEUED",
      OR: [{ notBefore: null, createdAt: { lt: cutoff } }, { notBefore: { lt: cutoff } }],
    },
    orderBy: { createdAt: "asc" },
    take: RECOVERY_BATCH,
    select: { id: true },
  });
  let requeued = 0;
  for (const { id } of stale) {
    const job = await ctx.queues.outbound.getJob(outboundJobId(id));
    if (job) {
      const state = await job.getState();
      if (state !== "completed" && state !== "failed") continue;
      await job.remove();
    }
    await enqueueOutbound(ctx.queues, id);
    requeued++;
  }
  if (requeued > 0) ctx.log.info({ count: requeued }, "re-enqueued unsent outbound messages");
  return requeued;
}
