// A broadcast's send lanes: jobs that run batches (broadcast.send-batch.ts) until no delivery is left, hand over
// to a fresh job now and then, pause for quiet hours and back off, and finish the broadcast.
import { setTimeout as sleep } from "node:timers/promises";
import type { Job } from "bullmq";
import { finishBroadcastIfComplete, getSendLaneOwner, setSendLaneOwner } from "../broadcasts/broadcast-progress.ts";
import { composeNoticeMessage } from "../broadcasts/compose-notice-message.ts";
import { type BroadcastJob, enqueueSendLane, type Queues } from "../queues/queues.ts";
import { deferOutOfQuietHours, isQuietTime } from "../time/quiet-hours.ts";
import { convertToZaloParts } from "../zalo/convert-to-zalo-message.ts";
import { type SendCounts, sendBatch } from "./broadcast.send-batch.ts";
import type { JobContext } from "./job-context.ts";

/** Send lanes per broadcast: enough for several workers to share one broadcast (SKIP LOCKED splits the rows). */
export const SEND_LANES = 8;
/** A lane hands over to a fresh job after this long, so one broadcast never holds a worker slot for hours. */
const LANE_SLICE_MS = 30_000;
/** A lane checks that it still owns its lane this often (a superseded lane sends at most this long more). */
const OWNER_CHECK_MS = 1_000;
/** While planning is still inserting rows, a lane that found none claimable looks again after this. */
const PLANNING_POLL_MS = 50;

export type LaneOutcome = "finished" | "superseded" | "deferred" | "handed-over" | "not-sending";

export interface LaneReport extends SendCounts {
  outcome: LaneOutcome;
}

type LaneJob = Pick<Job<BroadcastJob>, "id">;

/**
 * Queues the lanes of a broadcast that have no live job (none recorded, or its job is gone or finished), each
 * under a fresh job id recorded as the lane's owner; `force` re-queues every lane (recovery, after it put rows
 * back that a dead worker held). Answers how many lanes it queued.
 */
export async function ensureSendLanes(
  ctx: Pick<JobContext, "queues" | "config" | "now">,
  broadcastId: string,
  options: { force?: boolean; tag?: string } = {},
): Promise<number> {
  const prefix = ctx.config.QUEUE_PREFIX;
  const lanes = Array.from({ length: SEND_LANES }, (_, lane) => lane);
  const queued = await Promise.all(
    lanes.map(async (lane) => {
      if (!options.force && (await laneAlive(ctx.queues, prefix, broadcastId, lane))) return 0;
      const jobId = await enqueueSendLane(ctx.queues, broadcastId, lane, options.tag ?? `${ctx.now().getTime()}`);
      await setSendLaneOwner(ctx.queues, prefix, broadcastId, lane, jobId);
      return 1;
    }),
  );
  return queued.reduce<number>((a, b) => a + b, 0);
}

async function laneAlive(queues: Queues, prefix: string, broadcastId: string, lane: number): Promise<boolean> {
  const owner = await getSendLaneOwner(queues, prefix, broadcastId, lane);
  if (!owner) return false;
  const state = await queues.broadcast.getJobState(owner);
  return state === "waiting" || state === "active" || state === "delayed" || state === "prioritized";
}

/**
 * One send lane of a broadcast, at most once per delivery however often it runs:
 * 1. claim up to SEND_BATCH_SIZE QUEUED rows in one statement (`FOR UPDATE SKIP LOCKED`, so lanes on every worker
 *    take different rows); `attempts` is incremented by the claim and fences every later write, so a worker that
 *    lost its claim to recovery cannot overwrite the newer attempt's result;
 * 2. skip (with the reason) a cancelled broadcast or a recipient the OA cannot reach now (unfollowed, opted out,
 *    outside the 7-day window, billed band without paid sends);
 * 3. reserve the batch's rate-limit slots in one call (every worker shares one schedule; -32 pauses them all) and
 *    send the batch concurrently through the shared Zalo client;
 * 4. settle the whole batch in one fenced UPDATE that also adds the final states to the broadcast's tallies: SENT
 *    with Zalo's message_id, FAILED on a permanent refusal, back to QUEUED with a `notBefore` after a transient
 *    error (FAILED after BROADCAST_SEND_ATTEMPTS) or a -32;
 * then again, until no row is left. Between 1 and 4 the rows are SENDING: the only window in which a crash can
 * cause a repeat. Quiet hours stop a non-urgent lane until the morning; a lane whose rows all wait for a backoff
 * queues itself for then.
 */
