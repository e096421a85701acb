import { SERVICE_CODES, type ServiceCode } from "@xks/shared/api/common";
import {
  type ChecklistStats,
  DASHBOARD_TREND_WEEKS,
  MESSAGING_DAYS,
  type MemberDashboard,
  type MessagingStats,
  ORGANISATION_UNITS_PAGE,
  type OrganisationDashboard,
  type RankedUnit,
  type ServiceCount,
  type Totals,
  UNIT_MEMBERS_PAGE,
  type UnitDashboardResponse,
  type WeekPoint,
} from "@xks/shared/api/dashboards";
import { CHECKLISTS, findChecklist } from "@xks/shared/checklists/index";
import { matchUnitSearch } from "@xks/shared/text/unit-search";
import type { MemberWithUnit } from "../auth/request-auth.ts";
import { unitScopeIn } from "../auth/unit-scope.ts";
import type { PrismaClient } from "../db.ts";
import { ForbiddenError, NotFoundError } from "../errors.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { cachedUnitTree, currentUnitTree, type UnitTree, unitTreeAt } from "../units/unit-tree-cache.ts";
import { helpResponseTimes } from "./help-response-times.ts";
import { type StepCounts, summariseChecklistFunnel } from "./summarise-checklist-funnel.ts";
import { addDays, localDate, localWeekStart, startOfLocalDay } from "./zoned-time.ts";

// Dashboards read rollups, not logs: "AssistanceRollup" (unit × local day × service, "*" for the whole organisation
// and for every service), "UnitRollup" (per unit, all time), the checklist rollups, all kept exact by the triggers
// of migration 20261201124946_dashboard_rollups. Logs stay under the unit they were written in, so merges apply
// here: a unit's numbers are those of every unit whose current successor is it or below it, from the process's
// cached unit tree (bot/src/units/unit-tree-cache.ts). Each dashboard is one or two statements.

/** The local days the rollups are kept in (the triggers' `xks_local_day`). */
export const ROLLUP_TIME_ZONE = "Asia/Ho_Chi_Minh";

/** Vietnamese order for names, built once (the ranking sorts a province's 2,400 units). */
const VI_COLLATOR = new Intl.Collator("vi");

interface DayRange {
  /** This local week's Monday, "YYYY-MM-DD". */
  weekStart: string;
  /** The instant it starts. */
  since: Date;
  /** The Monday of the oldest week of the trend. */
  firstWeek: string;
}

function dayRange(timeZone: string, now: Date): DayRange {
  const weekStart = localWeekStart(now, timeZone);
  return {
    weekStart,
    since: startOfLocalDay(weekStart, timeZone),
    firstWeek: addDays(weekStart, -7 * (DASHBOARD_TREND_WEEKS - 1)),
  };
}

/** A "YYYY-MM-DD" as a SQL date. */
const sqlDate = (isoDate: string) => Prisma.sql`${isoDate}::date`;

/** Sums of rollup rows as one JSON totals object. */
const TOTALS_JSON = Prisma.sql`json_build_object('logs', COALESCE(SUM(logs), 0), 'people', COALESCE(SUM(people), 0),
  'minutes', COALESCE(SUM(minutes), 0))`;

/** JSON of [{ service, logs, people }] from rollup rows of one service each. */
const SERVICES_JSON = Prisma.sql`COALESCE(json_agg(json_build_object('service', service, 'logs', logs,
  'people', people)), '[]')`;

/** JSON of [{ week, logs, people, minutes }] from rows of (week, logs, people, minutes). */
const WEEKS_JSON = Prisma.sql`COALESCE(json_agg(json_build_object('week', week, 'logs', logs, 'people', people,
  'minutes', minutes)), '[]')`;

interface ServiceRow {
  service: string;
  logs: number;
  people: number;
}
interface WeekRow extends Totals {
  week: string;
}

function servicesOf(rows: readonly ServiceRow[]): ServiceCount[] {
  const found = new Map(rows.map((r) => [r.service, r]));
  return SERVICE_CODES.map((service: ServiceCode) => ({
    service,
    logs: found.get(service)?.logs ?? 0,
    people: found.get(service)?.people ?? 0,
  }));
}

