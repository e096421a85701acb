import type { Job } from "bullmq";
import type { CronJob } from "../queues/queues.ts";
import { eraseExpiredHelpContacts } from "./cron.erase-help-contacts.ts";
import { escalateHelpRequests } from "./cron.escalate-help-requests.ts";
import { purgeOldExports } from "./cron.purge-exports.ts";
import { purgeInboundPayloads } from "./cron.purge-inbound-payloads.ts";
import { purgeUnansweredQuestions } from "./cron.purge-unanswered-questions.ts";
import { recoverBroadcasts } from "./cron.recover-broadcasts.ts";
import { recoverInbox } from "./cron.recover-inbox.ts";
import { recoverOutbound } from "./cron.recover-outbound.ts";
import { refreshOaToken } from "./cron.refresh-oa-token.ts";
import { scanReminders } from "./cron.scan-reminders.ts";
import type { JobContext } from "./job-context.ts";

/** Dispatches recurring jobs; the compiler checks that every CronJob type has a handler. */
export async function processCronJob(ctx: JobContext, job: Job<CronJob>): Promise<unknown> {
  const data = job.data;
  switch (data.type) {
    case "recover-inbox":
      return recoverInbox(ctx);
    case "recover-outbound":
      return recoverOutbound(ctx);
    case "refresh-oa-token":
      return refreshOaToken(ctx);
    case "recover-broadcasts":
      return recoverBroadcasts(ctx);
    case "scan-reminders":
      return scanReminders(ctx);
    case "escalate-help-requests":
      return escalateHelpRequests(ctx);
    case "purge-unanswered-questions":
      return purgeUnansweredQuestions(ctx);
    case "purge-inbound-payloads":
      return purgeInboundPayloads(ctx);
    case "purge-exports":
      return purgeOldExports(ctx);
    case "erase-help-contacts":
      return eraseExpiredHelpContacts(ctx);
    default:
      return assertNever(data);
  }
}

export function assertNever(value: never): never {
  throw new Error(`Unhandled job type: ${JSON.stringify(value)}`);
}
