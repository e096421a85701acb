import type { Job } from "bullmq";
import type { InboundJob } from "../queues/queues.ts";
import { assertNever } from "./cron.ts";
import { processInboundEvent } from "./inbound.process-event.ts";
import type { JobContext } from "./job-context.ts";

export async function processInboundJob(ctx: JobContext, job: Job<InboundJob>): Promise<unknown> {
  const data = job.data;
  switch (data.type) {
    case "process-event":
      return processInboundEvent(ctx, data.eventId);
    default:
      return assertNever(data.type);
  }
}
