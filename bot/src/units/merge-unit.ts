import type { Prisma } from "../generated/prisma/client.ts";

type Tx = Prisma.TransactionClient;

export interface MergeMoved {
  residents: number;
  members: number;
  openHelpRequests: number;
  alerts: number;
  childUnits: number;
  targetPeoplePerWeek: number;
}

/**
 * Merges unit `fromId` into `intoId` inside the caller's transaction: residents, members, open help requests
 * (OPEN or CLAIMED), unresolved alerts and sub-units move to the successor, and the weekly target is added to the
 * successor's unless `keepSuccessorTarget` (a CSV that sets the successor's post-merger target itself). Assistance
 * logs and finished requests stay under the old unit for history; dashboards count them under the successor.
 * The caller has checked that `intoId` is active and is not `fromId` or one of its sub-units.
 */
export async function mergeUnitInto(
  tx: Tx,
  fromId: string,
  intoId: string,
  now: Date,
  { keepSuccessorTarget = false }: { keepSuccessorTarget?: boolean } = {},
): Promise<MergeMoved> {
  const from = await tx.unit.findUniqueOrThrow({ where: { id: fromId }, select: { targetPeoplePerWeek: true } });
  const [residents, members, openHelpRequests, alerts, childUnits] = [
    await tx.resident.updateMany({ where: { unitId: fromId }, data: { unitId: intoId } }),
    await tx.member.updateMany({ where: { unitId: fromId }, data: { unitId: intoId } }),
    await tx.helpRequest.updateMany({
      where: { unitId: fromId, status: { in: ["OPEN", "CLAIMED"] } },
      data: { unitId: intoId },
    }),
    await tx.alert.updateMany({ where: { unitId: fromId, resolvedAt: null }, data: { unitId: intoId } }),
    await tx.unit.updateMany({ where: { parentId: fromId, id: { not: intoId } }, data: { parentId: intoId } }),
  ];
  const movedTarget = keepSuccessorTarget ? 0 : from.targetPeoplePerWeek;
  if (movedTarget > 0) {
    await tx.unit.update({ where: { id: intoId }, data: { targetPeoplePerWeek: { increment: movedTarget } } });
  }
  await tx.unit.update({
    where: { id: fromId },
    data: { mergedIntoId: intoId, mergedAt: now, targetPeoplePerWeek: 0 },
  });
  return {
    residents: residents.count,
    members: members.count,
    openHelpRequests: openHelpRequests.count,
    alerts: alerts.count,
    childUnits: childUnits.count,
    targetPeoplePerWeek: movedTarget,
  };
}
