import type { ServiceCode } from "@xks/shared/api/common";
import type { PrismaClient } from "../db.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { currentSuccessorOf, type MergeLinks } from "../units/unit-successors.ts";
import { emptyFigures, type UnitWeekFigures } from "./weekly-figures.ts";

/** Figures keyed by the unit that reports them today (a merged unit's under its successor); null: no unit known. */
export type WeekFiguresByUnit = Map<string | null, UnitWeekFigures>;

export interface WeekScope {
  /** Units whose assistance logs and help requests count (the scope plus every unit merged into it); null: all. */
  historyUnitIds: readonly string[] | null;
  /** Units whose residents count (followers, checklists); null: all, residents without a unit included. */
  residentUnitIds: readonly string[] | null;
}

/**
 * Reads one week's figures with a handful of grouped queries (their output is per unit, however many rows they
 * read), then moves each unit's figures to its current successor. Instants are compared as UTC (the columns are
 * `timestamp` holding UTC).
 */
export async function readWeeklyFigures(
  prisma: PrismaClient,
  links: MergeLinks,
  scope: WeekScope,
  range: { from: Date; to: Date },
): Promise<WeekFiguresByUnit> {
  const from = Prisma.sql`(${range.from.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
  const to = Prisma.sql`(${range.to.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
  const inHistory = (column: Prisma.Sql) =>
    scope.historyUnitIds ? Prisma.sql`AND ${column} = ANY(${[...scope.historyUnitIds]}::text[])` : Prisma.empty;
  const inResidents = (column: Prisma.Sql) =>
    scope.residentUnitIds ? Prisma.sql`AND ${column} = ANY(${[...scope.residentUnitIds]}::text[])` : Prisma.empty;

  const [logs, services, requests, responses, followers, checklists] = await Promise.all([
    prisma.$queryRaw<{ unitId: string; people: number; logs: number }[]>`
      SELECT a."unitId", sum(a.people)::int AS people, count(*)::int AS logs
        FROM "AssistanceLog" a
       WHERE a."happenedAt" >= ${from} AND a."happenedAt" < ${to} ${inHistory(Prisma.sql`a."unitId"`)}
       GROUP BY 1`,
    // A visit that helped with two services counts its people under each service (and once in the total).
    prisma.$queryRaw<{ unitId: string; service: ServiceCode; people: number }[]>`
      SELECT a."unitId", s::text AS service, sum(a.people)::int AS people
        FROM "AssistanceLog" a, unnest(a.services) AS s
       WHERE a."happenedAt" >= ${from} AND a."happenedAt" < ${to} ${inHistory(Prisma.sql`a."unitId"`)}
       GROUP BY 1, 2`,
    prisma.$queryRaw<{ unitId: string; received: number; claimed: number; done: number }[]>`
      SELECT h."unitId",
             count(*) FILTER (WHERE h."createdAt" >= ${from} AND h."createdAt" < ${to})::int AS received,
             count(*) FILTER (WHERE h."claimedAt" >= ${from} AND h."claimedAt" < ${to})::int AS claimed,
             count(*) FILTER (WHERE h."doneAt" >= ${from} AND h."doneAt" < ${to})::int AS done
        FROM "HelpRequest" h
       WHERE ((h."createdAt" >= ${from} AND h."createdAt" < ${to})
           OR (h."claimedAt" >= ${from} AND h."claimedAt" < ${to})
           OR (h."doneAt" >= ${from} AND h."doneAt" < ${to})) ${inHistory(Prisma.sql`h."unitId"`)}
       GROUP BY 1`,
    prisma.$queryRaw<{ unitId: string; ms: number }[]>`
      SELECT h."unitId", (extract(epoch FROM h."claimedAt" - h."createdAt") * 1000)::float8 AS ms
        FROM "HelpRequest" h
       WHERE h."claimedAt" >= ${from} AND h."claimedAt" < ${to} ${inHistory(Prisma.sql`h."unitId"`)}`,
    // A follow is a stored `follow` event; its envelope outlives the payload's retention. One per resident.
    prisma.$queryRaw<{ unitId: string | null; followers: number }[]>`
      SELECT r."unitId", count(DISTINCT e."oaUserId")::int AS followers
        FROM "InboundEvent" e JOIN "Resident" r ON r."oaUserId" = e."oaUserId"
       WHERE e."eventName" = 'follow' AND e."receivedAt" >= ${from} AND e."receivedAt" < ${to}
             ${inResidents(Prisma.sql`r."unitId"`)}
       GROUP BY 1`,
    prisma.$queryRaw<{ unitId: string | null; done: number }[]>`
      SELECT r."unitId", count(*)::int AS done
        FROM "ChecklistProgress" p JOIN "Resident" r ON r.id = p."residentId"
       WHERE p.status = 'DONE' AND p."completedAt" >= ${from} AND p."completedAt" < ${to}
             ${inResidents(Prisma.sql`r."unitId"`)}
       GROUP BY 1`,
  ]);

  const byUnit: WeekFiguresByUnit = new Map();
  const of = (unitId: string | null): UnitWeekFigures => {
    const key = unitId === null ? null : currentSuccessorOf(links, unitId);
    let figures = byUnit.get(key);
    if (!figures) {
      figures = emptyFigures();
      byUnit.set(key, figures);
    }
    return figures;
  };
  for (const row of logs) {
    const f = of(row.unitId);
    f.people += row.people;
    f.logs += row.logs;
  }
  for (const row of services) {
    const f = of(row.unitId);
    if (row.service in f.peopleByService) f.peopleByService[row.service] += row.people;
  }
  for (const row of requests) {
    const f = of(row.unitId);
    f.requestsReceived += row.received;
    f.requestsClaimed += row.claimed;
    f.requestsDone += row.done;
  }
  for (const row of responses) of(row.unitId).responseTimesMs.push(Number(row.ms));
  for (const row of followers) of(row.unitId).newFollowers += row.followers;
  for (const row of checklists) of(row.unitId).checklistsDone += row.done;
  return byUnit;
}
