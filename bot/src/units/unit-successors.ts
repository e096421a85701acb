/** The merge links of the unit tree, by id: `mergedIntoId` of every unit that was merged into another. */
export type MergeLinks = ReadonlyMap<string, string | null>;

/**
 * The unit that carries on `unitId` today: itself if it was never merged, else the end of its chain of merges
 * (A merged into B, B later merged into C → C). A cycle (refused on write, so only from a hand-edited database)
 * stops at the last unit before it repeats.
 */
export function currentSuccessorOf(links: MergeLinks, unitId: string): string {
  const seen = new Set<string>([unitId]);
  let current = unitId;
  for (let next = links.get(current); next; next = links.get(current)) {
    if (seen.has(next)) break;
    seen.add(next);
    current = next;
  }
  return current;
}

/** Every unit whose current successor is one of `unitIds` (themselves included): whose history counts under them. */
export function unitsCountedUnder(links: MergeLinks, unitIds: readonly string[]): string[] {
  const wanted = new Set(unitIds);
  const result = new Set(unitIds);
  for (const id of links.keys()) {
    if (wanted.has(currentSuccessorOf(links, id))) result.add(id);
  }
  return [...result];
}

const VI_COLLATOR = new Intl.Collator("vi");

/**
 * For each unit, the names of the units merged into it, directly or through a chain (A into B, B into C: C has A's
 * and B's names, B has A's), so a search by a 2023 name finds the unit that carries it on today. A name equal to
 * the unit's own is left out (it would find the unit anyway). Names in Vietnamese alphabetical order.
 */
export function formerNamesByUnit(
  units: readonly { id: string; name: string; mergedIntoId: string | null }[],
): Map<string, string[]> {
  const links: MergeLinks = new Map(units.filter((u) => u.mergedIntoId).map((u) => [u.id, u.mergedIntoId]));
  const nameOf = new Map(units.map((u) => [u.id, u.name]));
  const names = new Map<string, Set<string>>();
  for (const unit of units) {
    const seen = new Set<string>([unit.id]);
    for (let next = links.get(unit.id); next && !seen.has(next); next = links.get(next)) {
      seen.add(next);
      if (nameOf.get(next) === unit.name) continue;
      const set = names.get(next) ?? new Set<string>();
      set.add(unit.name);
      names.set(next, set);
    }
  }
  return new Map([...names].map(([id, set]) => [id, [...set].sort(VI_COLLATOR.compare)]));
}
