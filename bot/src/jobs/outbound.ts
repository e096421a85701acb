import type { Job } from "bullmq";
import type { OutboundJob } from "../queues/queues.ts";
import type { JobContext } from "./job-context.ts";

export async function processOutboundJob(ctx: JobContext, job: Job<OutboundJob>): Promise<unknown> {
  ctx.log.debug({ type: job.data.type }, "outbound sending not enabled in this build");
  return null;
}
