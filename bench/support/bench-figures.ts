import { appendFileSync } from "node:fs";

/** `npm run bench -- --quick`: every bench shortens its runs (smaller audiences, fewer seconds, fewer samples). */
export const QUICK = process.env.BENCH_QUICK === "1";

/** One measured figure, as `bench/results/latest.json` and the README's performance table show it. */
export interface BenchFigure {
  /** Stable, dotted: `webhook.throughput`, `export.webhook-p99`. */
  name: string;
  unit: string;
  value: number;
  /** What the same run measured to compare with, when there is one. */
  baseline: { name: string; value: number } | null;
  /** value / baseline.value, or null without a baseline. */
  ratio: number | null;
  /** The target in words, e.g. "≥ 0.4× bare", "< 50 ms". */
  target: string;
  /** null when the figure has no target (shown for context). */
  meetsTarget: boolean | null;
}

export function figure(
  name: string,
  unit: string,
  value: number,
  options: { baseline?: { name: string; value: number }; target?: string; meetsTarget?: boolean | null } = {},
): BenchFigure {
  const baseline = options.baseline ?? null;
  const ratio = baseline && baseline.value !== 0 ? Number((value / baseline.value).toFixed(3)) : null;
  return {
    name,
    unit,
    value: Number(value.toFixed(2)),
    baseline,
    ratio,
    target: options.target ?? "—",
    meetsTarget: options.meetsTarget ?? null,
  };
}

/**
 * Hands figures to `bench/run.ts` (a JSON line each in the file it names in BENCH_FIGURES_FILE) and prints them,
 * so a bench run alone (`npx tsx bench/x.ts`) still shows them.
 */
export function reportFigures(bench: string, figures: BenchFigure[]): void {
  for (const f of figures) {
    const base = f.baseline ? `  vs ${f.baseline.name} ${f.baseline.value} (${f.ratio}×)` : "";
    const verdict = f.meetsTarget === null ? "" : f.meetsTarget ? "  ✓" : "  ✗ misses";
    console.log(`  ${f.name}: ${f.value} ${f.unit}${base}  target ${f.target}${verdict}`);
  }
  const file = process.env.BENCH_FIGURES_FILE;
  if (!file) return;
  appendFileSync(file, figures.map((f) => `${JSON.stringify({ bench, ...f })}\n`).join(""));
}
