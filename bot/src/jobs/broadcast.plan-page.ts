import {
  AUDIENCE_FIRST_PAGE_SIZE,
  AUDIENCE_PAGE_SIZE,
  audiencePageSql,
  parseAudience,
} from "../broadcasts/broadcast-audience.ts";
import {
  clearPlanCursor,
  finishBroadcastIfComplete,
  setPlanCursor,
  TALLY_MOVED,
} from "../broadcasts/broadcast-progress.ts";
import { paidSendsAllowed } from "../outbound/paid-sends.ts";
import { enqueuePlanPage } from "../queues/queues.ts";
import { ensureSendLanes } from "./broadcast.send-lane.ts";
import type { JobContext } from "./job-context.ts";

export interface PlanOutcome {
  recipients: number;
  queued: number;
  last: boolean;
}

/**
 * Plans one page of a SENDING broadcast's audience in one `INSERT … SELECT` (the page never leaves PostgreSQL): a
 * delivery row per recipient, QUEUED for the reachable and SKIPPED with the reason for the others, ON CONFLICT DO
 * NOTHING on (broadcastId, oaUserId) so planning a page twice creates nothing twice; the same statement adds the
 * new rows to the broadcast's `planned` and the skipped ones to its tallies. Then it queues the next page and makes
 * sure the broadcast's send lanes run. The last page records `plannedAt` and the final total.
 */
export async function planBroadcastPage(
  ctx: JobContext,
  broadcastId: string,
  afterId: string | null,
): Promise<PlanOutcome> {
  const broadcast = await ctx.prisma.broadcast.findUnique({
    where: { id: broadcastId },
    select: { status: true, audience: true },
  });
  if (broadcast?.status !== "SENDING") return { recipients: 0, queued: 0, last: true };
  const now = ctx.now();
  // With PAID_MESSAGES off, recipients in the billed band are recorded as SKIPPED "paid-band": left out, and why.
  const paidAllowed = await paidSendsAllowed(ctx, now);
  const pageSize = afterId === null ? AUDIENCE_FIRST_PAGE_SIZE : AUDIENCE_PAGE_SIZE;
  const page = audiencePageSql(parseAudience(broadcast.audience), afterId, now, paidAllowed, pageSize);
  const [planned] = await ctx.prisma.$queryRaw<{ recipients: number; lastId: string | null; queued: number }[]>`
    WITH page AS (${page}),
    moved AS (
      INSERT INTO "BroadcastDelivery" ("id", "broadcastId", "oaUserId", "status", "reason", "updatedAt")
      SELECT gen_random_uuid()::text, ${broadcastId}, "oaUserId",
             (CASE WHEN "reason" IS NULL THEN 'QUEUED' ELSE 'SKIPPED' END)::"DeliveryStatus", "reason", ${now}
      FROM page
      ON CONFLICT ("broadcastId", "oaUserId") DO NOTHING
      RETURNING "broadcastId", "status", "reason", "costBand", "repeated"
    ),
    ${TALLY_MOVED},
    counted AS (
      UPDATE "Broadcast" SET "planned" = "planned" + (SELECT count(*)::int FROM moved)
      WHERE "id" = ${broadcastId} AND EXISTS (SELECT 1 FROM moved)
    )
    SELECT (SELECT count(*)::int FROM page) AS "recipients",
           (SELECT max("id") FROM page) AS "lastId",
           (SELECT count(*)::int FROM moved WHERE "status" = 'QUEUED') AS "queued"`;
  const recipients = planned?.recipients ?? 0;
  const nextAfterId = recipients === pageSize ? (planned?.lastId ?? null) : null;
  const prefix = ctx.config.QUEUE_PREFIX;
  if (nextAfterId) {
    // Queue the next page first: planning runs ahead of sending instead of waiting behind this page's sends.
    const jobId = await enqueuePlanPage(ctx.queues, broadcastId, nextAfterId);
    await setPlanCursor(ctx.queues, prefix, broadcastId, { afterId: nextAfterId, jobId });
  }
  // The lanes claim whatever is QUEUED, this page's rows and a previous run's alike; a lane still running is kept.
  if (recipients > 0) await ensureSendLanes(ctx, broadcastId);
  if (!nextAfterId) {
    await ctx.prisma.$executeRaw`
      UPDATE "Broadcast" SET "plannedAt" = ${now}, "total" = "planned"
      WHERE "id" = ${broadcastId} AND "plannedAt" IS NULL`;
    await clearPlanCursor(ctx.queues, prefix, broadcastId);
    await finishBroadcastIfComplete(ctx.prisma, broadcastId, now);
    ctx.log.info({ broadcastId }, "broadcast fully planned");
  }
  return { recipients, queued: planned?.queued ?? 0, last: !nextAfterId };
}
