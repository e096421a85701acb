// Broadcast fan-out: (1) 100,000 residents against the emulator with its limit raised, reporting deliveries per
// second and the worker's peak memory, and the same for 10,000 first, to show memory does not grow with the
// audience (target: within 10%); (2) 2,000 residents at Zalo's 4,000-per-minute limit, reporting how long
// the send took against the 30 s the limit requires (ratio actual/ideal). Workers run in their own processes,
// as in production; the emulator runs in this one. Not part of `npm test`.
import { type ChildProcess, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { type BroadcastDeps, createBroadcast, getBroadcast } from "../bot/src/broadcasts/broadcasts-service.ts";
import { loadConfig } from "../bot/src/config.ts";
import { createPrisma } from "../bot/src/db.ts";
import { createQueues } from "../bot/src/queues/queues.ts";
import { WORKER_NODE_FLAGS } from "../bot/src/worker-node-flags.ts";
import setupTestDatabases from "../tests/support/global-setup.ts";
import { testEnv } from "../tests/support/test-app.ts";
import { createTestDatabase } from "../tests/support/test-db.ts";
import { startZaloEmulator } from "../tests/support/zalo-emulator.ts";
import { figure, QUICK, reportFigures } from "./support/bench-figures.ts";

const BIG_AUDIENCE = Number(process.env.BENCH_RECIPIENTS ?? (QUICK ? 2_000 : 100_000));
/** The smaller audience whose peak RSS the big one's is compared with. */
const SMALL_AUDIENCE = Math.round(BIG_AUDIENCE / 10);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const PACED_AUDIENCE = QUICK ? 500 : 2_000;
const PACED_RATE_PER_MINUTE = 4_000;
const WORKER_SCRIPT = fileURLToPath(new URL("../tests/support/broadcast-worker-process.ts", import.meta.url));
/** BENCH_WORKER_PROFILE=<dir>: each worker writes a CPU profile there (`node --cpu-prof`) when the run ends. */
const WORKER_PROFILE_DIR = process.env.BENCH_WORKER_PROFILE;

interface Run {
  seconds: number;
  sent: number;
  peakRssMb: number[];
}

async function seed(
  prisma: ReturnType<typeof createPrisma>,
  emu: Awaited<ReturnType<typeof startZaloEmulator>>,
  count: number,
  unitId: string,
) {
  const now = Date.now();
  for (let start = 0; start < count; start += 5_000) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + 5_000); i++) {
      const userId = `7${String(i).padStart(18, "0")}`;
      emu.emulator.state.residents.set(userId, {
        userId,
        userIdByApp: `8${String(i).padStart(18, "0")}`,
        displayName: `Cư dân ${i}`,
        phone: "84900000000",
        isFollower: true,
        lastInteractionAt: now,
        sharedInfo: null,
      });
      rows.push({ oaUserId: userId, unitId, lastInteractionAt: new Date(now) });
    }
    await prisma.resident.createMany({ data: rows });
  }
}

