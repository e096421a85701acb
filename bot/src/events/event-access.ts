import type { MemberWithUnit } from "../auth/request-auth.ts";
import { type ScopedMember, scopeIncludes, type UnitScope, unitScopeIn } from "../auth/unit-scope.ts";
import type { PrismaClient } from "../db.ts";
import { currentUnitTree } from "../units/unit-tree-cache.ts";

/**
 * Who may see and work at a registration day. An event is for some units; the members who work at it are those of
 * those units and of the units below them (a commune's branches), plus leads and admins above them. Editing is
 * narrower: only someone whose scope holds every one of the event's units (its creator's kind of reach).
 */

/** The unit ids whose events the member sees: their scope (own unit and below) and the units above their own. */
export async function eventUnitsVisibleTo(prisma: PrismaClient, member: ScopedMember): Promise<UnitScope> {
  if (member.role === "ORG_ADMIN") return { all: true };
  // One tree for both walks, so the scope and the units above it belong to the same version.
  const tree = await currentUnitTree(prisma);
  const scope = unitScopeIn(tree, member);
  if (scope.all || !member.unitId) return scope;
  const ancestors = tree.ancestorsAndSelf(member.unitId).slice(1);
  return { all: false, unitIds: [...scope.unitIds, ...ancestors] };
}

/**
 * Whether the member may check residents in and log help at an event for these units (a member of a branch below
 * one of them too: its units are among the branch's ancestors).
 */
export async function canWorkAtEvent(
  prisma: PrismaClient,
  member: ScopedMember,
  eventUnitIds: readonly string[],
): Promise<boolean> {
  const visible = await eventUnitsVisibleTo(prisma, member);
  return visible.all || eventUnitIds.some((id) => visible.unitIds.includes(id));
}

/** Whether the member may edit or cancel an event for these units: leads and admins whose scope holds them all. */
export function canEditEvent(member: MemberWithUnit, scope: UnitScope, eventUnitIds: readonly string[]): boolean {
  if (member.role === "MEMBER") return false;
  return eventUnitIds.every((id) => scopeIncludes(scope, id));
}