/** The last eight local weeks, oldest first, including empty ones (a chart needs every point). */
function trendOf(rows: readonly WeekRow[], firstWeek: string): WeekPoint[] {
  const byWeek = new Map(rows.map((r) => [r.week, r]));
  return Array.from({ length: DASHBOARD_TREND_WEEKS }, (_, i) => {
    const weekStart = addDays(firstWeek, 7 * i);
    const row = byWeek.get(weekStart);
    return { weekStart, logs: row?.logs ?? 0, people: row?.people ?? 0, minutes: row?.minutes ?? 0 };
  });
}

function progressOf(people: number, target: number): number {
  return target > 0 ? Math.round((people / target) * 1000) / 1000 : 0;
}

/**
 * The member's own numbers, from their logs through the (memberId, happenedAt) index: one person's history is
 * small (a province averages about 100 logs a member a year), so no rollup is kept per member. One statement.
 */
export async function memberDashboard(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  timeZone: string,
  now = new Date(),
): Promise<MemberDashboard> {
  const { weekStart, since, firstWeek } = dayRange(timeZone, now);
  const trendSince = startOfLocalDay(firstWeek, timeZone);
  // "happenedAt" is a UTC timestamp without zone: make it a timestamptz, then read it on the local clock.
  const [row] = await prisma.$queryRaw<
    { thisWeek: Totals; allTime: Totals; services: ServiceRow[]; trend: WeekRow[]; openClaims: number }[]
  >`
    WITH l AS MATERIALIZED (
      SELECT "happenedAt", services, people, minutes FROM "AssistanceLog" WHERE "memberId" = ${actor.id})
    SELECT
      (SELECT json_build_object('logs', COUNT(*), 'people', COALESCE(SUM(people), 0), 'minutes', COALESCE(SUM(minutes), 0))
         FROM l WHERE "happenedAt" >= ${since}) AS "thisWeek",
      (SELECT json_build_object('logs', COUNT(*), 'people', COALESCE(SUM(people), 0), 'minutes', COALESCE(SUM(minutes), 0))
         FROM l) AS "allTime",
      (SELECT ${SERVICES_JSON} FROM (
         SELECT s::text AS service, COUNT(*) AS logs, SUM(people) AS people FROM l, unnest(services) AS s GROUP BY 1) x
      ) AS services,
      (SELECT ${WEEKS_JSON} FROM (
         SELECT to_char(date_trunc('week', ("happenedAt" AT TIME ZONE 'UTC') AT TIME ZONE ${timeZone}), 'YYYY-MM-DD') AS week,
                COUNT(*) AS logs, SUM(people) AS people, SUM(minutes) AS minutes
           FROM l WHERE "happenedAt" >= ${trendSince} GROUP BY 1) w
      ) AS trend,
      (SELECT COUNT(*)::int FROM "HelpRequest" WHERE "claimedById" = ${actor.id} AND status = 'CLAIMED') AS "openClaims"`;
  if (!row) throw new Error("the member dashboard's statement returned no row");
  return {
    weekStart,
    thisWeek: row.thisWeek,
    allTime: row.allTime,
    byService: servicesOf(row.services),
    trend: trendOf(row.trend, firstWeek),
    openClaims: row.openClaims,
  };
}

/** The units a unit dashboard covers, by the tree: refused when the unit is unknown or outside the actor's scope. */
function unitDashboardScopeIn(tree: UnitTree, actor: MemberWithUnit, unitCode: string) {
  const scope = unitScopeIn(tree, actor, unitCode);
  const unit = tree.byCode.get(unitCode);
  if (scope.all || !unit) throw new Error(`a scope narrowed to ${unitCode} must list its units`);
  const unitIds = [...scope.unitIds];
  return {
    unit,
    unitIds,
    // Logs of units merged into these stay under their old unit for history and count here.
    logUnitIds: tree.countedUnder(unitIds),
    // The root covers every unit: the whole organisation's rollup rows ("*") answer it, and no filter on a list of
    // thousands of unit ids is needed (each row compared against the list took most of the 0.6 s this view cost).
    whole: unitIds.length === tree.units.length,
  };
}
type UnitScopeRead = ReturnType<typeof unitDashboardScopeIn>;

