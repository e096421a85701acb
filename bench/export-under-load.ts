// Export under load: a province-shaped database (bench:seed at a small scale) holds 100,000 assistance logs; the
// server and an export worker run in their own processes, as deployed. The webhook takes a steady 200 signed events/s
// from this process (evenly spaced, open loop: steady-load.ts; loopback) first alone, then while an admin's XLSX
// export of every row is requested, built by the worker and downloaded through its signed link. Reported: the
// webhook's p99 with the export against without it in the same run, how much the server's and the worker's resident
// memory grew (the worker's includes its export build thread), the worker's CPU during the export at the server's
// priority (nice 0) against its CPU at any priority, and the export's time. Quick mode: 20,000 rows.
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ExportJob } from "@xks/shared/api/exports";
import { SessionTokens } from "../bot/src/auth/session-token.ts";
import { loadConfig } from "../bot/src/config.ts";
import { WORKER_NODE_FLAGS } from "../bot/src/worker-node-flags.ts";
import { testEnv } from "../tests/support/test-app.ts";
import { adminQuery } from "../tests/support/test-db.ts";
import { seedProvince } from "./seed-province.ts";
import { figure, QUICK, reportFigures } from "./support/bench-figures.ts";
import { signedTextEvents } from "./support/signed-events.ts";
import { steadyLoad } from "./support/steady-load.ts";

const ROWS = QUICK ? 20_000 : 100_000;
const EVENTS_PER_SECOND = 200;
/** The export's first moments (the request, the job's start, the build thread's start), reported apart. */
const START_MS = 250;
const BASELINE_SECONDS = QUICK ? 6 : 15;
const SERVER_SCRIPT = fileURLToPath(new URL("../bot/src/server.ts", import.meta.url));
const WORKER_SCRIPT = fileURLToPath(new URL("./support/export-worker-process.ts", import.meta.url));
const DOWNLOAD_SCRIPT = fileURLToPath(new URL("./support/download-in-process.ts", import.meta.url));
const PORT = 30_000 + (process.pid % 20_000);

function rssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Samples a process's RSS every 100 ms; `stop()` answers the highest seen. */
function watchRss(pid: number | undefined) {
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 100);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, rssMb(pid));
    },
  };
}

/** The fields of a `/proc/…/stat` line after the command name (which may hold spaces): state is [0]. */
function statFields(line: string): string[] {
  return line.slice(line.lastIndexOf(")") + 2).split(" ");
}
const CLOCK_TICKS_PER_SECOND = 100;
/** utime + stime, in seconds. */
const cpuSeconds = (fields: string[]) => (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;

/** A process's CPU seconds so far (user + system, all threads). */
const processCpuSeconds = (pid: number | undefined) =>
  cpuSeconds(statFields(readFileSync(`/proc/${pid}/stat`, "utf8")));

/**
 * A process's CPU time split by priority: `stop()` answers the seconds its threads at nice 0 (the priority the
 * server runs at, which they share the cores with) and all its threads spent since the start. Threads are sampled
 * every 100 ms; one that ends (the export's build thread) still counts in the process's total.
 */
function watchCpu(pid: number | undefined) {
  const perThread = () => {
    const threads = new Map<string, { nice: number; cpu: number }>();
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const fields = statFields(readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8"));
        threads.set(tid, { nice: Number(fields[16]), cpu: cpuSeconds(fields) });
      } catch {
        // The thread ended between the listing and the read.
      }
    }
    return threads;
  };
  const start = perThread();
  const totalAtStart = processCpuSeconds(pid);
  const latest = new Map(start);
  const sample = () => {
    for (const [tid, thread] of perThread()) latest.set(tid, thread);
  };
  const timer = setInterval(sample, 100);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      let normal = 0;
      for (const [tid, thread] of latest) {
        if (thread.nice === 0) normal += thread.cpu - (start.get(tid)?.cpu ?? 0);
      }
      return { normal, all: processCpuSeconds(pid) - totalAtStart };
    },
  };
}

/** CPU seconds so far of every PostgreSQL process on this machine (the bench's database is local, loopback only). */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const line = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (line.slice(line.indexOf("(") + 1, line.lastIndexOf(")")) === "postgres")
        total += cpuSeconds(statFields(line));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return total;
}

const signedEvent = signedTextEvents("bench-export");

