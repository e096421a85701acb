import { type HelpResponseTimes, RESPONSE_TIME_DAYS, type ResponseTime } from "@xks/shared/api/help-response-times";
import type { UnitScope } from "../auth/unit-scope.ts";
import type { PrismaClient } from "../db.ts";
import { Prisma } from "../generated/prisma/client.ts";

interface Row {
  unitId: string | null;
  code: string | null;
  name: string | null;
  asked: number;
  claimed: number;
  done: number;
  toClaimSeconds: number | null;
  toDoneSeconds: number | null;
}

/**
 * How fast residents are answered, per unit and overall, over the requests asked in the last RESPONSE_TIME_DAYS:
 * the median from asking to the first member taking it (the first CLAIMED or HANDED_OVER event; `claimedAt` for
 * requests older than the history), and from asking to done. A request moved to another unit counts there.
 * One statement, medians by PostgreSQL (`percentile_cont`), per unit and overall in one pass (GROUPING SETS): an
 * overall median is not a mean of the units' medians. The units' names are joined in the same statement.
 */
export async function helpResponseTimes(prisma: PrismaClient, scope: UnitScope, now: Date): Promise<HelpResponseTimes> {
  const since = new Date(now.getTime() - RESPONSE_TIME_DAYS * 24 * 60 * 60 * 1000);
  const unitFilter = scope.all ? Prisma.empty : Prisma.sql`AND h."unitId" = ANY(${[...scope.unitIds, "-"]}::text[])`;
  const rows = await prisma.$queryRaw<Row[]>`
    WITH asked AS (
      SELECT h."unitId", h."createdAt", h."doneAt",
        COALESCE(
          (SELECT MIN(e."at") FROM "HelpRequestEvent" e
            WHERE e."helpRequestId" = h."id" AND e."kind" IN ('CLAIMED', 'HANDED_OVER')),
          h."claimedAt"
        ) AS "claimedAt"
      FROM "HelpRequest" h
      WHERE h."createdAt" >= ${since} ${unitFilter}
    )
    SELECT g.*, u.code, u.name FROM (
      SELECT "unitId",
        COUNT(*)::int AS "asked",
        COUNT("claimedAt")::int AS "claimed",
        COUNT("doneAt")::int AS "done",
        percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM "claimedAt" - "createdAt"))
          FILTER (WHERE "claimedAt" IS NOT NULL) AS "toClaimSeconds",
        percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM "doneAt" - "createdAt"))
          FILTER (WHERE "doneAt" IS NOT NULL) AS "toDoneSeconds"
      FROM asked
      GROUP BY GROUPING SETS (("unitId"), ())) g
    LEFT JOIN "Unit" u ON u.id = g."unitId"`;

  const overallRow = rows.find((r) => r.unitId === null);
  const unitRows = rows.filter((r): r is Row & { unitId: string } => r.unitId !== null);
  return {
    since: since.toISOString(),
    overall: overallRow ? toResponseTime(overallRow) : EMPTY,
    units: unitRows
      .map((r) => ({
        code: r.code ?? "?",
        name: r.name ?? "?",
        ...toResponseTime(r),
      }))
      .sort(
        (a, b) =>
          (b.medianToClaimMinutes ?? Number.POSITIVE_INFINITY) - (a.medianToClaimMinutes ?? Number.POSITIVE_INFINITY) ||
          a.name.localeCompare(b.name, "vi"),
      ),
  };
}

const EMPTY: ResponseTime = { asked: 0, claimed: 0, done: 0, medianToClaimMinutes: null, medianToDoneMinutes: null };

function toMinutes(seconds: number | null): number | null {
  return seconds === null ? null : Math.round(Number(seconds) / 6) / 10;
}

function toResponseTime(row: Row): ResponseTime {
  return {
    asked: row.asked,
    claimed: row.claimed,
    done: row.done,
    medianToClaimMinutes: toMinutes(row.toClaimSeconds),
    medianToDoneMinutes: toMinutes(row.toDoneSeconds),
  };
}
