// Understanding one message: p50/p95 of `understand` with the full knowledge base over the eval messages, against a
// baseline in the same run: `canonicalText` alone (the folding every message already paid before this module).
import { CHECKLISTS } from "@xks/shared/checklists/index";
import { KNOWLEDGE_BASE } from "@xks/shared/knowledge/knowledge-base";
import { canonicalText } from "@xks/shared/text/fold-vietnamese";
import { buildUnderstandingIndex } from "../bot/src/understanding/build-understanding-index.ts";
import { understand } from "../bot/src/understanding/understand.ts";
import { loadSplit } from "../tests/understanding-eval/evaluate-understanding.ts";
import { QUICK } from "./support/bench-figures.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 2 : 5));
const messages = [...(loadSplit("tuning") ?? []), ...(loadSplit("heldout") ?? [])].map((m) => m.text);
if (messages.length === 0) messages.push("quên mật khẩu vneid thì làm sao", "có ai đến nhà hướng dẫn bà không");

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function measure(run: (text: string) => unknown): number[] {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const text of messages) {
      const started = performance.now();
      run(text);
      times.push(performance.now() - started);
    }
  }
  return times;
}

const buildStarted = performance.now();
const index = buildUnderstandingIndex({ knowledge: KNOWLEDGE_BASE, checklists: CHECKLISTS });
const buildMs = performance.now() - buildStarted;
// Warm up both paths so the JIT does not count against either.
measure((t) => understand(index, t));
measure(canonicalText);
const baseline = measure(canonicalText);
const understanding = measure((t) => understand(index, t));

const fmt = (ms: number) => `${ms.toFixed(3)} ms`;
console.log(
  `knowledge base: ${KNOWLEDGE_BASE.length} entries, ${messages.length} messages × ${ROUNDS} rounds; index built in ${fmt(buildMs)}`,
);
console.log(`baseline canonicalText: p50 ${fmt(percentile(baseline, 50))}, p95 ${fmt(percentile(baseline, 95))}`);
console.log(
  `understand:             p50 ${fmt(percentile(understanding, 50))}, p95 ${fmt(percentile(understanding, 95))}` +
    ` (${(percentile(understanding, 95) / percentile(baseline, 95)).toFixed(1)}× the baseline's p95; target p95 < 20 ms)`,
);