function spawnWorkers(env: Record<string, string>, count: number): Promise<ChildProcess[]> {
  return Promise.all(
    Array.from({ length: count }, () => {
      const child = fork(WORKER_SCRIPT, [], {
        execArgv: [
          "--import",
          "tsx",
          // As `npm run start:worker` runs it; BENCH_WORKER_NODE_FLAGS replaces them (e.g. "" to measure without).
          ...(process.env.BENCH_WORKER_NODE_FLAGS === undefined
            ? WORKER_NODE_FLAGS
            : process.env.BENCH_WORKER_NODE_FLAGS.split(" ").filter(Boolean)),
          ...(WORKER_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${WORKER_PROFILE_DIR}`] : []),
        ],
        env: { ...process.env, ...env },
        stdio: ["ignore", "ignore", "inherit", "ipc"],
      });
      return new Promise<ChildProcess>((resolve) => child.once("message", () => resolve(child)));
    }),
  );
}

/** Linux's high-water mark of a process's resident memory, in MB. */
function peakRssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function run(label: string, audience: number, env: Record<string, string>, emulatorLimit: number): Promise<Run> {
  const emu = await startZaloEmulator({ rateLimitPerMinute: emulatorLimit });
  const db = await createTestDatabase(`bench_${label}`);
  const workerEnv = testEnv({ DATABASE_URL: db.url, ...emu.env, QUIET_HOURS: "", LOG_LEVEL: "error", ...env });
  const config = loadConfig(workerEnv);
  const prisma = createPrisma(config.DATABASE_URL);
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  const queues = createQueues(redis, config.QUEUE_PREFIX);
  const deps: BroadcastDeps = { prisma, queues, now: () => new Date() };
  const workers = await spawnWorkers(workerEnv, WORKERS);
  try {
    const unit = await prisma.unit.create({ data: { code: "BENCH", name: "Bench" } });
    const seedStart = Date.now();
    await seed(prisma, emu, audience, unit.id);
    console.log(`[${label}] seeded ${audience} residents in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);
    const started = Date.now();
    const { id } = await createBroadcast(
      deps,
      { title: "Bench", text: "Ngày hội chuyển đổi số", audience: { kind: "residents" } },
      null,
    );
    let last = 0;
    for (;;) {
      const b = await getBroadcast(deps, id);
      if (b.status === "done") break;
      if (Date.now() - last > 10_000) {
        last = Date.now();
        console.log(`[${label}] ${((Date.now() - started) / 1000).toFixed(0)} s: sent ${b.counts.sent}/${audience}`);
      }
      // Reading the status is a few tally rows: polling often keeps the measurement's resolution fine.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const seconds = (Date.now() - started) / 1000;
    const sentTimes = emu.emulator.state.sent.map((m) => m.sentTime);
    console.log(
      `[${label}] first send ${((Math.min(...sentTimes) - started) / 1000).toFixed(2)} s after the create, ` +
        `last ${((Math.max(...sentTimes) - started) / 1000).toFixed(2)} s, done seen at ${seconds.toFixed(2)} s`,
    );
    const b = await getBroadcast(deps, id);
    const atEmulator = emu.emulator.state.sent.length;
    if (b.counts.sent !== audience || atEmulator !== audience)
      throw new Error(`expected ${audience} sends, got ${b.counts.sent} rows / ${atEmulator} at the emulator`);
    return { seconds, sent: b.counts.sent, peakRssMb: workers.map((w) => peakRssMb(w.pid)) };
  } finally {
    // A profiled worker exits on SIGTERM so that node writes its profile; otherwise no goodbye.
    for (const w of workers) w.kill(WORKER_PROFILE_DIR ? "SIGTERM" : "SIGKILL");
    await queues.broadcast.obliterate({ force: true }).catch(() => undefined);
    await Promise.all(Object.values(queues).map((q) => q.close()));
    redis.disconnect();
    await prisma.$disconnect();
    await emu.close();
    await db.drop();
  }
}

// The migrated template database every run clones (as the test suite does).
const dropTemplate = await setupTestDatabases();
const small = await run("fanout-small", SMALL_AUDIENCE, { ZALO_SEND_RATE_PER_MINUTE: "100000000" }, 100_000_000);
console.log(
  `fan-out (small): ${small.sent} deliveries in ${small.seconds.toFixed(1)} s = ${Math.round(small.sent / small.seconds)} ` +
    `deliveries/s; peak RSS per worker ${small.peakRssMb.join(", ")} MB`,
);
const big = await run("fanout", BIG_AUDIENCE, { ZALO_SEND_RATE_PER_MINUTE: "100000000" }, 100_000_000);
console.log(
  `fan-out: ${big.sent} deliveries in ${big.seconds.toFixed(1)} s = ${Math.round(big.sent / big.seconds)} deliveries/s ` +
    `with ${WORKERS} worker process(es); peak RSS per worker ${big.peakRssMb.join(", ")} MB`,
);

const paced = await run(
  "paced",
  PACED_AUDIENCE,
  { ZALO_SEND_RATE_PER_MINUTE: String(PACED_RATE_PER_MINUTE) },
  PACED_RATE_PER_MINUTE,
);
const idealSeconds = (PACED_AUDIENCE / PACED_RATE_PER_MINUTE) * 60;
console.log(
  `paced: ${paced.sent} deliveries at ${PACED_RATE_PER_MINUTE}/min in ${paced.seconds.toFixed(1)} s; ideal ${idealSeconds.toFixed(1)} s; ` +
    `ratio actual/ideal ${(paced.seconds / idealSeconds).toFixed(3)}`,
);
const rate = big.sent / big.seconds;
const pacedRatio = paced.seconds / idealSeconds;
reportFigures("broadcast-fanout", [
  figure("fanout.deliveries-per-second", "deliveries/s", rate, {
    target: `≥ 2,000/s (${big.sent} recipients, no limit)`,
    meetsTarget: rate >= 2_000,
  }),
  figure("fanout.peak-rss-per-worker", "MB", Math.max(...big.peakRssMb), {
    baseline: { name: `peak RSS per worker at ${SMALL_AUDIENCE} recipients`, value: Math.max(...small.peakRssMb) },
    target: `≤ 1.10× the ${SMALL_AUDIENCE}-recipient run's`,
    meetsTarget: Math.max(...big.peakRssMb) <= 1.1 * Math.max(...small.peakRssMb),
  }),
  figure("fanout.paced-time", "s", paced.seconds, {
    baseline: { name: `time ${PACED_RATE_PER_MINUTE}/min requires`, value: idealSeconds },
    target: "≤ 1.02× the limit's time",
    meetsTarget: pacedRatio <= 1.02,
  }),
]);
await dropTemplate();
process.exit(0);
