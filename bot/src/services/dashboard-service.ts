import { SERVICE_CODES, type ServiceCode } from "@xks/shared/api/common";
import {
  type ChecklistStats,
  DASHBOARD_TREND_WEEKS,
  type MemberDashboard,
  type OrganisationDashboard,
  type RankedUnit,
  type ServiceCount,
  type Totals,
  type UnitDashboard,
  type WeekPoint,
} from "@xks/shared/api/dashboards";
import { CHECKLISTS, findChecklist } from "@xks/shared/checklists/index";
import type { MemberWithUnit } from "../auth/request-auth.ts";
import { narrowScopeToUnit, unitScopeOf } from "../auth/unit-scope.ts";
import type { PrismaClient } from "../db.ts";
import { NotFoundError } from "../errors.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { type StepCounts, summariseChecklistFunnel } from "./summarise-checklist-funnel.ts";
import { addDays, localWeekStart, startOfLocalDay } from "./zoned-time.ts";

/** Which assistance logs a statistic covers: some units, one member, or (both empty) everything. */
interface LogScope {
  unitIds?: readonly string[];
  memberId?: string;
}

function scopeWhere(scope: LogScope): Prisma.AssistanceLogWhereInput {
  return {
    ...(scope.unitIds ? { unitId: { in: [...scope.unitIds] } } : {}),
    ...(scope.memberId ? { memberId: scope.memberId } : {}),
  };
}

function scopeSql(scope: LogScope): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (scope.unitIds) {
    parts.push(
      scope.unitIds.length > 0 ? Prisma.sql`"unitId" IN (${Prisma.join([...scope.unitIds])})` : Prisma.sql`FALSE`,
    );
  }
  if (scope.memberId) parts.push(Prisma.sql`"memberId" = ${scope.memberId}`);
  return Prisma.join(parts, " AND ");
}

async function totals(prisma: PrismaClient, where: Prisma.AssistanceLogWhereInput): Promise<Totals> {
  const result = await prisma.assistanceLog.aggregate({
    where,
    _count: { _all: true },
    _sum: { people: true, minutes: true },
  });
  return { logs: result._count._all, people: result._sum.people ?? 0, minutes: result._sum.minutes ?? 0 };
}

async function byService(prisma: PrismaClient, scope: LogScope, since: Date | null): Promise<ServiceCount[]> {
  const sinceSql = since ? Prisma.sql`AND "happenedAt" >= ${since}` : Prisma.empty;
  const rows = await prisma.$queryRaw<{ service: string; logs: number; people: number }[]>`
    SELECT s::text AS service, COUNT(*)::int AS logs, COALESCE(SUM("people"), 0)::int AS people
    FROM "AssistanceLog", unnest("services") AS s
    WHERE ${scopeSql(scope)} ${sinceSql}
    GROUP BY s`;
  const found = new Map(rows.map((r) => [r.service, r]));
  return SERVICE_CODES.map((service: ServiceCode) => ({
    service,
    logs: found.get(service)?.logs ?? 0,
    people: found.get(service)?.people ?? 0,
  }));
}

/** The last eight local weeks, oldest first, including empty ones (a chart needs every point). */
async function weeklyTrend(prisma: PrismaClient, scope: LogScope, timeZone: string, now: Date): Promise<WeekPoint[]> {
  const firstWeek = addDays(localWeekStart(now, timeZone), -7 * (DASHBOARD_TREND_WEEKS - 1));
  const since = startOfLocalDay(firstWeek, timeZone);
  // "happenedAt" is a UTC timestamp without zone: make it a timestamptz, then read it on the local clock.
  const rows = await prisma.$queryRaw<{ week: string; logs: number; people: number; minutes: number }[]>`
    SELECT to_char(date_trunc('week', ("happenedAt" AT TIME ZONE 'UTC') AT TIME ZONE ${timeZone}), 'YYYY-MM-DD') AS week,
           COUNT(*)::int AS logs, COALESCE(SUM("people"), 0)::int AS people, COALESCE(SUM("minutes"), 0)::int AS minutes
    FROM "AssistanceLog"
    WHERE ${scopeSql(scope)} AND "happenedAt" >= ${since}
    GROUP BY 1`;
  const byWeek = new Map(rows.map((r) => [r.week, r]));
  return Array.from({ length: DASHBOARD_TREND_WEEKS }, (_, i) => {
    const weekStart = addDays(firstWeek, 7 * i);
    const row = byWeek.get(weekStart);
    return { weekStart, logs: row?.logs ?? 0, people: row?.people ?? 0, minutes: row?.minutes ?? 0 };
  });
}

