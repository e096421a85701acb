import type { PrismaClient } from "../db.ts";
import { ForbiddenError, NotFoundError } from "../errors.ts";

/**
 * Which units' data a member may see and change. An organisation admin: every unit. A unit lead or member:
 * their own unit and everything below it in the tree (a commune lead also sees the commune's schools or
 * branches, if the organisation modelled any). No unit: nothing.
 */
export type UnitScope = { all: true } | { all: false; unitIds: readonly string[] };

export interface ScopedMember {
  role: "MEMBER" | "UNIT_LEAD" | "ORG_ADMIN";
  unitId: string | null;
}

export async function unitScopeOf(prisma: PrismaClient, member: ScopedMember): Promise<UnitScope> {
  if (member.role === "ORG_ADMIN") return { all: true };
  if (!member.unitId) return { all: false, unitIds: [] };
  return { all: false, unitIds: await unitWithDescendants(prisma, member.unitId) };
}

/** The unit's id and the ids of all units below it. The tree is small (tens to hundreds of rows). */
export async function unitWithDescendants(prisma: PrismaClient, unitId: string): Promise<string[]> {
  const units = await prisma.unit.findMany({ select: { id: true, parentId: true } });
  const childrenOf = new Map<string, string[]>();
  for (const unit of units) {
    if (!unit.parentId) continue;
    const siblings = childrenOf.get(unit.parentId) ?? [];
    siblings.push(unit.id);
    childrenOf.set(unit.parentId, siblings);
  }
  const result: string[] = [];
  const seen = new Set<string>();
  const stack = [unitId];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    result.push(id);
    stack.push(...(childrenOf.get(id) ?? []));
  }
  return result;
}

export function scopeIncludes(scope: UnitScope, unitId: string | null): boolean {
  if (scope.all) return true;
  return unitId !== null && scope.unitIds.includes(unitId);
}

/** A Prisma `where` fragment on `unitId`; undefined means "no restriction". */
export function unitIdFilter(scope: UnitScope): { in: string[] } | undefined {
  return scope.all ? undefined : { in: [...scope.unitIds] };
}

/** Narrows a scope to one unit (and its sub-units), refusing units outside it. */
export async function narrowScopeToUnit(prisma: PrismaClient, scope: UnitScope, unitCode: string): Promise<UnitScope> {
  const unit = await prisma.unit.findUnique({ where: { code: unitCode }, select: { id: true } });
  if (!unit) throw new NotFoundError(`Không tìm thấy đơn vị ${unitCode}.`, "UNIT_NOT_FOUND");
  if (!scopeIncludes(scope, unit.id)) throw new ForbiddenError(`Bạn không có quyền xem đơn vị ${unitCode}.`);
  return { all: false, unitIds: await unitWithDescendants(prisma, unit.id) };
}