/** One page of a unit dashboard's members (a province's root unit lists every member of the organisation). */
export interface MembersPage {
  offset: number;
  limit: number;
}

/**
 * A unit (with its sub-units, and the units merged into any of them) against its weekly target, with its help
 * requests' response times. Who may see it: an admin any unit, others their own unit and what is below it. Two
 * statements run side by side, the dashboard's also reading the unit tree's version: the process's cached tree is
 * used optimistically and, when the version moved, reloaded and both run again. A refusal from a cached tree is
 * checked against the current one before it stands.
 */
export async function unitDashboard(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  unitCode: string,
  timeZone: string,
  now = new Date(),
  page: MembersPage = { offset: 0, limit: UNIT_MEMBERS_PAGE },
): Promise<UnitDashboardResponse> {
  let tree = cachedUnitTree(prisma);
  let scope: UnitScopeRead;
  try {
    tree ??= await currentUnitTree(prisma);
    scope = unitDashboardScopeIn(tree, actor, unitCode);
  } catch (error) {
    if (!(error instanceof NotFoundError || error instanceof ForbiddenError)) throw error;
    tree = await currentUnitTree(prisma);
    scope = unitDashboardScopeIn(tree, actor, unitCode);
  }
  const readAll = (s: UnitScopeRead) =>
    Promise.all([
      readUnitDashboard(prisma, s, timeZone, now, page),
      helpResponseTimes(prisma, s.whole ? { all: true } : { all: false, unitIds: s.unitIds }, now),
    ]);
  let [read, responseTimes] = await readAll(scope);
  if (read.version === null || read.version !== tree.version) {
    tree = await unitTreeAt(prisma, read.version);
    scope = unitDashboardScopeIn(tree, actor, unitCode);
    [read, responseTimes] = await readAll(scope);
  }
  const { unit } = scope;
  const { weekStart, firstWeek } = dayRange(timeZone, now);
  return {
    unit: { code: unit.code, name: unit.name, targetPeoplePerWeek: unit.targetPeoplePerWeek },
    weekStart,
    thisWeek: read.thisWeek,
    progress: progressOf(read.thisWeek.people, unit.targetPeoplePerWeek),
    members: read.members,
    membersTotal: read.membersTotal,
    byService: servicesOf(read.services),
    trend: trendOf(read.trend, firstWeek),
    helpRequests: { open: read.current.open, claimed: read.current.claimed, doneThisWeek: read.doneThisWeek },
    pendingMembers: read.current.pending,
    responseTimes,
  };
}

/**
 * The members are ranked and paged by PostgreSQL (Vietnamese order by ICU's "vi" collation, the id last so pages
 * never overlap): the root unit's 20,000 members once cost more to sort, serialise and validate than all the rest.
 */