function thisWeekRange(timeZone: string, now: Date) {
  const weekStart = localWeekStart(now, timeZone);
  return { weekStart, since: startOfLocalDay(weekStart, timeZone) };
}

function progressOf(people: number, target: number): number {
  return target > 0 ? Math.round((people / target) * 1000) / 1000 : 0;
}

export async function memberDashboard(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  timeZone: string,
  now = new Date(),
): Promise<MemberDashboard> {
  const scope: LogScope = { memberId: actor.id };
  const { weekStart, since } = thisWeekRange(timeZone, now);
  const [thisWeek, allTime, services, trend, openClaims] = await Promise.all([
    totals(prisma, { ...scopeWhere(scope), happenedAt: { gte: since } }),
    totals(prisma, scopeWhere(scope)),
    byService(prisma, scope, null),
    weeklyTrend(prisma, scope, timeZone, now),
    prisma.helpRequest.count({ where: { claimedById: actor.id, status: "CLAIMED" } }),
  ]);
  return { weekStart, thisWeek, allTime, byService: services, trend, openClaims };
}

export async function unitDashboard(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  unitCode: string,
  timeZone: string,
  now = new Date(),
): Promise<UnitDashboard> {
  const scope = await narrowScopeToUnit(prisma, await unitScopeOf(prisma, actor), unitCode);
  const unit = await prisma.unit.findUnique({ where: { code: unitCode } });
  if (!unit || scope.all) throw new NotFoundError(`Không tìm thấy đơn vị ${unitCode}.`, "UNIT_NOT_FOUND");
  const unitIds = [...scope.unitIds];
  const logScope: LogScope = { unitIds };
  const { weekStart, since } = thisWeekRange(timeZone, now);
  const [thisWeek, services, trend, perMember, members, open, claimed, doneThisWeek, pendingMembers] =
    await Promise.all([
      totals(prisma, { ...scopeWhere(logScope), happenedAt: { gte: since } }),
      byService(prisma, logScope, since),
      weeklyTrend(prisma, logScope, timeZone, now),
      prisma.assistanceLog.groupBy({
        by: ["memberId"],
        where: { unitId: { in: unitIds }, happenedAt: { gte: since } },
        _count: { _all: true },
        _sum: { people: true },
      }),
      prisma.member.findMany({
        where: { unitId: { in: unitIds }, status: "ACTIVE" },
        select: { id: true, name: true },
      }),
      prisma.helpRequest.count({ where: { unitId: { in: unitIds }, status: "OPEN" } }),
      prisma.helpRequest.count({ where: { unitId: { in: unitIds }, status: "CLAIMED" } }),
      prisma.helpRequest.count({ where: { unitId: { in: unitIds }, status: "DONE", doneAt: { gte: since } } }),
      prisma.member.count({ where: { unitId: { in: unitIds }, status: "PENDING" } }),
    ]);
  const counts = new Map(perMember.map((r) => [r.memberId, r]));
  const memberRows = members
    .map((m) => ({
      id: m.id,
      name: m.name,
      logs: counts.get(m.id)?._count._all ?? 0,
      people: counts.get(m.id)?._sum.people ?? 0,
    }))
    .sort((a, b) => b.people - a.people || b.logs - a.logs || a.name.localeCompare(b.name, "vi"));
  return {
    unit: { code: unit.code, name: unit.name, targetPeoplePerWeek: unit.targetPeoplePerWeek },
    weekStart,
    thisWeek,
    progress: progressOf(thisWeek.people, unit.targetPeoplePerWeek),
    members: memberRows,
    byService: services,
    trend,
    helpRequests: { open, claimed, doneThisWeek },
    pendingMembers,
  };
}

/**
 * Every unit below the organisation root, its numbers including its sub-units, ranked by progress against its
 * target this week, then by people helped.
 */
