// `npm run eval:append -- <authoring.json> [--dry-run]`: appends new sourced
// originals and their typed variants to the split `assignSplit` gives each original. The authoring file (kept
// outside the repository, see the README) is an array of `AuthoredOriginal`. The held-out file is parsed only to
// append to it and to refuse duplicates; nothing of its content is printed, so the author never reads it.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { canonicalText } from "@xks/shared/text/fold-vietnamese";
import { assignSplit } from "./assign-split.ts";
import { loadSplit, SPLIT_FILES, type Split } from "./evaluate-understanding.ts";
import type { LabelledMessage } from "./labelled-message.ts";

/** A typed variant: its text, and its own label only when it differs from the original's (a `person` rewording). */
type AuthoredVariant = string | { text: string; expect: LabelledMessage["expect"] };

export interface AuthoredOriginal {
  text: string;
  expect: LabelledMessage["expect"];
  source: LabelledMessage["source"];
  variants?: AuthoredVariant[];
}

export interface AppendReport {
  added: Record<Split, LabelledMessage[]>;
  /** New texts refused because their canonical form is already in the set. */
  inSet: string[];
  /** New variants dropped because they fold to the same text as a new message before them. */
  repeats: string[];
  /**
   * New originals refused, with their variants, because their page is already the source of a message in the set:
   * a second question from the same page could be the same quote trimmed differently, on the other side of the split.
   */
  knownUrls: string[];
}

/** Splits the authored originals by the seeded rule, variants following their original; no existing message moves. */
export function planAppend(authored: readonly AuthoredOriginal[], existing: readonly LabelledMessage[]): AppendReport {
  const inSet = new Set(existing.map((m) => canonicalText(m.text)));
  const knownUrls = new Set(existing.map((m) => m.source.url));
  const seen = new Set<string>();
  const report: AppendReport = { added: { tuning: [], heldout: [] }, inSet: [], repeats: [], knownUrls: [] };
  for (const original of authored) {
    if (knownUrls.has(original.source.url)) {
      report.knownUrls.push(original.source.url);
      continue;
    }
    const key = canonicalText(original.text);
    if (inSet.has(key) || seen.has(key)) {
      (inSet.has(key) ? report.inSet : report.repeats).push(original.text);
      continue;
    }
    seen.add(key);
    const split = assignSplit(original.text);
    report.added[split].push({ text: original.text, expect: original.expect, split, source: original.source });
    for (const variant of original.variants ?? []) {
      const { text, expect } = typeof variant === "string" ? { text: variant, expect: original.expect } : variant;
      const variantKey = canonicalText(text);
      if (inSet.has(variantKey) || seen.has(variantKey)) {
        (inSet.has(variantKey) ? report.inSet : report.repeats).push(text);
        continue;
      }
      seen.add(variantKey);
      report.added[split].push({ text, expect, split, source: original.source, variantOf: original.text });
    }
  }
  return report;
}

function labelOf(m: LabelledMessage): string {
  return "topic" in m.expect ? m.expect.topic : `(${m.expect.kind})`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, ...flags] = process.argv.slice(2);
  if (!file) throw new Error("usage: append-originals.ts <authoring.json> [--dry-run]");
  const authored = JSON.parse(readFileSync(file, "utf8")) as AuthoredOriginal[];
  const current = { tuning: loadSplit("tuning") ?? [], heldout: loadSplit("heldout") ?? [] };
  const report = planAppend(authored, [...current.tuning, ...current.heldout]);
  for (const text of report.inSet) console.log(`already in the set, not added: «${text}»`);
  for (const text of report.repeats) console.log(`folds like a new message before it, not added: «${text}»`);
  for (const url of new Set(report.knownUrls)) console.log(`page already a source of the set, not added: ${url}`);
  for (const split of ["tuning", "heldout"] as const) {
    const added = report.added[split];
    const originals = added.filter((m) => m.variantOf === undefined).length;
    const byTopic = new Map<string, number>();
    for (const m of added) byTopic.set(labelOf(m), (byTopic.get(labelOf(m)) ?? 0) + 1);
    const topics = [...byTopic].map(([t, n]) => `${t} ${n}`).join(", ");
    console.log(`${split}: +${originals} originals, +${added.length} messages (${topics})`);
    if (!flags.includes("--dry-run") && added.length > 0)
      writeFileSync(SPLIT_FILES[split], `${JSON.stringify([...current[split], ...added], null, 1)}\n`);
  }
}