async function readUnitDashboard(
  prisma: PrismaClient,
  { unitIds, logUnitIds, whole }: UnitScopeRead,
  timeZone: string,
  now: Date,
  page: MembersPage,
) {
  const { weekStart, since, firstWeek } = dayRange(timeZone, now);
  const rollupUnits = whole ? Prisma.sql`"unitId" = '*'` : Prisma.sql`"unitId" = ANY(${[...logUnitIds]}::text[])`;
  const logUnits = whole ? Prisma.empty : Prisma.sql`"unitId" = ANY(${[...logUnitIds]}::text[]) AND`;
  // Members and their counts may have no unit (the "*" row counts those too): the root's are every unit's.
  const memberUnits = whole
    ? Prisma.sql`m."unitId" IS NOT NULL AND`
    : Prisma.sql`m."unitId" = ANY(${[...unitIds]}::text[]) AND`;
  const currentUnits = whole ? Prisma.sql`"unitId" <> '*'` : Prisma.sql`"unitId" = ANY(${[...unitIds]}::text[])`;
  const helpUnits = whole ? Prisma.empty : Prisma.sql`"unitId" = ANY(${[...unitIds]}::text[]) AND`;
  const memberOrder = Prisma.sql`people DESC, logs DESC, name COLLATE "vi-x-icu", id`;
  const [row] = await prisma.$queryRaw<
    {
      version: string | null;
      thisWeek: Totals;
      services: ServiceRow[];
      trend: WeekRow[];
      members: { id: string; name: string; logs: number; people: number }[];
      membersTotal: number;
      current: { open: number; claimed: number; pending: number };
      doneThisWeek: number;
    }[]
  >`
    WITH r AS MATERIALIZED (
      SELECT day, service, logs, people, minutes FROM "AssistanceRollup"
       WHERE ${rollupUnits} AND day >= ${sqlDate(firstWeek)}),
    members AS MATERIALIZED (
      SELECT m.id, m.name, COALESCE(c.logs, 0)::int AS logs, COALESCE(c.people, 0)::int AS people
        FROM "Member" m
        LEFT JOIN (SELECT "memberId", COUNT(*) AS logs, SUM(people) AS people FROM "AssistanceLog"
                    WHERE ${logUnits} "happenedAt" >= ${since} GROUP BY 1) c
          ON c."memberId" = m.id
       WHERE ${memberUnits} m.status = 'ACTIVE')
    SELECT
      (SELECT version::text FROM "UnitTreeVersion" WHERE id = 1) AS version,
      (SELECT ${TOTALS_JSON} FROM r WHERE service = '*' AND day >= ${sqlDate(weekStart)}) AS "thisWeek",
      (SELECT ${SERVICES_JSON} FROM (
         SELECT service, SUM(logs) AS logs, SUM(people) AS people FROM r
          WHERE service <> '*' AND day >= ${sqlDate(weekStart)} GROUP BY 1) x) AS services,
      (SELECT ${WEEKS_JSON} FROM (
         SELECT to_char(date_trunc('week', day), 'YYYY-MM-DD') AS week, SUM(logs) AS logs, SUM(people) AS people,
                SUM(minutes) AS minutes
           FROM r WHERE service = '*' GROUP BY 1) w) AS trend,
      (SELECT COALESCE(json_agg(json_build_object('id', id, 'name', name, 'logs', logs, 'people', people)
                                ORDER BY ${memberOrder}), '[]')
         FROM (SELECT * FROM members ORDER BY ${memberOrder} LIMIT ${page.limit} OFFSET ${page.offset}) p) AS members,
      (SELECT COUNT(*)::int FROM members) AS "membersTotal",
      (SELECT json_build_object('open', COALESCE(SUM("openHelp"), 0), 'claimed', COALESCE(SUM("claimedHelp"), 0),
                                'pending', COALESCE(SUM("pendingMembers"), 0))
         FROM "UnitRollup" WHERE ${currentUnits}) AS current,
      (SELECT COUNT(*)::int FROM "HelpRequest"
        WHERE ${helpUnits} status = 'DONE' AND "doneAt" >= ${since}) AS "doneThisWeek"`;
  if (!row) throw new Error("the unit dashboard's statement returned no row");
  return row;
}

/**
 * The rollups count local days in ROLLUP_TIME_ZONE: weeks in another zone would need them rebuilt, so the dashboard
 * routes refuse to start with one (checked once, when the routes are registered).
 */
export function assertRollupTimeZone(timeZone: string): void {
  if (timeZone !== ROLLUP_TIME_ZONE) {
    throw new Error(`dashboards count local days in ${ROLLUP_TIME_ZONE} (the rollups' zone), not ${timeZone}`);
  }
}

/** The funnel's counts as the rollups hold them. */
interface ChecklistRollupRows {
  status: { checklistId: string; status: "IN_PROGRESS" | "DONE" | "ABANDONED"; n: number }[];
  steps: {
    checklistId: string;
    stepId: string;
    kind: "ENTERED" | "DONE" | "STUCK" | "HELP" | "COMPLETED";
    n: number;
  }[];
}

