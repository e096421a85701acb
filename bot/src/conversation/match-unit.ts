import { foldVietnamese } from "@xks/shared/text/fold-vietnamese";

/** A unit a resident may ask help from (a commune or town base unit). */
export interface UnitOption {
  code: string;
  name: string;
}

export type UnitMatch = { kind: "one"; unit: UnitOption } | { kind: "many"; units: UnitOption[] } | { kind: "none" };

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

function foldedCore(name: string): string {
  return stripPrefix(foldVietnamese(name));
}

/**
 * Finds the unit a resident typed, loosely: "hoang dao", "Xã Hoằng Đạo", "HOANG_DAO" and "tôi ở hoằng đạo" all find
 * HOANG_DAO. Names that fold alike ("Hoằng Đông" / "Hoằng Đồng") are told apart by their marks when typed with them,
 * and otherwise offered as a choice — guessing a commune wrong would send a volunteer to the wrong place.
 */
export function matchUnit(typed: string, units: readonly UnitOption[]): UnitMatch {
  const trimmed = typed.trim();
  if (trimmed === "") return { kind: "none" };
  const byCode = units.find((u) => u.code.toUpperCase() === trimmed.toUpperCase().replace(/[\s-]+/g, "_"));
  if (byCode) return { kind: "one", unit: byCode };

  const exact = units.filter(
    (u) =>
      exactCore(u.name) === exactCore(trimmed) ||
      u.name.normalize("NFC").toLowerCase() === trimmed.normalize("NFC").toLowerCase(),
  );
  if (exact.length === 1 && exact[0]) return { kind: "one", unit: exact[0] };

  const core = stripPrefix(
    foldVietnamese(trimmed)
      .split(" ")
      .filter((t) => !FILLER.has(t))
      .join(" "),
  );
  if (core === "") return { kind: "none" };
  const folded = units.filter((u) => foldedCore(u.name) === core);
  if (folded.length > 0) return pick(folded, trimmed);

  // The name inside a sentence ("tôi ở xã hoằng đạo huyện hoằng hóa"), or a part of it ("dao" → "Hoằng Đạo").
  const padded = ` ${foldVietnamese(trimmed)} `;
  const inside = units.filter((u) => padded.includes(` ${foldedCore(u.name)} `));
  if (inside.length > 0) return pick(inside, trimmed);
  const coreTokens = core.split(" ");
  const partial = units.filter((u) => {
    const unitTokens = foldedCore(u.name).split(" ");
    return coreTokens.every((t) => unitTokens.includes(t));
  });
  return partial.length > 0 ? pick(partial, trimmed) : { kind: "none" };
}

function pick(candidates: UnitOption[], typed: string): UnitMatch {
  if (candidates.length === 1 && candidates[0]) return { kind: "one", unit: candidates[0] };
  // Prefer the ones whose marks match what was typed, when the resident typed marks.
  const marked = candidates.filter((u) => typed.normalize("NFC").toLowerCase().includes(exactCore(u.name)));
  if (marked.length === 1 && marked[0]) return { kind: "one", unit: marked[0] };
  return { kind: "many", units: candidates };
}

/** Units in the order residents scan them: by name, ignoring marks. */
export function sortUnits(units: readonly UnitOption[]): UnitOption[] {
  return [...units].sort(
    (a, b) => foldedCore(a.name).localeCompare(foldedCore(b.name)) || a.name.localeCompare(b.name, "vi"),
  );
}
