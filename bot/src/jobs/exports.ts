import { type Job, UnrecoverableError } from "bullmq";
import type { ExportsJob } from "../queues/queues.ts";
import { ExportRefusedError } from "../services/exports-service.ts";
import { assertNever } from "./cron.ts";
import { buildExportJob } from "./exports.build-export.ts";
import type { JobContext } from "./job-context.ts";

export async function processExportsJob(ctx: JobContext, job: Job<ExportsJob>): Promise<unknown> {
  const data = job.data;
  try {
    switch (data.type) {
      case "build-export":
        return await buildExportJob(ctx, data.exportId);
      default:
        return assertNever(data.type);
    }
  } catch (error) {
    if (error instanceof ExportRefusedError) throw new UnrecoverableError(error.message);
    throw error;
  }
}