/** Completion and drop-off of the chatbot's checklists, from the step-event and position rollups. */
function checklistStatsOf({ status: progress, steps: events }: ChecklistRollupRows): ChecklistStats[] {
  const ids = new Set([...progress.map((p) => p.checklistId), ...events.map((e) => e.checklistId)]);
  // Menu order, as residents see the checklists; retired ones (no longer in the code) after them.
  const menuIndex = (id: string) => {
    const index = CHECKLISTS.findIndex((c) => c.id === id);
    return index < 0 ? CHECKLISTS.length : index;
  };
  const ordered = [...ids].sort((a, b) => menuIndex(a) - menuIndex(b) || a.localeCompare(b));
  return ordered.map((checklistId) => {
    const count = (status: "IN_PROGRESS" | "DONE" | "ABANDONED") =>
      progress.find((p) => p.checklistId === checklistId && p.status === status)?.n ?? 0;
    const steps = new Map<string, StepCounts>();
    let completedEvents = 0;
    for (const e of events) {
      if (e.checklistId !== checklistId) continue;
      if (e.kind === "COMPLETED") {
        completedEvents += e.n;
        continue;
      }
      const s = steps.get(e.stepId) ?? { entered: 0, done: 0, stuck: 0, help: 0 };
      if (e.kind === "ENTERED") s.entered += e.n;
      if (e.kind === "DONE") s.done += e.n;
      if (e.kind === "STUCK") s.stuck += e.n;
      if (e.kind === "HELP") s.help += e.n;
      steps.set(e.stepId, s);
    }
    const inProgress = count("IN_PROGRESS");
    const abandoned = count("ABANDONED");
    const completed = Math.max(count("DONE"), completedEvents);
    const started = Math.max(inProgress + abandoned + count("DONE"), ...[...steps.values()].map((s) => s.entered), 0);
    return summariseChecklistFunnel(
      { checklistId, started, completed, inProgress, abandoned, steps },
      findChecklist(checklistId),
    );
  });
}

/** What the messaging card needs from the configuration. */
export interface MessagingSettings {
  paidMessages: boolean;
  paidPriceVnd: number;
  paidMonthlyAllowance: number;
}

/** Sent OA messages (replies, reminders, notices, broadcasts) per local day and cost band. */
export async function messagingStats(
  prisma: PrismaClient,
  timeZone: string,
  now: Date,
  settings: MessagingSettings,
): Promise<MessagingStats> {
  const firstDay = addDays(localDate(now, timeZone), -(MESSAGING_DAYS - 1));
  const since = startOfLocalDay(firstDay, timeZone);
  const local = (column: Prisma.Sql) =>
    Prisma.sql`to_char(((${column} AT TIME ZONE 'UTC') AT TIME ZONE ${timeZone})::date, 'YYYY-MM-DD')`;
  const rows = await prisma.$queryRaw<{ day: string; band: string; n: number }[]>`
    SELECT day, band, SUM(n)::int AS n FROM (
      SELECT ${local(Prisma.sql`"sentAt"`)} AS day, "costBand"::text AS band, COUNT(*) AS n
      FROM "OutboundMessage" WHERE "status" = 'SENT' AND "costBand" IS NOT NULL AND "sentAt" >= ${since}
      GROUP BY 1, 2
      UNION ALL
      SELECT ${local(Prisma.sql`"updatedAt"`)} AS day, "costBand"::text AS band, COUNT(*) AS n
      FROM "BroadcastDelivery" WHERE "status" = 'SENT' AND "costBand" IS NOT NULL AND "updatedAt" >= ${since}
      GROUP BY 1, 2
    ) counted GROUP BY day, band`;
  const days = Array.from({ length: MESSAGING_DAYS }, (_, i) => {
    const date = addDays(firstDay, i);
    const of = (band: string) => rows.find((r) => r.day === date && r.band === band)?.n ?? 0;
    return { date, free: of("FREE"), paid: of("PAID") };
  });
  const month = localDate(now, timeZone).slice(0, 7);
  return {
    days,
    paidThisMonth: rows.filter((r) => r.band === "PAID" && r.day.startsWith(month)).reduce((sum, r) => sum + r.n, 0),
    paidMessages: settings.paidMessages,
    paidPriceVnd: settings.paidPriceVnd,
    paidMonthlyAllowance: settings.paidMonthlyAllowance,
  };
}

