import { foldVietnamese } from "@xks/shared/text/fold-vietnamese";

/** A unit a resident may ask help from (a commune or town base unit). */
export interface UnitOption {
  code: string;
  name: string;
  /** Names of the units merged into it (the 2023 communes before the 2025 mergers), still understood when typed. */
  formerNames?: readonly string[];
}

/** The unit's current name first, then its former names. */
export function namesOf(unit: UnitOption): readonly string[] {
  return unit.formerNames?.length ? [unit.name, ...unit.formerNames] : [unit.name];
}

export type UnitMatch = { kind: "one"; unit: UnitOption } | { kind: "many"; units: UnitOption[] } | { kind: "none" };

/**
 * The former name (a commune merged in 2025) by which `typed` found `unit`, when it did not name the unit itself:
 * "hoang dao" found Xã Hoằng Hóa by «Xã Hoằng Đạo». Null when the unit's own name or code was typed.
 */
export function formerNameTyped(typed: string, unit: UnitOption): string | null {
  const padded = ` ${foldVietnamese(typed)} `;
  const names = (name: string) => padded.includes(` ${foldedCore(name)} `);
  if (
    names(unit.name) ||
    typed
      .trim()
      .toUpperCase()
      .replace(/[\s-]+/g, "_") === unit.code.toUpperCase()
  )
    return null;
  return unit.formerNames?.find(names) ?? null;
}

/** Administrative prefixes people type or leave out ("xã Hoằng Đạo", "hoang dao", "tt Bút Sơn"). Folded. */
const PREFIXES = ["thi tran", "thi xa", "phuong", "xa", "tt", "p", "x"];
/** Words around the name in a sentence ("tôi ở xã …"). Folded. */
const FILLER = new Set(["toi", "minh", "em", "o", "nha", "tai", "thuoc", "song", "la", "a", "nhe", "ạ"]);

function stripPrefix(folded: string): string {
  for (const prefix of PREFIXES) {
    if (folded.startsWith(`${prefix} `)) return folded.slice(prefix.length + 1);
  }
  return folded;
}

/** The name without its prefix, lower-case with diacritics: tells "Hoằng Đông" from "Hoằng Đồng" when typed with marks. */
function exactCore(name: string): string {
  const lower = name.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();
  const prefix = ["thị trấn", "thị xã", "phường", "xã"].find((p) => lower.startsWith(`${p} `));
  return prefix ? lower.slice(prefix.length + 1) : lower;
}

/** The name folded (no marks, lower case) without its administrative prefix: "Xã Hoằng Đạo" → "hoang dao". */
export function foldedCore(name: string): string {
  return stripPrefix(foldVietnamese(name));
}

/**
 * Finds the unit a resident typed, loosely: "hoang dao", "Xã Hoằng Đạo", "HOANG_DAO" and "tôi ở hoằng đạo" all find
 * HOANG_DAO. Names that fold alike ("Hoằng Đông" / "Hoằng Đồng") are told apart by their marks when typed with them,
 * and otherwise offered as a choice — guessing a commune wrong would send a volunteer to the wrong place. A former
 * name (a commune merged in 2025) finds the unit it was merged into.
 */
export function matchUnit(typed: string, units: readonly UnitOption[]): UnitMatch {
  const trimmed = typed.trim();
  if (trimmed === "") return { kind: "none" };
  const byCode = units.find((u) => u.code.toUpperCase() === trimmed.toUpperCase().replace(/[\s-]+/g, "_"));
  if (byCode) return { kind: "one", unit: byCode };

  const exact = units.filter((u) =>
    namesOf(u).some(
      (name) =>
        exactCore(name) === exactCore(trimmed) ||
        name.normalize("NFC").toLowerCase() === trimmed.normalize("NFC").toLowerCase(),
    ),
  );
  if (exact.length === 1 && exact[0]) return { kind: "one", unit: exact[0] };

  const core = typedCore(trimmed);
  if (core === "") return { kind: "none" };
  const folded = units.filter((u) => namesOf(u).some((name) => foldedCore(name) === core));
  if (folded.length > 0) return pick(folded, trimmed);

  // The name inside a sentence ("tôi ở xã hoằng đạo huyện hoằng hóa"), or a part of it ("dao" → "Hoằng Đạo").
  const padded = ` ${foldVietnamese(trimmed)} `;
  const inside = units.filter((u) => namesOf(u).some((name) => padded.includes(` ${foldedCore(name)} `)));
  if (inside.length > 0) return pick(inside, trimmed);
  const coreTokens = core.split(" ");
  const partial = units.filter((u) =>
    namesOf(u).some((name) => {
      const unitTokens = foldedCore(name).split(" ");
      return coreTokens.every((t) => unitTokens.includes(t));
    }),
  );
  return partial.length > 0 ? pick(partial, trimmed) : { kind: "none" };
}

/** What a resident typed, folded, without the words around a name ("tôi ở xã …") and the prefix. */
export function typedCore(typed: string): string {
  return stripPrefix(
    foldVietnamese(typed)
      .split(" ")
      .filter((t) => !FILLER.has(t))
      .join(" "),
  );
}

function pick(candidates: UnitOption[], typed: string): UnitMatch {
  if (candidates.length === 1 && candidates[0]) return { kind: "one", unit: candidates[0] };
  // Prefer the ones whose marks match what was typed, when the resident typed marks.
  const lower = typed.normalize("NFC").toLowerCase();
  const marked = candidates.filter((u) => namesOf(u).some((name) => lower.includes(exactCore(name))));
  if (marked.length === 1 && marked[0]) return { kind: "one", unit: marked[0] };
  return { kind: "many", units: candidates };
}

/** Units in the order residents scan them: by name, ignoring marks. */
export function sortUnits(units: readonly UnitOption[]): UnitOption[] {
  return [...units].sort(
    (a, b) => foldedCore(a.name).localeCompare(foldedCore(b.name)) || a.name.localeCompare(b.name, "vi"),
  );
}
