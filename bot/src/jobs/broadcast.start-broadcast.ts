import { setPlanCursor } from "../broadcasts/broadcast-progress.ts";
import { enqueueBroadcastStart, enqueuePlanPage } from "../queues/queues.ts";
import { deferOutOfQuietHours, isQuietTime } from "../time/quiet-hours.ts";
import type { JobContext } from "./job-context.ts";

/** A start job that fires this much before its time (clock skew between hosts) is not early. */
const START_TOLERANCE_MS = 1_000;

export type StartOutcome = "started" | "deferred" | "not-due" | "not-scheduled";

/**
 * Starts a SCHEDULED broadcast whose time has come: SCHEDULED→SENDING (only one caller wins), then queues the
 * first audience page. During quiet hours a non-urgent broadcast is moved to the morning instead: a notice that
 * buzzes phones at 23:00 costs followers. Called by its job and, for schedules whose job Redis lost, by
 * recover-broadcasts.
 */
export async function startBroadcast(ctx: JobContext, broadcastId: string): Promise<StartOutcome> {
  const broadcast = await ctx.prisma.broadcast.findUnique({
    where: { id: broadcastId },
    select: { status: true, sendAt: true, urgent: true },
  });
  if (broadcast?.status !== "SCHEDULED") return "not-scheduled";
  const now = ctx.now();
  if (broadcast.sendAt.getTime() > now.getTime() + START_TOLERANCE_MS) {
    await enqueueBroadcastStart(ctx.queues, broadcastId, broadcast.sendAt, now);
    return "not-due";
  }
  const { QUIET_HOURS, TZ_NAME } = ctx.config;
  if (!broadcast.urgent && isQuietTime(now, QUIET_HOURS, TZ_NAME)) {
    const morning = deferOutOfQuietHours(now, QUIET_HOURS, TZ_NAME);
    const moved = await ctx.prisma.broadcast.updateMany({
      where: { id: broadcastId, status: "SCHEDULED" },
      data: { sendAt: morning },
    });
    if (moved.count > 0) {
      await enqueueBroadcastStart(ctx.queues, broadcastId, morning, now);
      ctx.log.info({ broadcastId, sendAt: morning.toISOString() }, "broadcast deferred to the end of quiet hours");
    }
    return "deferred";
  }
  const started = await ctx.prisma.broadcast.updateMany({
    where: { id: broadcastId, status: "SCHEDULED" },
    data: { status: "SENDING", startedAt: now },
  });
  if (started.count === 0) return "not-scheduled";
  const jobId = await enqueuePlanPage(ctx.queues, broadcastId, null);
  await setPlanCursor(ctx.queues, ctx.config.QUEUE_PREFIX, broadcastId, { afterId: null, jobId });
  ctx.log.info({ broadcastId }, "broadcast started");
  return "started";
}
