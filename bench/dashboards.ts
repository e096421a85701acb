// Dashboards at province scale: a database filled by bench:seed at scale 1 (500,000 residents, 20,000 members,
// 600 communes, 2,000,000 assistance logs, 3,000,000 step events); the server runs in its own process, as deployed.
// Each dashboard is requested by one signed-in person at a time, then by four different people at once (four
// admins, four commune leads, four members), over loopback. Reported: p95 latency per dashboard and load, against
// the p95 of `GET /api/me` (authenticated, one indexed row) measured in the same run. Quick mode: fewer samples, and
// a tenth of the province (the full run is the one that speaks for province scale).
// `BENCH_DASHBOARD_DATABASE=name` reuses a database bench:seed filled (not dropped afterwards).
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { SessionTokens } from "../bot/src/auth/session-token.ts";
import { loadConfig } from "../bot/src/config.ts";
import { testEnv } from "../tests/support/test-app.ts";
import { adminQuery } from "../tests/support/test-db.ts";
import { databaseUrl } from "../tests/support/test-env.ts";
import { seedProvince } from "./seed-province.ts";
import { figure, QUICK, reportFigures } from "./support/bench-figures.ts";

/** Samples per person and dashboard (fewer when the time below runs out first). */
const SAMPLES = QUICK ? 20 : 100;
/** A slow dashboard stops being sampled after this long (at least MIN_SAMPLES are always taken). */
const MAX_SECONDS_PER_MEASURE = QUICK ? 15 : 40;
const MIN_SAMPLES = 5;
const SERVER_SCRIPT = fileURLToPath(new URL("../bot/src/server.ts", import.meta.url));
const PORT = 30_000 + ((process.pid + 7) % 20_000);

const zaloIdOf = (memberIndex: number) => `9${String(memberIndex).padStart(18, "0")}`;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))] ?? Number.NaN;
}
const p95 = (samples: number[]) => percentile(samples, 0.95);

async function waitReady(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the server did not become ready");
}

const reused = process.env.BENCH_DASHBOARD_DATABASE;
const database = reused ?? `xks_bench_dashboards_${process.pid}`;
/** A quick run seeds a tenth of the province (50,000 residents, 200,000 logs, 60 communes) to stay within its minutes. */
const SCALE = QUICK ? 0.1 : 1;
const url = reused ? databaseUrl(reused) : (await seedProvince({ scale: SCALE, database, log: () => undefined })).url;
console.log(reused ? `using ${reused}` : `seeded ${database} at scale ${SCALE} of the province`);

// Three more admins, so that four admins can be signed in at once (each has its own rate-limit budget).
const db = new pg.Client({ connectionString: url });
await db.connect();
// Members are m0 … m(n-1) (bench:seed); the last three become admins, whatever the scale.
const memberCount = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM "Member"`)).rows[0]?.n ?? 0);
const lastThree = [memberCount - 3, memberCount - 2, memberCount - 1];
await db.query(`UPDATE "Member" SET role = 'ORG_ADMIN' WHERE id = ANY($1) AND role <> 'ORG_ADMIN'`, [
  lastThree.map((i) => `m${i}`),
]);
const communes = await db.query<{ code: string; lead: string }>(
  `SELECT u.code, m.id AS lead FROM "Member" m JOIN "Unit" u ON u.id = m."unitId"
    WHERE m.role = 'UNIT_LEAD' AND m.id IN ('m1', 'm2', 'm3', 'm4') ORDER BY m.id`,
);
await db.end();

const env = testEnv({
  DATABASE_URL: url,
  PORT: String(PORT),
  HOST: "127.0.0.1",
  LOG_LEVEL: "error",
  ZALO_OPENAPI_URL: "http://127.0.0.1:9",
  ZALO_OAUTH_URL: "http://127.0.0.1:9",
  ZALO_GRAPH_URL: "http://127.0.0.1:9",
});
const config = loadConfig(env);
const tokens = new SessionTokens(config.SESSION_SECRET);
const bearer = async (memberIndex: number) =>
  `Bearer ${(await tokens.sign({ zaloId: zaloIdOf(memberIndex), name: `m${memberIndex}`, zaloAccessToken: null })).token}`;
const base = `http://127.0.0.1:${PORT}`;