export async function runSendLane(
  ctx: JobContext,
  job: LaneJob,
  broadcastId: string,
  lane: number,
): Promise<LaneReport> {
  const report: LaneReport = { outcome: "finished", sent: 0, failed: 0, skipped: 0, requeued: 0 };
  const prefix = ctx.config.QUEUE_PREFIX;
  // The notice and the registration day it announces (its sign-up buttons), if any: the content is the same for
  // every recipient, so its parts are built once per lane run.
  const { rows } = await ctx.pg.query<NoticeRow>(NOTICE_SQL, [broadcastId]);
  const notice = rows[0];
  if (!notice || (notice.status !== "SENDING" && notice.status !== "CANCELLED")) {
    return { ...report, outcome: "not-sending" };
  }
  const parts = convertToZaloParts([composeNoticeMessage(notice)]);
  const handOver = async (outcome: LaneOutcome, delayMs: number): Promise<LaneReport> => {
    const jobId = await enqueueSendLane(ctx.queues, broadcastId, lane, `${Date.now()}`, delayMs);
    await setSendLaneOwner(ctx.queues, prefix, broadcastId, lane, jobId);
    return { ...report, outcome };
  };
  const started = Date.now();
  let ownerCheckedAt = 0;
  for (;;) {
    if (Date.now() - ownerCheckedAt >= OWNER_CHECK_MS) {
      if ((await getSendLaneOwner(ctx.queues, prefix, broadcastId, lane)) !== job.id) {
        return { ...report, outcome: "superseded" };
      }
      ownerCheckedAt = Date.now();
    }
    const now = ctx.now();
    const { QUIET_HOURS, TZ_NAME } = ctx.config;
    if (!notice.urgent && isQuietTime(now, QUIET_HOURS, TZ_NAME)) {
      // A broadcast still sending when quiet hours begin pauses until the morning.
      const morning = deferOutOfQuietHours(now, QUIET_HOURS, TZ_NAME);
      return handOver("deferred", morning.getTime() - now.getTime());
    }
    if (Date.now() - started > LANE_SLICE_MS) return handOver("handed-over", 0);

    const claimed = await sendBatch(ctx, broadcastId, parts, report);
    if (claimed > 0) continue;

    const { rows } = await ctx.pg.query<{ status: string; planned: boolean; nextAt: Date | null }>(LANE_STATE_SQL, [
      broadcastId,
      now.toISOString(),
    ]);
    const state = rows[0];
    if (!state || (state.status !== "SENDING" && state.status !== "CANCELLED")) return report;
    if (state.nextAt && state.nextAt.getTime() > now.getTime()) {
      // Every row left waits for a backoff: come back for the first of them rather than hold a worker slot.
      return handOver("deferred", state.nextAt.getTime() - now.getTime());
    }
    // QUEUED rows claimable now but locked by another lane's claim, or planning still inserting rows.
    if (state.nextAt || !state.planned) {
      await sleep(PLANNING_POLL_MS);
      continue;
    }
    // Nothing QUEUED and every row planned: this lane's part is over; the broadcast may be too.
    await finishBroadcastIfComplete(ctx.prisma, broadcastId, ctx.now());
    return report;
  }
}

interface NoticeRow {
  status: string;
  urgent: boolean;
  title: string;
  text: string;
  imageUrl: string | null;
  linkUrl: string | null;
  eventCode: number | null;
}

const NOTICE_SQL = `
  SELECT b."status"::text AS "status", b."urgent", b."title", b."text", b."imageUrl", b."linkUrl",
         e."code" AS "eventCode"
  FROM "Broadcast" b LEFT JOIN "RegistrationEvent" e ON e."broadcastId" = b."id"
  WHERE b."id" = $1`;

/** Where a lane that found nothing to claim stands ($1 broadcast, $2 now): next QUEUED row's time, planning done. */
const LANE_STATE_SQL = `
  SELECT b."status"::text AS "status", b."plannedAt" IS NOT NULL AS "planned",
         (SELECT min(COALESCE(d."notBefore", $2::timestamptz AT TIME ZONE 'UTC')) AT TIME ZONE 'UTC'
          FROM "BroadcastDelivery" d WHERE d."broadcastId" = b."id" AND d."status" = 'QUEUED') AS "nextAt"
  FROM "Broadcast" b WHERE b."id" = $1`;
