// `npm run eval:understanding [-- --split tuning|heldout] [--misses]`: accuracy per topic and split, person recall,
// a confusion table by topic, and the misses of the held-out part (of every part printed with --misses).
import { KNOWLEDGE_BASE } from "@xks/shared/knowledge/knowledge-base";
import {
  loadSplit,
  MIN_HELD_OUT_ACCURACY,
  MIN_OFF_TOPIC_REJECTION,
  MIN_PERSON_RECALL,
  type ScoredMessage,
  type Split,
  scoreMessages,
  summarise,
} from "./evaluate-understanding.ts";

const args = process.argv.slice(2);
const only = args.includes("--split") ? (args[args.indexOf("--split") + 1] as Split) : null;
const allMisses = args.includes("--misses");
const splits: Split[] = only ? [only] : ["tuning", "heldout"];
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function describe(s: ScoredMessage): string {
  const o = s.outcome;
  switch (o.kind) {
    case "person":
      return "wants a person";
    case "answer":
      return `answer ${o.ref} (${o.confidence.toFixed(2)})`;
    case "ask":
      return `asks «${o.refs[0]}» hay «${o.refs[1]}» (${o.confidence.toFixed(2)})`;
    case "none":
      return `nothing${o.best ? `, best «${o.best}» (${o.confidence.toFixed(2)})` : ""}`;
  }
}

function expected(s: ScoredMessage): string {
  const e = s.message.expect;
  switch (e.kind) {
    case "entry":
      return e.entryId;
    case "step":
      return `${e.checklistId}#${e.stepId}`;
    case "topic":
      return `topic ${e.topic}`;
    default:
      return e.kind;
  }
}

let failed = false;
for (const split of splits) {
  const messages = loadSplit(split);
  if (!messages) {
    console.log(`\n## ${split}: no data file on this branch`);
    continue;
  }
  const scored = scoreMessages(messages, KNOWLEDGE_BASE);
  const summary = summarise(scored);
  console.log(`\n## ${split}: ${summary.right}/${summary.total} right, accuracy ${pct(summary.accuracy)}`);
  console.log(`person recall ${summary.personRecalled}/${summary.personTotal} (${pct(summary.personRecall)})`);
  console.log(
    `off-topic declined ${summary.offTopicRejected}/${summary.offTopicTotal} (${pct(summary.offTopicRejection)})`,
  );
  console.log("\naccuracy per expected topic:");
  for (const [topic, row] of [...summary.byTopic].sort()) {
    console.log(
      `  ${topic.padEnd(16)} ${String(row.right).padStart(3)}/${String(row.total).padEnd(3)} ${pct(row.right / row.total)}`,
    );
  }
  const topics = [...new Set([...scored.map((s) => s.expectedTopic), ...scored.map((s) => s.gotTopic)])].sort();
  const short = (t: string) => t.slice(0, 7);
  console.log("\nconfusion (rows: expected topic, columns: what the bot did):");
  console.log(`  ${"".padEnd(16)} ${topics.map((t) => short(t).padStart(7)).join(" ")}`);
  for (const row of topics.filter((t) => scored.some((s) => s.expectedTopic === t))) {
    const cells = topics.map((col) =>
      String(scored.filter((s) => s.expectedTopic === row && s.gotTopic === col).length).padStart(7),
    );
    console.log(`  ${row.padEnd(16)} ${cells.join(" ")}`);
  }
  if (split === "heldout" || allMisses) {
    const misses = scored.filter((s) => !s.right);
    console.log(`\nmisses (${misses.length}):`);
    for (const s of misses) console.log(`  - «${s.message.text}»\n      expected ${expected(s)}; got ${describe(s)}`);
  }
  if (
    split === "heldout" &&
    (summary.accuracy < MIN_HELD_OUT_ACCURACY ||
      summary.personRecall < MIN_PERSON_RECALL ||
      summary.offTopicRejection < MIN_OFF_TOPIC_REJECTION)
  )
    failed = true;
}
process.exit(failed ? 1 : 0);
