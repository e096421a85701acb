import type { UnitOption } from "../conversation/match-unit.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { formerNamesByUnit } from "./unit-successors.ts";

/**
 * Units a resident may ask help from: active communes and towns (not merged, not retired), or every active unit
 * below the organisation if none is typed so. Each carries the names of the units merged into it, so a resident
 * who types a 2023 commune's name finds the commune it belongs to now (the same names `GET /api/units` gives the
 * mini-app's pickers).
 */
export async function loadUnitOptions(db: Pick<Prisma.TransactionClient, "unit">): Promise<UnitOption[]> {
  const all = await db.unit.findMany({
    select: { id: true, code: true, name: true, kind: true, mergedIntoId: true, retiredAt: true },
  });
  const formerNames = formerNamesByUnit(all);
  const active = all.filter((u) => u.mergedIntoId === null && u.retiredAt === null);
  const local = active.filter((u) => u.kind === "COMMUNE" || u.kind === "TOWN");
  const offered = local.length > 0 ? local : active.filter((u) => u.kind !== "ORGANISATION");
  return offered.map((u) => {
    const former = formerNames.get(u.id);
    return { code: u.code, name: u.name, ...(former?.length ? { formerNames: former } : {}) };
  });
}
