import { enqueueExportBuild } from "../queues/queues.ts";
import { purgeExports } from "../services/exports-service.ts";
import type { JobContext } from "./job-context.ts";

/** A request younger than this may still be on its way to the queue. */
export const EXPORT_RECOVERY_GRACE_MS = 2 * 60_000;

/**
 * Deletes export files and rows past their retention (they hold members' names and residents' hamlets), and
 * re-queues exports still QUEUED after the grace period (Redis lost their job). The job id is the export's, so a
 * job still waiting is not doubled.
 */
export async function purgeOldExports(ctx: JobContext): Promise<{ purged: number; requeued: number }> {
  const purged = await purgeExports({ prisma: ctx.prisma, exportsDir: ctx.config.EXPORTS_DIR, now: ctx.now });
  const stale = await ctx.prisma.exportJob.findMany({
    where: { status: "QUEUED", createdAt: { lt: new Date(ctx.now().getTime() - EXPORT_RECOVERY_GRACE_MS) } },
    select: { id: true },
    take: 100,
  });
  for (const { id } of stale) await enqueueExportBuild(ctx.queues, id);
  return { purged, requeued: stale.length };
}
