import type { Job } from "bullmq";
import type { BroadcastJob } from "../queues/queues.ts";
import { planBroadcastPage } from "./broadcast.plan-page.ts";
import { runSendLane } from "./broadcast.send-lane.ts";
import { startBroadcast } from "./broadcast.start-broadcast.ts";
import { assertNever } from "./cron.ts";
import type { JobContext } from "./job-context.ts";

/** Dispatches broadcast fan-out jobs; the compiler checks that every BroadcastJob type has a handler. */
export async function processBroadcastJob(ctx: JobContext, job: Job<BroadcastJob>): Promise<unknown> {
  const data = job.data;
  switch (data.type) {
    case "start-broadcast":
      return startBroadcast(ctx, data.broadcastId);
    case "plan-page":
      return planBroadcastPage(ctx, data.broadcastId, data.afterId);
    case "send-batch":
      return runSendLane(ctx, job, data.broadcastId, data.lane);
    default:
      return assertNever(data);
  }
}
