import type {
  HelpColleagueList,
  HelpRequestCounts,
  HelpRequestDetail,
  HelpRequest as HelpRequestDto,
} from "@xks/shared/api/help-requests";
import type { MemberWithUnit } from "../auth/request-auth.ts";
import { scopeIncludes, type UnitScope, unitIdFilter, unitScopeOf } from "../auth/unit-scope.ts";
import type { PrismaClient } from "../db.ts";
import { ForbiddenError, NotFoundError } from "../errors.ts";
import type { HelpStatus, Prisma } from "../generated/prisma/client.ts";
import { servicesForTopic } from "../help-requests/services-for-topic.ts";

export const helpRequestInclude = {
  unit: { select: { code: true, name: true } },
  resident: { select: { displayName: true, oaUserId: true } },
  claimedBy: { select: { id: true, name: true } },
} as const;
export type HelpRequestRow = Prisma.HelpRequestGetPayload<{ include: typeof helpRequestInclude }>;

/**
 * The request as the caller may see it. Who the resident is and where (name, hamlet) only when the caller's scope
 * includes the request's unit: a request moved to another unit comes back to the mover without them, and list
 * endpoints only ever hold requests of the caller's scope. The phone number goes further only to the member who
 * claimed the request and to the unit's leads and admins: every member of the commune may read the inbox to choose
 * what to take, but only the one who comes needs to call.
 */
export function toHelpRequestDto(
  row: HelpRequestRow,
  scope: UnitScope,
  actor: Pick<MemberWithUnit, "id" | "role">,
): HelpRequestDto {
  const contact = scopeIncludes(scope, row.unitId);
  const mayCall = contact && (actor.role !== "MEMBER" || row.claimedById === actor.id);
  return {
    id: row.id,
    unit: { code: row.unit.code, name: row.unit.name },
    topic: row.topic,
    preferredTime: row.preferredTime,
    note: contact ? row.note : null,
    status: row.status,
    residentName: contact ? (row.resident?.displayName ?? null) : null,
    contactPhone: mayCall ? row.contactPhone : null,
    contactPhoneAfterClaim: contact && !mayCall && row.contactPhone !== null,
    contactAddress: contact ? row.contactAddress : null,
    services: servicesForTopic(row.topic),
    claimedBy: row.claimedBy ? { id: row.claimedBy.id, name: row.claimedBy.name } : null,
    claimedAt: row.claimedAt?.toISOString() ?? null,
    doneAt: row.doneAt?.toISOString() ?? null,
    rating: row.rating,
    escalationLevel: row.escalationLevel,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The inbox: open requests first (oldest first, they waited longest), then claimed, then the latest done. */
export async function listHelpRequests(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  query: { status?: HelpStatus | undefined; unitCode?: string | undefined; mine?: boolean | undefined },
): Promise<{ rows: HelpRequestRow[]; scope: UnitScope }> {
  const scope = await unitScopeOf(prisma, actor, query.unitCode);
  const unitId = unitIdFilter(scope);
  const rows = await prisma.helpRequest.findMany({
    where: {
      ...(unitId ? { unitId } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.mine ? { claimedById: actor.id } : {}),
    },
    include: helpRequestInclude,
    orderBy: { createdAt: "desc" },
    take: 500,
  });
  const rank: Record<HelpStatus, number> = { OPEN: 0, CLAIMED: 1, DONE: 2, CANCELLED: 3 };
  rows.sort((a, b) => {
    const byStatus = rank[a.status] - rank[b.status];
    if (byStatus !== 0) return byStatus;
    // Waiting requests: oldest first. Finished ones: newest first.
    const older = a.createdAt.getTime() - b.createdAt.getTime();
    return a.status === "OPEN" || a.status === "CLAIMED" ? older : -older;
  });
  return { rows, scope };
}

/** 404 for an unknown id, 403 for a request outside the caller's scope (nothing about it is returned). */
export async function requestInScope(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  id: string,
): Promise<{ row: HelpRequestRow; scope: UnitScope }> {
  const row = await prisma.helpRequest.findUnique({ where: { id }, include: helpRequestInclude });
  if (!row) throw new NotFoundError("Không tìm thấy yêu cầu hỗ trợ này.", "HELP_REQUEST_NOT_FOUND");
  const scope = await unitScopeOf(prisma, actor);
  if (!scopeIncludes(scope, row.unitId)) throw new ForbiddenError("Yêu cầu này thuộc đơn vị khác.");
  return { row, scope };
}

/** One request with its history, for its detail page. */
export async function getHelpRequestDetail(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  id: string,
): Promise<HelpRequestDetail> {
  const { row, scope } = await requestInScope(prisma, actor, id);
  const [events, log] = await Promise.all([
    prisma.helpRequestEvent.findMany({
      where: { helpRequestId: id },
      orderBy: [{ at: "asc" }, { id: "asc" }],
      include: { actor: { select: { id: true, name: true } }, toMember: { select: { id: true, name: true } } },
    }),
    prisma.assistanceLog.findFirst({ where: { helpRequestId: id }, select: { id: true } }),
  ]);
  const unitIds = [...new Set(events.flatMap((e) => [e.fromUnitId, e.toUnitId]).filter((u): u is string => !!u))];
  const units = new Map(
    (await prisma.unit.findMany({ where: { id: { in: unitIds } }, select: { id: true, code: true, name: true } })).map(
      (u) => [u.id, { code: u.code, name: u.name }],
    ),
  );
  const unitRef = (unitId: string | null) => (unitId ? (units.get(unitId) ?? null) : null);
  return {
    ...toHelpRequestDto(row, scope, actor),
    assistanceLogId: log?.id ?? null,
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      at: e.at.toISOString(),
      actor: e.actor,
      toMember: e.toMember,
      fromUnit: unitRef(e.fromUnitId),
      toUnit: unitRef(e.toUnitId),
      reason: e.reason,
    })),
  };
}

/** The badge: requests waiting in the caller's scope, and those they hold. */
export async function countHelpRequests(prisma: PrismaClient, actor: MemberWithUnit): Promise<HelpRequestCounts> {
  const unitId = unitIdFilter(await unitScopeOf(prisma, actor));
  const [open, mine] = await Promise.all([
    prisma.helpRequest.count({ where: { status: "OPEN", ...(unitId ? { unitId } : {}) } }),
    prisma.helpRequest.count({ where: { status: "CLAIMED", claimedById: actor.id } }),
  ]);
  return { open, mine };
}

/** Who a request can be handed to: the active members of its unit, by name. */
export async function listHelpColleagues(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  id: string,
): Promise<HelpColleagueList> {
  const { row } = await requestInScope(prisma, actor, id);
  const items = await prisma.member.findMany({
    where: { unitId: row.unitId, status: "ACTIVE" },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
    take: 500,
  });
  return { items };
}
