import type { Prisma } from "../generated/prisma/client.ts";

/** Longest chain of merges followed; the tree never gets near it (a guard against a hand-edited loop). */
const MAX_MERGE_HOPS = 50;

/**
 * The unit that carries on the unit with this code today: the unit itself, or the end of its chain of merges (a
 * conversation may still hold a code chosen before a merge). Null for an unknown code.
 */
export async function findCurrentUnit(
  db: Pick<Prisma.TransactionClient, "unit">,
  code: string,
): Promise<{ id: string; code: string; retired: boolean } | null> {
  let unit = await db.unit.findUnique({
    where: { code },
    select: { id: true, code: true, mergedIntoId: true, retiredAt: true },
  });
  for (let hops = 0; unit?.mergedIntoId && hops < MAX_MERGE_HOPS; hops += 1) {
    unit = await db.unit.findUnique({
      where: { id: unit.mergedIntoId },
      select: { id: true, code: true, mergedIntoId: true, retiredAt: true },
    });
  }
  return unit ? { id: unit.id, code: unit.code, retired: unit.retiredAt !== null } : null;
}