export async function organisationDashboard(
  prisma: PrismaClient,
  timeZone: string,
  now = new Date(),
  messaging: MessagingSettings = { paidMessages: false, paidPriceVnd: 0, paidMonthlyAllowance: 0 },
  page: UnitsPage = { offset: 0, limit: ORGANISATION_UNITS_PAGE },
): Promise<OrganisationDashboard> {
  const { weekStart, firstWeek } = dayRange(timeZone, now);
  const [[row], messages] = await Promise.all([
    prisma.$queryRaw<
      {
        version: string | null;
        thisWeek: Totals;
        whole: Totals & { active: number; pending: number; open: number; claimed: number; done: number };
        perUnit: (Totals & { unitId: string })[];
        activeMembers: { unitId: string; n: number }[];
        services: ServiceRow[];
        trend: WeekRow[];
        checklists: ChecklistRollupRows;
      }[]
    >`
      SELECT
        (SELECT version::text FROM "UnitTreeVersion" WHERE id = 1) AS version,
        (SELECT ${TOTALS_JSON} FROM "AssistanceRollup"
          WHERE "unitId" = '*' AND service = '*' AND day >= ${sqlDate(weekStart)}) AS "thisWeek",
        (SELECT json_build_object('logs', COALESCE(MAX(logs), 0), 'people', COALESCE(MAX(people), 0),
                                  'minutes', COALESCE(MAX(minutes), 0), 'active', COALESCE(MAX("activeMembers"), 0),
                                  'pending', COALESCE(MAX("pendingMembers"), 0), 'open', COALESCE(MAX("openHelp"), 0),
                                  'claimed', COALESCE(MAX("claimedHelp"), 0), 'done', COALESCE(MAX("doneHelp"), 0))
           FROM "UnitRollup" WHERE "unitId" = '*') AS whole,
        (SELECT COALESCE(json_agg(json_build_object('unitId', "unitId", 'logs', logs, 'people', people,
                                                    'minutes', minutes)), '[]')
           FROM (SELECT "unitId", SUM(logs) AS logs, SUM(people) AS people, SUM(minutes) AS minutes
                   FROM "AssistanceRollup"
                  WHERE service = '*' AND day >= ${sqlDate(weekStart)} AND "unitId" <> '*'
                  GROUP BY 1) u) AS "perUnit",
        (SELECT COALESCE(json_agg(json_build_object('unitId', "unitId", 'n', "activeMembers")), '[]')
           FROM "UnitRollup" WHERE "unitId" <> '*' AND "activeMembers" <> 0) AS "activeMembers",
        (SELECT ${SERVICES_JSON} FROM (
           SELECT service, SUM(logs) AS logs, SUM(people) AS people FROM "AssistanceRollup"
            WHERE "unitId" = '*' AND service <> '*' AND day >= ${sqlDate(weekStart)} GROUP BY 1) x) AS services,
        (SELECT ${WEEKS_JSON} FROM (
           SELECT to_char(date_trunc('week', day), 'YYYY-MM-DD') AS week, SUM(logs) AS logs, SUM(people) AS people,
                  SUM(minutes) AS minutes
             FROM "AssistanceRollup" WHERE "unitId" = '*' AND service = '*' AND day >= ${sqlDate(firstWeek)}
            GROUP BY 1) w) AS trend,
        json_build_object(
          'status', (SELECT COALESCE(json_agg(json_build_object('checklistId', "checklistId", 'status', status,
                                                                'n', positions)), '[]')
                       FROM "ChecklistStatusRollup" WHERE positions <> 0),
          'steps', (SELECT COALESCE(json_agg(json_build_object('checklistId', "checklistId", 'stepId', "stepId",
                                                               'kind', kind, 'n', events)), '[]')
                      FROM "ChecklistStepRollup" WHERE events <> 0)) AS checklists`,
    messagingStats(prisma, timeZone, now, messaging),
  ]);
  if (!row) throw new Error("the organisation dashboard's statement returned no row");
  const tree = await unitTreeAt(prisma, row.version);
  return {
    weekStart,
    thisWeek: row.thisWeek,
    allTime: { logs: row.whole.logs, people: row.whole.people, minutes: row.whole.minutes },
    ...pageOfRanking(tree, rankUnits(tree, row.perUnit, row.activeMembers), page),
    byService: servicesOf(row.services),
    trend: trendOf(row.trend, firstWeek),
    checklists: checklistStatsOf(row.checklists),
    members: { active: row.whole.active, pending: row.whole.pending },
    helpRequests: { open: row.whole.open, claimed: row.whole.claimed, done: row.whole.done },
    messages,
  };
}

