import type { Redis } from "ioredis";
import type { PrismaClient } from "../db.ts";
import { type DeliveryStatus, Prisma } from "../generated/prisma/client.ts";
import type { Queues } from "../queues/queues.ts";

export interface DeliveryCounts {
  queued: number;
  sent: number;
  failed: number;
  skipped: number;
  leftOut: { paidBand: number; outsideWindow: number; optedOut: number; unfollowed: number; cancelled: number };
  sentFree: number;
  sentPaid: number;
}

/** Delivery states a row never leaves: each row is tallied once, by the statement that moves it there. */
const FINAL_STATUSES = Prisma.sql`('SENT', 'FAILED', 'SKIPPED')`;

/**
 * The CTE `tallied`, for a statement whose CTE `moved` returns moved delivery rows: adds those in a final state to
 * their tallies. Upserted in key order, so concurrent writers cannot deadlock on the tally rows.
 */
export const TALLY_MOVED_SQL = `tallied AS (
      INSERT INTO "BroadcastTally" AS t ("broadcastId", "status", "reason", "costBand", "repeated", "count")
      SELECT "broadcastId", "status", COALESCE("reason", ''), COALESCE("costBand"::text, ''), "repeated", count(*)::int
      FROM moved WHERE "status" IN ('SENT', 'FAILED', 'SKIPPED')
      GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
      ON CONFLICT ("broadcastId", "status", "reason", "costBand", "repeated")
      DO UPDATE SET "count" = t."count" + EXCLUDED."count"
    )`;
export const TALLY_MOVED = Prisma.raw(TALLY_MOVED_SQL);

/**
 * Runs `move`, a statement that creates or moves delivery rows and ends with
 * `RETURNING "broadcastId", "status", "reason", "costBand", "repeated"` (new values), and in the same statement adds
 * the rows it left in a final state to their broadcast's tallies; `planned` also adds every row it returned to that
 * broadcast's `planned` (the planner's inserts). One statement, so a crash can never move a row without counting it
 * or count it without moving it. Answers how many rows it moved, by status.
 */
