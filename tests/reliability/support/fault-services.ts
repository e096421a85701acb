import { execFile, execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * The fault suite's own PostgreSQL and Redis, started on free ports in a temporary directory, so the suite can stop
 * and restart them without touching the shared services on 5432/6379. PostgreSQL 15 comes from Debian's packages;
 * as root, initdb and postgres run as the `postgres` OS user (PostgreSQL refuses to run as root).
 *
 * Starting, stopping and killing are asynchronous: the emulator and the server run in the test's own process, and a
 * synchronous wait would freeze "Zalo" and the webhook with it (a killed Redis stays a zombie until PID 1 reaps it,
 * 1.5 s here), so the worker's sends in flight timed out and were rightly re-sent as possible repeats.
 */

export const PG_BIN = "/usr/lib/postgresql/15/bin";
const START_TIMEOUT_S = 30;

export interface FaultServices {
  dir: string;
  pgPort: number;
  redisPort: number;
}

/** What the global setup passes to the test files through the environment. */
export const FAULT_ENV = {
  dir: "XKS_FAULT_DIR",
  pgPort: "XKS_FAULT_PG_PORT",
  redisPort: "XKS_FAULT_REDIS_PORT",
} as const;

export function faultServicesFromEnv(): FaultServices {
  const dir = process.env[FAULT_ENV.dir];
  const pgPort = Number(process.env[FAULT_ENV.pgPort]);
  const redisPort = Number(process.env[FAULT_ENV.redisPort]);
  if (!dir || !pgPort || !redisPort)
    throw new Error("the fault suite's services are not running (run `npm run test:faults`)");
  return { dir, pgPort, redisPort };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL binary as the `postgres` user when we are root. */
async function runPostgresBinary(binary: string, args: string[]): Promise<void> {
  const path = join(PG_BIN, binary);
  const [command, argv] = isRoot() ? ["runuser", ["-u", "postgres", "--", path, ...args]] : [path, args];
  await run(command, argv, { encoding: "utf8" });
}

const pgData = (s: FaultServices) => join(s.dir, "pg");
const pgSocketDir = (s: FaultServices) => join(s.dir, "sock");
/** Written by the postgres user, so in a directory it owns. */
const pgLog = (s: FaultServices) => join(s.dir, "pglog", "postgres.log");

export async function createFaultServices(): Promise<FaultServices> {
  const dir = mkdtempSync("/tmp/xks-faults-");
  const services = { dir, pgPort: await freePort(), redisPort: await freePort() };
  for (const sub of [pgData(services), pgSocketDir(services), join(dir, "pglog")]) {
    mkdirSync(sub, { recursive: true, mode: 0o700 });
    if (isRoot())
      chownSync(
        sub,
        Number(execFileSync("id", ["-u", "postgres"]).toString().trim()),
        Number(execFileSync("id", ["-g", "postgres"]).toString().trim()),
      );
  }
  if (isRoot()) execFileSync("chmod", ["755", dir]);
  await runPostgresBinary("initdb", [
    "-D",
    pgData(services),
    "-U",
    "postgres",
    "-A",
    "trust",
    "-E",
    "UTF8",
    "--locale=C",
    "--no-sync",
  ]);
  await startPostgres(services);
  await startRedis(services);
  return services;
}

export async function startPostgres(s: FaultServices): Promise<void> {
  // fsync off: the suite restarts PostgreSQL cleanly (pg_ctl stop -m fast), and durability of test data is moot.
  const options = [
    `-p ${s.pgPort}`,
    `-k ${pgSocketDir(s)}`,
    "-c listen_addresses=127.0.0.1",
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=300",
  ].join(" ");
  await runPostgresBinary("pg_ctl", [
    "-D",
    pgData(s),
    "-l",
    pgLog(s),
    "-w",
    "-t",
    String(START_TIMEOUT_S),
    "-o",
    options,
    "start",
  ]);
}

/** Fast shutdown: open connections are cut, as when the database host restarts. */
export async function stopPostgres(s: FaultServices): Promise<void> {
  await runPostgresBinary("pg_ctl", ["-D", pgData(s), "-m", "fast", "-w", "-t", String(START_TIMEOUT_S), "stop"]);
}

export async function startRedis(s: FaultServices): Promise<void> {
  await run("redis-server", [
    "--port",
    String(s.redisPort),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
    "--daemonize",
    "yes",
    "--dir",
    s.dir,
    "--pidfile",
    join(s.dir, "redis.pid"),
    "--logfile",
    join(s.dir, "redis.log"),
  ]);
  await waitUntil(async () => {
    try {
      return (
        (await run("redis-cli", ["-p", String(s.redisPort), "ping"], { encoding: "utf8" })).stdout.trim() === "PONG"
      );
    } catch {
      return false;
    }
  }, "redis-server to answer");
}

/** SIGKILL: Redis keeps nothing on disk here, so every job, schedule and lock is lost. */
export async function killRedis(s: FaultServices): Promise<void> {
  const pidFile = join(s.dir, "redis.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    return;
  }
  await waitUntil(async () => exited(pid), "redis-server to exit");
}

/** Gone, or a zombie (dead, its port released, waiting for PID 1 to reap it). */
function exited(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state …"; the state follows the last ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z";
  } catch {
    return true;
  }
}

export async function stopFaultServices(s: FaultServices): Promise<void> {
  await killRedis(s);
  await stopPostgres(s).catch(() => {
    // Already stopped (a test failed while it was down).
  });
  await run("rm", ["-rf", s.dir]);
}

async function waitUntil(check: () => Promise<boolean>, label: string, timeoutMs = START_TIMEOUT_S * 1000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${label}`);
}
