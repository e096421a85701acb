import type { Job } from "bullmq";
import type { InboundJob } from "../queues/queues.ts";
import { assertNever } from "./cron.ts";
import { processInboundEvent } from "./inbound.process-event.ts";
import type { JobContext } from "./job-context.ts";

export async function processInboundJob(ctx: JobContext, job: Job<InboundJob>): Promise<unknown> {
  const data = job.data;
  switch (data.type) {
    case "process-event":
      try {
        return await processInboundEvent(ctx, data.eventId);
      } catch (error) {
        // After the last attempt the event is marked FAILED: left RECEIVED, it would be picked first by every later
        // pass over the resident's inbox and re-enqueued by recovery forever.
        if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
          await ctx.prisma.inboundEvent
            .updateMany({
              where: { id: data.eventId, status: "RECEIVED" },
              data: { status: "FAILED", error: (error as Error).message.slice(0, 500), processedAt: ctx.now() },
            })
            .catch(() => undefined);
        }
        throw error;
      }
    default:
      return assertNever(data.type);
  }
}
