import type { PrismaClient } from "../db.ts";
import { ForbiddenError, NotFoundError } from "../errors.ts";
import { currentUnitTree, type UnitTree } from "../units/unit-tree-cache.ts";

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

/**
 * The member's scope, narrowed to the unit with `unitCode` (and its sub-units) when one is given, which must lie inside it.
 * Read from this process's cached unit tree after one small read of its version, so a merge, re-parent or import
 * committed by any process counts in the next call (the "UnitTreeVersion" row moves, by trigger, with every change
 * to "Unit"). Takes the client, not a transaction: a transaction that changes units must read them itself, since
 * the cache holds committed trees only.
 */
export async function unitScopeOf(
  prisma: PrismaClient,
  member: ScopedMember,
  unitCode?: string | null,
): Promise<UnitScope> {
  if (member.role === "ORG_ADMIN" && !unitCode) return { all: true };
  // An empty code (an unset filter in a query string) narrows nothing, as a missing one.
  return unitScopeIn(await currentUnitTree(prisma), member, unitCode || undefined);
}

/** `unitScopeOf` on a tree the caller already holds (the dashboards check its version in their own statement). */
export function unitScopeIn(tree: UnitTree, member: ScopedMember, unitCode?: string | null): UnitScope {
  const scope: UnitScope =
    member.role === "ORG_ADMIN"
      ? { all: true }
      : { all: false, unitIds: member.unitId ? tree.withDescendants(member.unitId) : [] };
  if (unitCode === undefined || unitCode === null) return scope;
  const unit = tree.byCode.get(unitCode);
  if (!unit) throw new NotFoundError(`Không tìm thấy đơn vị ${unitCode}.`, "UNIT_NOT_FOUND");
  if (!scopeIncludes(scope, unit.id)) throw new ForbiddenError(`Bạn không có quyền xem đơn vị ${unitCode}.`);
  return { all: false, unitIds: tree.withDescendants(unit.id) };
}

export function scopeIncludes(scope: UnitScope, unitId: string | null): boolean {
  if (scope.all) return true;
  return unitId !== null && scope.unitIds.includes(unitId);
}

/** A Prisma `where` fragment on `unitId`; undefined means "no restriction". */
export function unitIdFilter(scope: UnitScope): { in: string[] } | undefined {
  return scope.all ? undefined : { in: [...scope.unitIds] };
}
