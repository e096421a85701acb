// `npm run bench [-- --quick] [name…]`: runs the benchmarks one after another (they would disturb each other in
// parallel), each in its own process. Each bench reports its figures as ratios against a baseline measured in the
// same run (see support/bench-figures.ts); this collects them into bench/results/latest.json and, after a full run
// of every bench, into the README's "Performance" section. `--quick` shortens every bench (under 3 minutes here).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { adminQuery, BENCH_TEMPLATE_ENV, createMigratedDatabaseNamed } from "../tests/support/test-db.ts";
import type { BenchFigure } from "./support/bench-figures.ts";

const here = dirname(fileURLToPath(import.meta.url));
/** Scripts in bench/ that are not benchmarks. */
const NOT_BENCHES = new Set(["run.ts", "seed-province.ts"]);
const args = process.argv.slice(2);
const quick = args.includes("--quick");
/** `--readme`: also write a quick run's table to the README (marked as quick). */
const toReadme = args.includes("--readme");
const wanted = args.filter((a) => !a.startsWith("--"));
const benches = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && !NOT_BENCHES.has(f))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)));

const resultsDir = join(here, "results");
mkdirSync(resultsDir, { recursive: true });
const figuresFile = join(resultsDir, `.figures-${process.pid}.jsonl`);
rmSync(figuresFile, { force: true });

const started = Date.now();
const failed: string[] = [];
const seconds: Record<string, number> = {};
// One migrated database for the whole run, cloned by every bench that needs a database of its own, instead of
// each migrating its own (5 to 10 seconds each here).
const needsDatabase = benches.filter((f) =>
  /createMigratedDatabase|seedProvince/.test(readFileSync(join(here, f), "utf8")),
);
const template = needsDatabase.length > 0 ? `xks_bench_template_${process.pid}` : null;
if (template) {
  const t0 = Date.now();
  await adminQuery(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  await createMigratedDatabaseNamed(template);
  seconds["migrated template"] = Math.round((Date.now() - t0) / 100) / 10;
}
for (const file of benches) {
  console.log(`\n### ${file}${quick ? " (quick)" : ""}`);
  const t0 = Date.now();
  const result = spawnSync(resolve(here, "../node_modules/.bin/tsx"), [resolve(here, file)], {
    stdio: "inherit",
    env: {
      ...process.env,
      BENCH_FIGURES_FILE: figuresFile,
      ...(quick ? { BENCH_QUICK: "1" } : {}),
      ...(template ? { [BENCH_TEMPLATE_ENV]: template } : {}),
    },
  });
  seconds[file] = Math.round((Date.now() - t0) / 100) / 10;
  if (result.status !== 0) failed.push(file);
}
if (template) await adminQuery(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);

const figures: Array<BenchFigure & { bench: string }> = existsSync(figuresFile)
  ? readFileSync(figuresFile, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line))
  : [];
rmSync(figuresFile, { force: true });

const machine = {
  nproc: cpus().length,
  cpu: cpus()[0]?.model.trim() ?? "unknown",
  memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
  node: process.version,
};
const report = {
  date: new Date().toISOString(),
  mode: quick ? "quick" : "full",
  machine,
  seconds: { ...seconds, total: Math.round((Date.now() - started) / 100) / 10 },
  failed,
  figures,
};
writeFileSync(join(resultsDir, "latest.json"), `${JSON.stringify(keepOtherBenches(report), null, 2)}\n`);
const table = renderTable(report);
console.log(`\n${table}`);
console.log(`\nwrote bench/results/latest.json (${figures.length} figures) in ${report.seconds.total} s`);
// Only a complete run of every bench speaks for the project in the README (a quick one only when asked).
if ((!quick || toReadme) && wanted.length === 0) {
  updateReadme(resolve(here, "../README.md"), table);
  console.log("updated the README's performance section");
} else if (toReadme && failed.length === 0) {
  // `--readme` with named benches: only their rows change, noted under the table with this run's date.
  updateReadmeRows(resolve(here, "../README.md"), report);
  console.log("updated the README's rows of these benches");
}
process.exit(failed.length === 0 ? 0 : 1);

/**
 * A run of named benches replaces only their figures in latest.json: the other benches' figures (from their own
 * last run) stay, with that run's `date` and `mode` under `runs` for the named ones.
 */