export async function moveDeliveries(
  prisma: Pick<PrismaClient, "$queryRaw">,
  move: Prisma.Sql,
  planned?: { broadcastId: string },
): Promise<Partial<Record<DeliveryStatus, number>>> {
  const addPlanned = planned
    ? Prisma.sql`, planned AS (
        UPDATE "Broadcast" SET "planned" = "planned" + (SELECT count(*)::int FROM moved)
        WHERE "id" = ${planned.broadcastId} AND EXISTS (SELECT 1 FROM moved))`
    : Prisma.empty;
  const rows = await prisma.$queryRaw<{ status: DeliveryStatus; n: number }[]>`
    WITH moved AS (${move}),
    ${TALLY_MOVED}${addPlanned}
    SELECT "status"::text AS "status", count(*)::int AS "n" FROM moved GROUP BY 1`;
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/**
 * The counts the admin watches, from the tallies and `planned` (a handful of rows, whatever the audience); a
 * delivery not yet in a final state (QUEUED, or SENDING on its way to Zalo) counts as queued. `repeated` counts the
 * finished deliveries that may have reached their recipient twice.
 */
export async function countDeliveries(
  prisma: PrismaClient,
  broadcastId: string,
): Promise<DeliveryCounts & { repeated: number }> {
  const [broadcast, tallies] = await Promise.all([
    prisma.broadcast.findUnique({ where: { id: broadcastId }, select: { planned: true } }),
    prisma.broadcastTally.findMany({ where: { broadcastId } }),
  ]);
  const count = (match: (t: (typeof tallies)[number]) => boolean) =>
    tallies.filter(match).reduce((sum, t) => sum + t.count, 0);
  const skippedFor = (reason: string) => count((t) => t.status === "SKIPPED" && t.reason === reason);
  const sent = count((t) => t.status === "SENT");
  const failed = count((t) => t.status === "FAILED");
  const skipped = count((t) => t.status === "SKIPPED");
  return {
    queued: Math.max(0, (broadcast?.planned ?? 0) - sent - failed - skipped),
    sent,
    failed,
    skipped,
    leftOut: {
      paidBand: skippedFor("paid-band"),
      outsideWindow: skippedFor("outside-window"),
      optedOut: skippedFor("opted-out"),
      unfollowed: skippedFor("unfollowed"),
      cancelled: skippedFor("cancelled"),
    },
    sentFree: count((t) => t.status === "SENT" && t.costBand !== "PAID"),
    sentPaid: count((t) => t.status === "SENT" && t.costBand === "PAID"),
    repeated: count((t) => t.repeated),
  };
}

/**
 * Marks a fully planned broadcast DONE once its tallies of final states add up to the rows planned. Called after
 * final delivery states are written: each caller checks after its own write committed, so the last one to finish
 * always sees none left. One statement on a handful of tally rows, however large the audience.
 */
export async function finishBroadcastIfComplete(
  prisma: PrismaClient,
  broadcastId: string,
  now: Date,
): Promise<boolean> {
  const done = await prisma.$executeRaw`
    UPDATE "Broadcast" b SET "status" = 'DONE', "finishedAt" = ${now}
    WHERE b."id" = ${broadcastId} AND b."status" = 'SENDING' AND b."plannedAt" IS NOT NULL
      AND b."planned" <= (SELECT COALESCE(sum("count"), 0) FROM "BroadcastTally" t
                          WHERE t."broadcastId" = b."id" AND t."status" IN ${FINAL_STATUSES})`;
  return done > 0;
}

/**
 * Where planning has got to, kept in Redis next to the queue: the next page to plan and the id of its job. It lets
 * recovery tell a planning chain still in progress (that job exists) from one whose jobs were lost with Redis (the
 * key is gone too), without re-reading the whole audience every minute.
 */
export interface PlanCursor {
  afterId: string | null;
  jobId: string;
}

export function planCursorKey(prefix: string, broadcastId: string): string {
  return `${prefix}:broadcast-plan:${broadcastId}`;
}

const PLAN_CURSOR_TTL_S = 7 * 24 * 3600;

async function redisOf(queues: Queues): Promise<Redis> {
  return (await queues.broadcast.client) as unknown as Redis;
}

export async function setPlanCursor(
  queues: Queues,
  prefix: string,
  broadcastId: string,
  cursor: PlanCursor,
): Promise<void> {
  await (await redisOf(queues)).set(
    planCursorKey(prefix, broadcastId),
    JSON.stringify(cursor),
    "EX",
    PLAN_CURSOR_TTL_S,
  );
}

/** undefined: no cursor (never planned here, or Redis lost it). */
export async function getPlanCursor(
  queues: Queues,
  prefix: string,
  broadcastId: string,
): Promise<PlanCursor | undefined> {
  const value = await (await redisOf(queues)).get(planCursorKey(prefix, broadcastId));
  return value === null ? undefined : (JSON.parse(value) as PlanCursor);
}

export async function clearPlanCursor(queues: Queues, prefix: string, broadcastId: string): Promise<void> {
  await (await redisOf(queues)).del(planCursorKey(prefix, broadcastId));
}

/**
 * Send lanes: each broadcast is sent by SEND_LANES jobs at most, each claiming a few rows at a time, so a worker's
 * claimed-but-unsettled rows stay bounded. The key holds the id of the job that owns lane `lane` now; a job that
 * finds another id there was superseded (recovery re-queued the lane) and stops.
 */
export function sendLaneKey(prefix: string, broadcastId: string, lane: number): string {
  return `${prefix}:broadcast-lane:${broadcastId}:${lane}`;
}

export async function setSendLaneOwner(
  queues: Queues,
  prefix: string,
  broadcastId: string,
  lane: number,
  jobId: string,
): Promise<void> {
  await (await redisOf(queues)).set(sendLaneKey(prefix, broadcastId, lane), jobId, "EX", PLAN_CURSOR_TTL_S);
}

/** undefined: no owner recorded (never queued, or Redis lost it). */
export async function getSendLaneOwner(
  queues: Queues,
  prefix: string,
  broadcastId: string,
  lane: number,
): Promise<string | undefined> {
  return (await (await redisOf(queues)).get(sendLaneKey(prefix, broadcastId, lane))) ?? undefined;
}
