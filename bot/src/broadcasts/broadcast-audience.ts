import { type BroadcastAudience, broadcastAudienceSchema } from "@xks/shared/api/broadcasts";
import type { PrismaClient } from "../db.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { FREE_REPLY_WINDOW_MS, REPLY_WINDOW_MS, type Unreachable, unreachableReason } from "../time/reply-window.ts";

/** Recipients are read this many at a time (keyset pagination by id): never the whole audience in memory. */
export const AUDIENCE_PAGE_SIZE = 1_000;
/** The first page is smaller, so the send lanes have rows to claim within milliseconds of the start. */
export const AUDIENCE_FIRST_PAGE_SIZE = 100;

export interface AudienceRecipient {
  /** Residents' or members' own id: the keyset cursor. */
  id: string;
  oaUserId: string;
  /** Why an OA message cannot reach them now, or null. */
  unreachable: Unreachable | null;
}

export interface AudiencePage {
  recipients: AudienceRecipient[];
  /** Pass as `afterId` for the next page; null when this was the last page. */
  nextAfterId: string | null;
}

/** The audience stored on the Broadcast row (validated again: JSON columns are untyped). */
export function parseAudience(json: unknown): BroadcastAudience {
  return broadcastAudienceSchema.parse(json);
}

function residentWhere(audience: BroadcastAudience): Prisma.ResidentWhereInput {
  return {
    ...(audience.unitCodes?.length ? { unit: { code: { in: audience.unitCodes } } } : {}),
    // "Not finished" includes residents who never started it.
    ...(audience.unfinishedChecklist
      ? { progress: { none: { checklistId: audience.unfinishedChecklist, status: "DONE" } } }
      : {}),
  };
}

/** Members reachable on the OA: active, of the chosen units, with a known OA user id. */
function memberWhere(audience: BroadcastAudience): Prisma.MemberWhereInput {
  return {
    status: "ACTIVE",
    oaUserId: { not: null },
    ...(audience.unitCodes?.length ? { unit: { code: { in: audience.unitCodes } } } : {}),
  };
}

const reachSelect = { oaUserId: true, followState: true, remindersOptOut: true, lastInteractionAt: true } as const;

/**
 * One page of the audience, in id order after `afterId`, with each recipient's reachability at `at` (the billed
 * band counts as unreachable, "paid-band", unless `paidAllowed`).
 * Members are reached through the resident row of the same OA user (their interactions with the OA); a member
 * who never wrote to the OA has no open window.
 */
export async function readAudiencePage(
  prisma: PrismaClient,
  audience: BroadcastAudience,
  afterId: string | null,
  at: Date,
  paidAllowed: boolean,
  pageSize = AUDIENCE_PAGE_SIZE,
): Promise<AudiencePage> {
  const after = afterId ? { id: { gt: afterId } } : {};
  let recipients: AudienceRecipient[];
  if (audience.kind === "residents") {
    const rows = await prisma.resident.findMany({
      where: { ...residentWhere(audience), ...after },
      orderBy: { id: "asc" },
      take: pageSize,
      select: { id: true, ...reachSelect },
    });
    recipients = rows.map((r) => ({
      id: r.id,
      oaUserId: r.oaUserId,
      unreachable: unreachableReason(r, at, paidAllowed),
    }));
  } else {
    const members = await prisma.member.findMany({
      where: { ...memberWhere(audience), ...after },
      orderBy: { id: "asc" },
      take: pageSize,
      select: { id: true, oaUserId: true },
    });
    const oaUserIds = members.flatMap((m) => (m.oaUserId ? [m.oaUserId] : []));
    const residents = await prisma.resident.findMany({ where: { oaUserId: { in: oaUserIds } }, select: reachSelect });
    const byOaUser = new Map(residents.map((r) => [r.oaUserId, r]));
    recipients = members.flatMap((m) => {
      if (!m.oaUserId) return [];
      const resident = byOaUser.get(m.oaUserId);
      return [
        {
          id: m.id,
          oaUserId: m.oaUserId,
          unreachable: resident ? unreachableReason(resident, at, paidAllowed) : "outside-window",
        },
      ];
    });
  }
  const last = recipients.at(-1);
  return { recipients, nextAfterId: recipients.length === pageSize && last ? last.id : null };
}

/**
 * One page of the audience as SQL, for the planner's `INSERT … SELECT` (the rows never leave PostgreSQL): columns
 * "id" (the keyset cursor), "oaUserId" and "reason" (why an OA message cannot reach them at `at`, or NULL), with
 * the same rules as `readAudiencePage` and `unreachableReason`. Members without a resident row have no window.
 */
