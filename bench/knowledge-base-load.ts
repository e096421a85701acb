// What `loadKnowledgeBase` costs per resident message: the digest query over the stored edits (and, only after an
// edit, the merge), against a bare `SELECT 1` round trip to the same PostgreSQL in the same run. Reported as
// ratios; not a timed test.
import { performance } from "node:perf_hooks";
import { createPrisma } from "../bot/src/db.ts";
import { loadKnowledgeBase } from "../bot/src/services/knowledge-service.ts";
import { createMigratedDatabase } from "../tests/support/test-db.ts";
import { QUICK } from "./support/bench-figures.ts";

const CALLS = Number(process.env.BENCH_CALLS ?? (QUICK ? 300 : 2_000));
/** Edits an organisation could plausibly accumulate: every entry touched, each with a few added phrasings. */
const EDITS = Number(process.env.BENCH_EDITS ?? 300);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function time(label: string, fn: () => Promise<unknown>): Promise<{ label: string; p50: number; p95: number }> {
  for (let i = 0; i < 50; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { label, p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

const db = await createMigratedDatabase("bench-kb");
const prisma = createPrisma(db.url);
try {
  const baseline = await time("SELECT 1", () => prisma.$queryRaw`SELECT 1`);
  const empty = await time("no stored edits", () => loadKnowledgeBase(prisma));
  await prisma.knowledgeEntryEdit.createMany({
    data: Array.from({ length: EDITS }, (_, i) => ({
      entryId: `custom.bench-${i}`,
      topic: "VNEID",
      title: `Câu hỏi ${i}`,
      answer: "1. Mở ứng dụng.\n2. Làm theo hướng dẫn.".repeat(10),
      extraQuestions: ["quên mật khẩu vneid", "mất điện thoại", `câu hỏi số ${i}`],
    })),
  });
  const many = await time(`${EDITS} stored edits`, () => loadKnowledgeBase(prisma));
  // Worst case: every call follows an edit, so every call merges again.
  let n = 0;
  const churn = await time(`${EDITS} edits, one changed before each call`, async () => {
    await prisma.knowledgeEntryEdit.update({ where: { entryId: "custom.bench-0" }, data: { title: `Sửa ${n++}` } });
    return loadKnowledgeBase(prisma);
  });
  console.log(`\nloadKnowledgeBase, ${CALLS} calls each`);
  for (const r of [baseline, empty, many, churn]) {
    console.log(
      `${r.label.padEnd(42)} p50 ${r.p50.toFixed(2)} ms   p95 ${r.p95.toFixed(2)} ms   p95 ${(r.p95 / baseline.p95).toFixed(1)}x SELECT 1`,
    );
  }
} finally {
  await prisma.$disconnect();
  await db.drop();
}
process.exit(0);
