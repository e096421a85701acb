import type { Job } from "bullmq";
import type { OutboundJob } from "../queues/queues.ts";
import { assertNever } from "./cron.ts";
import type { JobContext } from "./job-context.ts";
import { sendOutboundMessage } from "./outbound.send-message.ts";

export async function processOutboundJob(ctx: JobContext, job: Job<OutboundJob>): Promise<unknown> {
  const data = job.data;
  switch (data.type) {
    case "send-message":
      return sendOutboundMessage(ctx, job);
    default:
      return assertNever(data.type);
  }
}
