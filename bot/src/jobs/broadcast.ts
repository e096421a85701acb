import type { Job } from "bullmq";
import type { BroadcastJob } from "../queues/queues.ts";
import type { JobContext } from "./job-context.ts";

export async function processBroadcastJob(ctx: JobContext, job: Job<BroadcastJob>): Promise<unknown> {
  ctx.log.debug({ type: job.data.type }, "broadcast fan-out not enabled in this build");
  return null;
}