/** One person's requests one after another; every answer must be a 200. */
async function sampleOne(path: string, authorization: string, deadline: number): Promise<number[]> {
  const samples: number[] = [];
  while (samples.length < SAMPLES && (samples.length < MIN_SAMPLES || performance.now() < deadline)) {
    const t0 = performance.now();
    const response = await fetch(`${base}${path}`, { headers: { authorization } });
    await response.arrayBuffer();
    samples.push(performance.now() - t0);
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
  }
  return samples;
}

/** People requesting at the same time, each one after another; all their latencies together. */
async function measure(requests: Array<{ path: string; authorization: string }>): Promise<number[]> {
  for (const r of requests)
    await sampleOne(r.path, r.authorization, 0).then(
      () => undefined,
      () => undefined,
    );
  const deadline = performance.now() + MAX_SECONDS_PER_MEASURE * 1000;
  const all = await Promise.all(requests.map((r) => sampleOne(r.path, r.authorization, deadline)));
  return all.flat();
}

let server: ChildProcess | undefined;
try {
  server = fork(SERVER_SCRIPT, [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  await waitReady(`${base}/ready`);
  const admins = await Promise.all([0, ...lastThree].map(bearer));
  const leads = await Promise.all(communes.rows.map((c) => bearer(Number(c.lead.slice(1)))));
  const members = await Promise.all(
    [0.05, 0.25, 0.5, 0.75].map((share) => bearer(Math.floor(share * memberCount) + 1)),
  );
  const [admin] = admins as [string];

  const meSamples = await measure([{ path: "/api/me", authorization: admin }]);
  const baseline = p95(meSamples);
  const baselineP50 = percentile(meSamples, 0.5);
  const cases = [
    {
      name: "organisation",
      one: [{ path: "/api/dashboard/organisation", authorization: admin }],
      four: admins.map((a) => ({ path: "/api/dashboard/organisation", authorization: a })),
    },
    {
      name: "unit",
      one: [{ path: `/api/dashboard/unit/${communes.rows[0]?.code}`, authorization: leads[0] as string }],
      four: communes.rows.map((c, i) => ({ path: `/api/dashboard/unit/${c.code}`, authorization: leads[i] as string })),
    },
    {
      name: "member",
      one: [{ path: "/api/dashboard/me", authorization: members[0] as string }],
      four: members.map((m) => ({ path: "/api/dashboard/me", authorization: m })),
    },
  ];
  const figures = [];
  for (const c of cases) {
    const oneSamples = await measure(c.one);
    const one = p95(oneSamples);
    const four = p95(await measure(c.four));
    console.log(`${c.name}: p95 ${one.toFixed(1)} ms alone, ${four.toFixed(1)} ms four at once`);
    const against = { name: "GET /api/me p95", value: Number(baseline.toFixed(2)) };
    figures.push(
      figure(`dashboard.${c.name}.p50`, "ms", percentile(oneSamples, 0.5), {
        baseline: { name: "GET /api/me p50", value: Number(baselineP50.toFixed(2)) },
      }),
      figure(`dashboard.${c.name}.p95`, "ms", one, { baseline: against, target: "< 50 ms", meetsTarget: one < 50 }),
      figure(`dashboard.${c.name}.p95-four-at-once`, "ms", four, {
        baseline: against,
        target: "< 150 ms (4 people at once)",
        meetsTarget: four < 150,
      }),
    );
  }
  // The whole organisation's unit view (an admin opening the root unit, its first page of 20,000 members), for context.
  const root = p95(await measure([{ path: "/api/dashboard/unit/THANH_HOA", authorization: admin }]));
  figures.push(
    figure("dashboard.unit-whole-organisation.p95", "ms", root, {
      baseline: { name: "GET /api/me p95", value: Number(baseline.toFixed(2)) },
    }),
  );
  reportFigures("dashboards", figures);
} finally {
  server?.kill("SIGKILL");
  if (!reused) await adminQuery(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
}
process.exit(0);