/**
 * Every active unit below the organisation root, its numbers including its sub-units and the units merged into
 * it (their logs stay under the old unit for history), ranked by progress against its target this week, then by
 * people helped. Merged and retired units are not ranked.
 */
export interface UnitsPage {
  offset: number;
  limit: number;
  /** Name or code contains it, or the name of a unit merged into it; compared without diacritics or case. */
  search?: string | undefined;
}

/** Ranking all units costs a few milliseconds; sending thousands of rows to a phone is what a page avoids. */
function pageOfRanking(tree: UnitTree, ranked: RankedUnit[], { offset, limit, search }: UnitsPage) {
  const matching = search
    ? ranked.flatMap((u) => {
        const id = tree.byCode.get(u.code)?.id;
        const match = matchUnitSearch({ ...u, formerNames: id ? tree.formerNamesOf(id) : [] }, search);
        if (!match) return [];
        return [match.formerName ? { ...u, matchedFormerName: match.formerName } : u];
      })
    : ranked;
  return { units: matching.slice(offset, offset + limit), unitsTotal: matching.length };
}

function rankUnits(
  tree: UnitTree,
  perUnit: readonly (Totals & { unitId: string })[],
  activeMembers: readonly { unitId: string; n: number }[],
): RankedUnit[] {
  const rolled = new Map<string, Totals & { activeMembers: number }>();
  const bucket = (id: string) => {
    let t = rolled.get(id);
    if (!t) {
      t = { logs: 0, people: 0, minutes: 0, activeMembers: 0 };
      rolled.set(id, t);
    }
    return t;
  };
  for (const row of perUnit) {
    for (const id of tree.ancestorsAndSelf(tree.successorOf(row.unitId))) {
      const t = bucket(id);
      t.logs += row.logs;
      t.people += row.people;
      t.minutes += row.minutes;
    }
  }
  for (const row of activeMembers) {
    for (const id of tree.ancestorsAndSelf(tree.successorOf(row.unitId))) bucket(id).activeMembers += row.n;
  }
  const ranked = tree.units
    .filter((u) => u.kind !== "ORGANISATION" && u.mergedIntoId === null && u.retiredAt === null)
    .map((u) => {
      const t = rolled.get(u.id) ?? { logs: 0, people: 0, minutes: 0, activeMembers: 0 };
      return {
        code: u.code,
        name: u.name,
        targetPeoplePerWeek: u.targetPeoplePerWeek,
        thisWeek: { logs: t.logs, people: t.people, minutes: t.minutes },
        progress: progressOf(t.people, u.targetPeoplePerWeek),
        activeMembers: t.activeMembers,
      };
    })
    .sort(
      (a, b) => b.progress - a.progress || b.thisWeek.people - a.thisWeek.people || VI_COLLATOR.compare(a.name, b.name),
    );
  return ranked.map((u, i) => ({ rank: i + 1, ...u }));
}
