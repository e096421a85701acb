import { foldedCore, namesOf, sortUnits, typedCore, type UnitOption } from "./match-unit.ts";

/**
 * The units whose names are closest to what a resident typed when nothing matched ("hoang dau", "hoăng đao",
 * "hoangdao"): so a typo is answered with the few likely communes instead of the whole alphabetical list, and the
 * resident is never at a dead end. Closeness is the edit distance between the folded names (no marks, no prefix),
 * relative to their length, against the whole name and against its last words (people often type only the part
 * that tells communes apart: "dau" for "Hoằng Đạo"). A former name (a commune merged in 2025) counts for the unit
 * it belongs to now.
 */
export function closestUnits(typed: string, units: readonly UnitOption[], count: number): UnitOption[] {
  const core = typedCore(typed);
  if (core === "") return sortUnits(units).slice(0, count);
  const scored = sortUnits(units).map((unit, order) => ({
    unit,
    order,
    score: Math.min(...namesOf(unit).map((name) => nameDistance(core, foldedCore(name)))),
  }));
  scored.sort((a, b) => a.score - b.score || a.order - b.order);
  return scored.slice(0, count).map((s) => s.unit);
}

/** 0 (same) … 1 (nothing alike): the better of the whole-name and the name's-tail comparison. */
function nameDistance(typed: string, name: string): number {
  const compactTyped = typed.replace(/ /g, "");
  const whole = relative(compactTyped, name.replace(/ /g, ""));
  const tokens = name.split(" ");
  const typedWords = typed.split(" ").length;
  const tail = tokens.slice(Math.max(0, tokens.length - typedWords)).join("");
  return Math.min(whole, relative(compactTyped, tail));
}

function relative(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 0 : editDistance(a, b) / longest;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of two neighbours cost 1. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const above = d[i - 1] as number[];
      let best = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = best;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}
