// `npm run eval:cv [-- --folds 4] [--misses]`: k-fold cross-validation on the tuning split only. The tuning split's
// entry-labelled messages ship as phrasings of their entries (residents-questions.ts), so the tuning figure itself
// is optimistic: here each fold is scored with an index built from the other folds' questions alone. This is the
// figure to tune on; the held-out split is for reporting only and is never read here.
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { CHECKLISTS } from "@xks/shared/checklists/index";
import { KNOWLEDGE_BASE } from "@xks/shared/knowledge/knowledge-base";
import { canonicalText } from "@xks/shared/text/fold-vietnamese";
import { loadSplit, type ScoredMessage, scoreMessages, summarise } from "./evaluate-understanding.ts";
import type { LabelledMessage } from "./labelled-message.ts";

/** The fold of a message: a seeded hash of its original's canonical text, so a variant stays with its original. */
export function foldOf(message: LabelledMessage, folds: number): number {
  const original = message.variantOf ?? message.text;
  const digest = createHash("sha256")
    .update(`xks-cv:${canonicalText(original)}`)
    .digest();
  return digest.readUInt32BE(0) % folds;
}

/** Every tuning message scored by an index that never saw its fold's questions. */
export function crossValidate(messages: readonly LabelledMessage[], folds: number): ScoredMessage[] {
  const scored: ScoredMessage[] = [];
  for (let fold = 0; fold < folds; fold += 1) {
    const residentsQuestions: Record<string, string[]> = {};
    for (const m of messages) {
      if (m.expect.kind !== "entry" || foldOf(m, folds) === fold) continue;
      const list = residentsQuestions[m.expect.entryId] ?? [];
      list.push(m.text);
      residentsQuestions[m.expect.entryId] = list;
    }
    const test = messages.filter((m) => foldOf(m, folds) === fold);
    scored.push(...scoreMessages(test, KNOWLEDGE_BASE, CHECKLISTS, residentsQuestions));
  }
  return scored;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const folds = args.includes("--folds") ? Number(args[args.indexOf("--folds") + 1]) : 4;
  const tuning = loadSplit("tuning") ?? [];
  const scored = crossValidate(tuning, folds);
  const summary = summarise(scored);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(
    `## tuning, ${folds}-fold CV: ${summary.right}/${summary.total} right, accuracy ${pct(summary.accuracy)}`,
  );
  console.log(`person recall ${summary.personRecalled}/${summary.personTotal} (${pct(summary.personRecall)})`);
  console.log(
    `off-topic declined ${summary.offTopicRejected}/${summary.offTopicTotal} (${pct(summary.offTopicRejection)})`,
  );
  for (const [topic, row] of [...summary.byTopic].sort()) {
    console.log(
      `  ${topic.padEnd(16)} ${String(row.right).padStart(3)}/${String(row.total).padEnd(3)} ${pct(row.right / row.total)}`,
    );
  }
  if (args.includes("--misses")) {
    for (const s of scored.filter((x) => !x.right)) {
      const e = s.message.expect;
      const want =
        e.kind === "entry"
          ? e.entryId
          : e.kind === "step"
            ? `${e.checklistId}#${e.stepId}`
            : e.kind === "topic"
              ? `topic ${e.topic}`
              : e.kind;
      const o = s.outcome;
      const got =
        o.kind === "answer"
          ? `${o.ref} (${o.confidence.toFixed(2)})`
          : o.kind === "ask"
            ? `ask ${o.refs.join(" | ")} (${o.confidence.toFixed(2)})`
            : o.kind === "none"
              ? `none, best ${o.best} (${o.confidence.toFixed(2)})`
              : "person";
      console.log(`  - «${s.message.text}»\n      want ${want}; got ${got}`);
    }
  }
}