function keepOtherBenches(r: typeof report) {
  const file = join(resultsDir, "latest.json");
  if (wanted.length === 0 || !existsSync(file)) return r;
  const previous = JSON.parse(readFileSync(file, "utf8")) as typeof report & { runs?: Record<string, unknown> };
  const ran = new Set(r.figures.map((f) => f.bench));
  const runs = { ...previous.runs, ...Object.fromEntries([...ran].map((b) => [b, { date: r.date, mode: r.mode }])) };
  return {
    ...previous,
    runs,
    seconds: { ...previous.seconds, ...r.seconds, total: previous.seconds?.total ?? r.seconds.total },
    failed: [...new Set([...(previous.failed ?? []).filter((f) => !benches.includes(f)), ...r.failed])],
    figures: [...(previous.figures ?? []).filter((f) => !ran.has(f.bench)), ...r.figures],
  };
}

function cell(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return Math.abs(value) >= 100 ? String(Math.round(value)) : String(Number(value.toFixed(2)));
}

function renderRow(f: BenchFigure): string {
  const verdict = f.meetsTarget === null ? "—" : f.meetsTarget ? "✓ meets" : "✗ misses";
  return (
    `| \`${f.name}\` | ${cell(f.value)} ${f.unit} | ${f.baseline ? `${f.baseline.name}: ${cell(f.baseline.value)}` : "—"} | ` +
    `${f.ratio === null ? "—" : `${cell(f.ratio)}×`} | ${f.target} | ${verdict} |`
  );
}

function describeRun(r: typeof report): string {
  return (
    `${r.date.slice(0, 16).replace("T", " ")} UTC (${r.mode} run, ${r.seconds.total} s) on ${r.machine.nproc} cores ` +
    `(${r.machine.cpu}), ${r.machine.memoryGb} GB RAM, Node ${r.machine.node}`
  );
}

function renderTable(r: typeof report): string {
  const lines = [
    `Measured ${describeRun(r)}.${r.failed.length ? ` Failed: ${r.failed.join(", ")}.` : ""}`,
    "",
    "| figure | value | baseline (same run) | ratio | target | verdict |",
    "|---|---|---|---|---|---|",
    ...r.figures.map(renderRow),
  ];
  return lines.join("\n");
}

/** Replaces (or adds) the rows of this run's figures in the README's table and notes when they were measured. */
function updateReadmeRows(path: string, r: typeof report): void {
  const start = "<!-- bench:start -->";
  const end = "<!-- bench:end -->";
  const readme = readFileSync(path, "utf8");
  if (!readme.includes(start) || !readme.includes(end)) {
    updateReadme(path, renderTable(r));
    return;
  }
  const inner = readme
    .slice(readme.indexOf(start) + start.length, readme.indexOf(end))
    .trim()
    .split("\n");
  const names = new Set(r.figures.map((f) => f.name));
  const benches = [...new Set(r.figures.map((f) => f.bench))];
  const kept = inner.filter((line) => {
    const name = /^\| `([^`]+)` \|/.exec(line)?.[1];
    if (name && names.has(name)) return false;
    return !benches.some((b) => line.startsWith(`Rows of \`${b}\` `));
  });
  let lastRow = -1;
  kept.forEach((line, i) => {
    if (line.startsWith("|")) lastRow = i;
  });
  kept.splice(lastRow + 1, 0, ...r.figures.map(renderRow));
  const notes = benches.map((b) => `Rows of \`${b}\` measured in a run of their own, ${describeRun(r)}.`);
  const block = `${start}\n${[...kept, "", ...notes].join("\n").replace(/\n{3,}/g, "\n\n")}\n${end}`;
  writeFileSync(path, readme.slice(0, readme.indexOf(start)) + block + readme.slice(readme.indexOf(end) + end.length));
}

/** Replaces the table between the README's bench markers (creating the section at the end if missing). */
function updateReadme(path: string, tableText: string): void {
  const start = "<!-- bench:start -->";
  const end = "<!-- bench:end -->";
  const readme = readFileSync(path, "utf8");
  const block = `${start}\n${tableText}\n${end}`;
  const next =
    readme.includes(start) && readme.includes(end)
      ? readme.slice(0, readme.indexOf(start)) + block + readme.slice(readme.indexOf(end) + end.length)
      : `${readme.trimEnd()}\n\n## Performance\n\n\`npm run bench\` writes this table (and bench/results/latest.json).\n\n${block}\n`;
  writeFileSync(path, next);
}
