import { foldVietnamese } from "./fold-vietnamese.ts";

/**
 * Searching the organisation's units as people remember them. Since the 2025 mergers many communes live on only as
 * a part of a new one (Xã Hoằng Đạo is now part of Xã Hoằng Hóa), and a secretary still types the old name: a unit
 * matches on its own name or code, or else on the name of a unit merged into it (`formerNames`), and then says so.
 */
export interface SearchableUnit {
  name: string;
  code: string;
  /** Names of the units merged into this one, following chains of merges (see `GET /api/units`). */
  formerNames?: readonly string[] | undefined;
}

/** Why a unit matched: by itself (`formerName` null), or by the old name of a unit merged into it. */
export interface UnitMatch {
  formerName: string | null;
}

/**
 * How `unit` matches what was typed (any case, with or without diacritics), or null when it does not. An empty
 * query matches every unit by itself. Its own name wins over an old one, so a unit is never labelled needlessly.
 */
export function matchUnitSearch(unit: SearchableUnit, query: string): UnitMatch | null {
  const wanted = foldVietnamese(query);
  if (!wanted || foldVietnamese(`${unit.name} ${unit.code}`).includes(wanted)) return { formerName: null };
  const formerName = unit.formerNames?.find((name) => foldVietnamese(name).includes(wanted));
  return formerName ? { formerName } : null;
}

/** The units that match `query`, in their given order, each with why (see `matchUnitSearch`). */
export function searchUnits<U extends SearchableUnit>(
  units: readonly U[],
  query: string,
): { unit: U; formerName: string | null }[] {
  return units.flatMap((unit) => {
    const match = matchUnitSearch(unit, query);
    return match ? [{ unit, formerName: match.formerName }] : [];
  });
}

/**
 * A unit as a picker shows it: its name, and the old name that found it ("Xã Hoằng Hóa (gồm Hoằng Đạo cũ)").
 * The old name drops "Xã"/"Phường" (the successor's name already says what it is); "Thị trấn" stays, lower-case.
 */
export function unitSearchLabel(name: string, formerName: string | null): string {
  if (!formerName) return name;
  const short = formerName.replace(/^(xã|phường)\s+/iu, "").replace(/^thị trấn\s+/iu, "thị trấn ");
  return `${name} (gồm ${short} cũ)`;
}