async function rankUnits(prisma: PrismaClient, since: Date): Promise<RankedUnit[]> {
  const [units, perUnit, activeMembers] = await Promise.all([
    prisma.unit.findMany({
      select: { id: true, code: true, name: true, kind: true, parentId: true, targetPeoplePerWeek: true },
    }),
    prisma.assistanceLog.groupBy({
      by: ["unitId"],
      where: { happenedAt: { gte: since } },
      _count: { _all: true },
      _sum: { people: true, minutes: true },
    }),
    prisma.member.groupBy({ by: ["unitId"], where: { status: "ACTIVE" }, _count: { _all: true } }),
  ]);
  const parentOf = new Map(units.map((u) => [u.id, u.parentId]));
  const rolled = new Map<string, Totals & { activeMembers: number }>();
  const bucket = (id: string) => {
    let t = rolled.get(id);
    if (!t) {
      t = { logs: 0, people: 0, minutes: 0, activeMembers: 0 };
      rolled.set(id, t);
    }
    return t;
  };
  const ancestorsAndSelf = (id: string): string[] => {
    const chain: string[] = [];
    for (let cur: string | null | undefined = id; cur && !chain.includes(cur); cur = parentOf.get(cur)) chain.push(cur);
    return chain;
  };
  for (const row of perUnit) {
    for (const id of ancestorsAndSelf(row.unitId)) {
      const t = bucket(id);
      t.logs += row._count._all;
      t.people += row._sum.people ?? 0;
      t.minutes += row._sum.minutes ?? 0;
    }
  }
  for (const row of activeMembers) {
    if (!row.unitId) continue;
    for (const id of ancestorsAndSelf(row.unitId)) bucket(id).activeMembers += row._count._all;
  }
  const ranked = units
    .filter((u) => u.kind !== "ORGANISATION")
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
      (a, b) => b.progress - a.progress || b.thisWeek.people - a.thisWeek.people || a.name.localeCompare(b.name, "vi"),
    );
  return ranked.map((u, i) => ({ rank: i + 1, ...u }));
}

/** Completion and drop-off of the chatbot's checklists, from the anonymous step events and the progress rows. */
async function checklistStats(prisma: PrismaClient): Promise<ChecklistStats[]> {
  const [progress, events] = await Promise.all([
    prisma.checklistProgress.groupBy({ by: ["checklistId", "status"], _count: { _all: true } }),
    prisma.checklistStepEvent.groupBy({ by: ["checklistId", "stepId", "kind"], _count: { _all: true } }),
  ]);
  const ids = new Set([...progress.map((p) => p.checklistId), ...events.map((e) => e.checklistId)]);
  // Menu order, as residents see the checklists; retired ones (no longer in the code) after them.
  const menuIndex = (id: string) => {
    const index = CHECKLISTS.findIndex((c) => c.id === id);
    return index < 0 ? CHECKLISTS.length : index;
  };
  const ordered = [...ids].sort((a, b) => menuIndex(a) - menuIndex(b) || a.localeCompare(b));
  return ordered.map((checklistId) => {
    const count = (status: "IN_PROGRESS" | "DONE" | "ABANDONED") =>
      progress.find((p) => p.checklistId === checklistId && p.status === status)?._count._all ?? 0;
    const steps = new Map<string, StepCounts>();
    let completedEvents = 0;
    for (const e of events) {
      if (e.checklistId !== checklistId) continue;
      if (e.kind === "COMPLETED") {
        completedEvents += e._count._all;
        continue;
      }
      const s = steps.get(e.stepId) ?? { entered: 0, done: 0, stuck: 0, help: 0 };
      if (e.kind === "ENTERED") s.entered += e._count._all;
      if (e.kind === "DONE") s.done += e._count._all;
      if (e.kind === "STUCK") s.stuck += e._count._all;
      if (e.kind === "HELP") s.help += e._count._all;
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

export async function organisationDashboard(
  prisma: PrismaClient,
  timeZone: string,
  now = new Date(),
): Promise<OrganisationDashboard> {
  const { weekStart, since } = thisWeekRange(timeZone, now);
  const [thisWeek, allTime, units, services, trend, checklists, active, pending, open, claimed, done] =
    await Promise.all([
      totals(prisma, { happenedAt: { gte: since } }),
      totals(prisma, {}),
      rankUnits(prisma, since),
      byService(prisma, {}, since),
      weeklyTrend(prisma, {}, timeZone, now),
      checklistStats(prisma),
      prisma.member.count({ where: { status: "ACTIVE" } }),
      prisma.member.count({ where: { status: "PENDING" } }),
      prisma.helpRequest.count({ where: { status: "OPEN" } }),
      prisma.helpRequest.count({ where: { status: "CLAIMED" } }),
      prisma.helpRequest.count({ where: { status: "DONE" } }),
    ]);
  return {
    weekStart,
    thisWeek,
    allTime,
    units,
    byService: services,
    trend,
    checklists,
    members: { active, pending },
    helpRequests: { open, claimed, done },
  };
}