/** A steady 200 events/s until `stop()` (or `seconds`): evenly spaced, open loop (see steady-load.ts). */
function webhookLoad(url: string, seconds: number) {
  return steadyLoad({
    url: `${url}/webhooks/zalo`,
    perSecond: EVENTS_PER_SECOND,
    seconds,
    next: () => {
      const { body, signature } = signedEvent();
      return { body, headers: { "content-type": "application/json", "x-zevent-signature": signature } };
    },
  });
}

function spawn(
  script: string,
  env: Record<string, string>,
  ready: "ipc" | string,
  nodeFlags: readonly string[] = [],
): Promise<ChildProcess> {
  const child = fork(script, [], {
    execArgv: [...nodeFlags, "--import", "tsx"],
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  if (ready === "ipc") return new Promise((resolve) => child.once("message", () => resolve(child)));
  return (async () => {
    for (let i = 0; i < 300; i++) {
      const ok = await fetch(ready).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return child;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${script} did not become ready`);
  })();
}

/** The byte count of a download made by a child process, so this process only generates the webhook load. */
function downloadElsewhere(url: string): Promise<number> {
  const child = fork(DOWNLOAD_SCRIPT, [url], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("message", (message: { bytes: number }) => resolve(message.bytes));
    child.once("exit", (code) => reject(new Error(`download process exited ${code} without a count`)));
  });
}

const database = `xks_bench_export_${process.pid}`;
const exportsDir = mkdtempSync(join(tmpdir(), "xks-bench-exports-"));
const seed = await seedProvince({ scale: ROWS / 2_000_000, database, log: () => undefined });
console.log(
  `seeded ${seed.counts.assistanceLogs} assistance logs (scale ${seed.scale}) in ${seed.seconds.total?.toFixed(1)} s`,
);
const env = testEnv({
  DATABASE_URL: seed.url,
  PORT: String(PORT),
  HOST: "127.0.0.1",
  LOG_LEVEL: "error",
  EXPORTS_DIR: exportsDir,
  // Loopback only: nothing in this bench may reach the real Zalo (and nothing here calls it).
  ZALO_OPENAPI_URL: "http://127.0.0.1:9",
  ZALO_OAUTH_URL: "http://127.0.0.1:9",
  ZALO_GRAPH_URL: "http://127.0.0.1:9",
});
const config = loadConfig(env);
const base = `http://127.0.0.1:${PORT}`;
const children: ChildProcess[] = [];
try {
  const server = await spawn(SERVER_SCRIPT, env, `${base}/ready`);
  children.push(server);
  const worker = await spawn(WORKER_SCRIPT, env, "ipc", WORKER_NODE_FLAGS);
  children.push(worker);
  const admin = await new SessionTokens(config.SESSION_SECRET).sign({
    zaloId: `9${"0".repeat(18)}`,
    name: "Quản trị tỉnh",
    zaloAccessToken: null,
  });
  const authorization = `Bearer ${admin.token}`;

  // Warm-up, then the baseline: the webhook alone at 200 events/s.
  await webhookLoad(base, 2).done;
  const alone = await webhookLoad(base, BASELINE_SECONDS).done;

  const serverBefore = rssMb(server.pid);
  const workerBefore = rssMb(worker.pid);
  const serverRss = watchRss(server.pid);
  const workerRss = watchRss(worker.pid);
  const workerCpu = watchCpu(worker.pid);
  const postgresCpuBefore = postgresCpuSeconds();
  const serverCpuBefore = processCpuSeconds(server.pid);
  const during = webhookLoad(base, 600);
  const t0 = performance.now();
  const requested = await fetch(`${base}/api/exports`, {
    method: "POST",
    headers: { authorization, "content-type": "application/json" },
    body: JSON.stringify({ format: "xlsx" }),
  });
  if (requested.status !== 202) throw new Error(`export request: ${requested.status} ${await requested.text()}`);
  let job = (await requested.json()) as ExportJob;
  while (job.status === "QUEUED" || job.status === "RUNNING") {
    await new Promise((r) => setTimeout(r, 250));
    job = (await (await fetch(`${base}/api/exports/${job.id}`, { headers: { authorization } })).json()) as ExportJob;
  }
  const builtAt = performance.now();
  const builtSeconds = (builtAt - t0) / 1000;
  if (job.status !== "DONE" || !job.download) throw new Error(`export ended ${job.status}: ${job.error}`);
  // The download, streamed and counted, never kept, in a process of its own (see download-in-process.ts).
  const bytes = await downloadElsewhere(`${base}${job.download.url}`);
  const downloadedAt = performance.now();
  const postgresCpu = postgresCpuSeconds() - postgresCpuBefore;
  const serverCpu = processCpuSeconds(server.pid) - serverCpuBefore;
  const totalSeconds = (downloadedAt - t0) / 1000;
  during.stop();
  const withExport = await during.done;
  const serverGrowth = serverRss.stop() - serverBefore;
  const workerGrowth = workerRss.stop() - workerBefore;
  const cpu = workerCpu.stop();
  if (job.rowsWritten !== seed.counts.assistanceLogs || bytes !== job.bytes) {
    throw new Error(
      `exported ${job.rowsWritten} rows / ${bytes} bytes, expected ${seed.counts.assistanceLogs} / ${job.bytes}`,
    );
  }
  console.log(
    `export of ${job.rowsWritten} rows (${(bytes / 1048576).toFixed(1)} MB xlsx): built in ${builtSeconds.toFixed(1)} s, ` +
      `downloaded by ${totalSeconds.toFixed(1)} s; webhook ${withExport.sent} events during it ` +
      `(${withExport.rate.toFixed(0)}/s, sent late by ${withExport.lateP99.toFixed(1)} ms at p99), non-2xx ${withExport.non2xx}, ` +
      `errors ${withExport.errors}; p99 alone ${alone.p99.toFixed(1)} ms, with the export ${withExport.p99.toFixed(1)} ms, ` +
      `slowest ${withExport.max.toFixed(1)} ms`,
  );
  const p99Alone = Number(alone.p99.toFixed(1));
  const p99With = withExport.p99;
  // Which part of the export the slow acknowledgements fall in: its start, the worker's build, the download.
  const phases = [
    ["export.webhook-p99-at-start", during.p99Between(t0, t0 + START_MS)],
    ["export.webhook-p99-during-build", during.p99Between(t0 + START_MS, builtAt)],
    ["export.webhook-p99-during-download", during.p99Between(builtAt, downloadedAt + 200)],
  ] as const;
  reportFigures("export-under-load", [
    figure("export.rows", "rows", job.rowsWritten, {
      target: `${ROWS} rows, finishes`,
      meetsTarget: job.rowsWritten === ROWS,
    }),
    figure("export.build-time", "s", builtSeconds, {}),
    figure("export.rows-per-second", "rows/s", job.rowsWritten / builtSeconds, {}),
    figure("export.server-rss-growth", "MB", serverGrowth, {
      baseline: { name: "server RSS before", value: Math.round(serverBefore) },
      target: "< 100 MB",
      meetsTarget: serverGrowth < 100,
    }),
    figure("export.worker-rss-growth", "MB", workerGrowth, {
      baseline: { name: "worker RSS before", value: Math.round(workerBefore) },
      target: "< 100 MB",
      meetsTarget: workerGrowth < 100,
    }),
    figure("export.worker-cpu-normal-priority", "s", cpu.normal, {
      baseline: { name: "worker CPU during the export, all priorities", value: Number(cpu.all.toFixed(2)) },
    }),
    // Where the two cores went meanwhile (seconds over the export's wall time): what the webhook competed with.
    figure("export.postgres-cpu-during", "s", postgresCpu, {
      baseline: { name: "export wall time", value: Number(totalSeconds.toFixed(2)) },
    }),
    figure("export.server-cpu-during", "s", serverCpu, {
      baseline: { name: "export wall time", value: Number(totalSeconds.toFixed(2)) },
    }),
    ...phases.flatMap(([name, p99]) =>
      p99 === null
        ? []
        : [
            figure(name, "ms", p99, {
              baseline: { name: "webhook p99 without export", value: p99Alone },
            }),
          ],
    ),
    figure("export.webhook-p99-during", "ms", p99With, {
      baseline: { name: "webhook p99 without export", value: p99Alone },
      target: "< 50 ms at 200 events/s",
      meetsTarget: p99With < 50 && withExport.non2xx === 0 && withExport.errors === 0,
    }),
    // Whether the load generator kept its schedule: a late send is charged to the webhook's figure above.
    figure("export.load-sent-late-p99", "ms", withExport.lateP99, {
      baseline: { name: "sent late without export (p99)", value: Number(alone.lateP99.toFixed(1)) },
    }),
  ]);
} finally {
  for (const child of children) child.kill("SIGKILL");
  await adminQuery(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  rmSync(exportsDir, { recursive: true, force: true });
}
process.exit(0);
