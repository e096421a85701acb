import type { Redis } from "ioredis";
import type { PrismaClient } from "../db.ts";
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

/** The counts the admin watches; a delivery on its way to Zalo (SENDING) still counts as queued. */
export async function countDeliveries(
  prisma: PrismaClient,
  broadcastId: string,
): Promise<DeliveryCounts & { repeated: number }> {
  const [groups, repeated] = await Promise.all([
    prisma.broadcastDelivery.groupBy({
      by: ["status", "reason", "costBand"],
      where: { broadcastId },
      _count: { _all: true },
    }),
    prisma.broadcastDelivery.count({ where: { broadcastId, repeated: true } }),
  ]);
  const count = (match: (g: (typeof groups)[number]) => boolean) =>
    groups.filter(match).reduce((sum, g) => sum + g._count._all, 0);
  const skippedFor = (reason: string) => count((g) => g.status === "SKIPPED" && g.reason === reason);
  return {
    queued: count((g) => g.status === "QUEUED" || g.status === "SENDING"),
    sent: count((g) => g.status === "SENT"),
    failed: count((g) => g.status === "FAILED"),
    skipped: count((g) => g.status === "SKIPPED"),
    leftOut: {
      paidBand: skippedFor("paid-band"),
      outsideWindow: skippedFor("outside-window"),
      optedOut: skippedFor("opted-out"),
      unfollowed: skippedFor("unfollowed"),
      cancelled: skippedFor("cancelled"),
    },
    sentFree: count((g) => g.status === "SENT" && g.costBand !== "PAID"),
    sentPaid: count((g) => g.status === "SENT" && g.costBand === "PAID"),
    repeated,
  };
}

/**
 * Marks a fully planned broadcast DONE once no delivery is QUEUED or SENDING. Called after every final delivery
 * state: each caller checks after its own write committed, so the last one to finish always sees none left.
 */
export async function finishBroadcastIfComplete(
  prisma: PrismaClient,
  broadcastId: string,
  now: Date,
): Promise<boolean> {
  // Raw and minimal: this runs after every delivery, and the (broadcastId, status) index answers it alone.
  const open = await prisma.$queryRaw<unknown[]>`
    SELECT 1 FROM "BroadcastDelivery"
    WHERE "broadcastId" = ${broadcastId} AND "status" IN ('QUEUED', 'SENDING') LIMIT 1`;
  if (open.length > 0) return false;
  const done = await prisma.broadcast.updateMany({
    where: { id: broadcastId, status: "SENDING", plannedAt: { not: null } },
    data: { status: "DONE", finishedAt: now },
  });
  return done.count > 0;
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