export function audiencePageSql(
  audience: BroadcastAudience,
  afterId: string | null,
  at: Date,
  paidAllowed: boolean,
  pageSize = AUDIENCE_PAGE_SIZE,
): Prisma.Sql {
  const windowStart = new Date(at.getTime() - REPLY_WINDOW_MS);
  const freeStart = new Date(at.getTime() - FREE_REPLY_WINDOW_MS);
  const reason = Prisma.sql`CASE
      WHEN r."id" IS NULL THEN 'outside-window'
      WHEN r."followState" = 'UNFOLLOWED' THEN 'unfollowed'
      WHEN r."remindersOptOut" THEN 'opted-out'
      WHEN r."lastInteractionAt" IS NULL OR r."lastInteractionAt" <= ${windowStart} THEN 'outside-window'
      WHEN r."lastInteractionAt" <= ${freeStart} AND NOT ${paidAllowed} THEN 'paid-band'
    END`;
  const units = (alias: string) =>
    audience.unitCodes?.length
      ? Prisma.sql`AND ${Prisma.raw(alias)}."unitId" IN (SELECT u."id" FROM "Unit" u WHERE u."code" = ANY(${audience.unitCodes}::text[]))`
      : Prisma.empty;
  const after = (alias: string) => (afterId ? Prisma.sql`AND ${Prisma.raw(alias)}."id" > ${afterId}` : Prisma.empty);
  if (audience.kind === "residents") {
    // "Not finished" includes residents who never started it.
    const unfinished = audience.unfinishedChecklist
      ? Prisma.sql`AND NOT EXISTS (SELECT 1 FROM "ChecklistProgress" p WHERE p."residentId" = r."id"
          AND p."checklistId" = ${audience.unfinishedChecklist} AND p."status" = 'DONE')`
      : Prisma.empty;
    return Prisma.sql`
      SELECT r."id", r."oaUserId", ${reason} AS "reason"
      FROM "Resident" r
      WHERE true ${units("r")} ${unfinished} ${after("r")}
      ORDER BY r."id" LIMIT ${pageSize}`;
  }
  return Prisma.sql`
    SELECT m."id", m."oaUserId", ${reason} AS "reason"
    FROM "Member" m LEFT JOIN "Resident" r ON r."oaUserId" = m."oaUserId"
    WHERE m."status" = 'ACTIVE' AND m."oaUserId" IS NOT NULL ${units("m")} ${after("m")}
    ORDER BY m."id" LIMIT ${pageSize}`;
}

export interface AudienceCounts {
  total: number;
  /** Who the broadcast will send to: the free band, plus the billed band when paid sends are allowed. */
  reachable: number;
  /** Reachable inside the free 48 hours after their last interaction. */
  free: number;
  /** Inside the window but in the billed band (48 h–7 d): sent only when `paidMessages`. */
  paid: number;
  /** Whether billed sends are allowed now (PAID_MESSAGES=on and Zalo has not refused billing today). */
  paidMessages: boolean;
  unreachable: { outsideWindow: number; optedOut: number; unfollowed: number; paidBand: number };
}

/** What the admin sees before sending: counted in PostgreSQL for residents, so 100,000 rows never leave it. */
export async function countAudience(
  prisma: PrismaClient,
  audience: BroadcastAudience,
  at: Date,
  paidAllowed: boolean,
): Promise<AudienceCounts> {
  if (audience.kind === "members") return countMembers(prisma, audience, at, paidAllowed);
  const where = residentWhere(audience);
  const windowStart = new Date(at.getTime() - REPLY_WINDOW_MS);
  const freeStart = new Date(at.getTime() - FREE_REPLY_WINDOW_MS);
  const following = { ...where, followState: "FOLLOWING" as const };
  const reachable = { ...following, remindersOptOut: false };
  const [total, unfollowed, optedOut, free, paid] = await Promise.all([
    prisma.resident.count({ where }),
    prisma.resident.count({ where: { ...where, followState: "UNFOLLOWED" } }),
    prisma.resident.count({ where: { ...following, remindersOptOut: true } }),
    prisma.resident.count({ where: { ...reachable, lastInteractionAt: { gt: freeStart } } }),
    prisma.resident.count({ where: { ...reachable, lastInteractionAt: { gt: windowStart, lte: freeStart } } }),
  ]);
  return {
    total,
    reachable: free + (paidAllowed ? paid : 0),
    free,
    paid,
    paidMessages: paidAllowed,
    unreachable: {
      outsideWindow: total - unfollowed - optedOut - free - paid,
      optedOut,
      unfollowed,
      paidBand: paidAllowed ? 0 : paid,
    },
  };
}

/** Members are few (hundreds): read them page by page and classify in memory. */
async function countMembers(
  prisma: PrismaClient,
  audience: BroadcastAudience,
  at: Date,
  paidAllowed: boolean,
): Promise<AudienceCounts> {
  const counts: AudienceCounts = {
    total: 0,
    reachable: 0,
    free: 0,
    paid: 0,
    paidMessages: paidAllowed,
    unreachable: { outsideWindow: 0, optedOut: 0, unfollowed: 0, paidBand: 0 },
  };
  let afterId: string | null = null;
  do {
    // Read as if paid sends were allowed, to tell the billed band apart from the free one.
    const page: AudiencePage = await readAudiencePage(prisma, audience, afterId, at, true);
    const bandOf = await freeMembers(prisma, page.recipients, at);
    for (const r of page.recipients) {
      counts.total += 1;
      if (r.unreachable === null) {
        if (bandOf.has(r.oaUserId)) counts.free += 1;
        else counts.paid += 1;
      } else if (r.unreachable === "outside-window") counts.unreachable.outsideWindow += 1;
      else if (r.unreachable === "opted-out") counts.unreachable.optedOut += 1;
      else counts.unreachable.unfollowed += 1;
    }
    afterId = page.nextAfterId;
  } while (afterId);
  counts.reachable = counts.free + (paidAllowed ? counts.paid : 0);
  counts.unreachable.paidBand = paidAllowed ? 0 : counts.paid;
  return counts;
}

/** The OA user ids of these recipients whose last interaction is inside the free 48 hours. */
async function freeMembers(prisma: PrismaClient, recipients: AudienceRecipient[], at: Date): Promise<Set<string>> {
  const rows = await prisma.resident.findMany({
    where: {
      oaUserId: { in: recipients.map((r) => r.oaUserId) },
      lastInteractionAt: { gt: new Date(at.getTime() - FREE_REPLY_WINDOW_MS) },
    },
    select: { oaUserId: true },
  });
  return new Set(rows.map((r) => r.oaUserId));
}
