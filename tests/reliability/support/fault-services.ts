import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

/**
 * The fault suite's own PostgreSQL and Redis, started on free ports in a temporary directory, so the suite can stop
 * and restart them without touching the shared services on 5432/6379. PostgreSQL 15 comes from Debian's packages;
 * as root, initdb and postgres run as the `postgres` OS user (PostgreSQL refuses to run as root).
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
function runPostgresBinary(binary: string, args: string[]): string {
  const path = join(PG_BIN, binary);
  const [command, argv] = isRoot() ? ["runuser", ["-u", "postgres", "--", path, ...args]] : [path, args];
  return execFileSync(command, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
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
  runPostgresBinary("initdb", [
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
  startPostgres(services);
  startRedis(services);
  return services;
}

export function startPostgres(s: FaultServices): void {
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
  runPostgresBinary("pg_ctl", [
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
export function stopPostgres(s: FaultServices): void {
  runPostgresBinary("pg_ctl", ["-D", pgData(s), "-m", "fast", "-w", "-t", String(START_TIMEOUT_S), "stop"]);
}

export function startRedis(s: FaultServices): void {
  execFileSync("redis-server", [
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
  waitUntil(() => {
    try {
      return execFileSync("redis-cli", ["-p", String(s.redisPort), "ping"], { encoding: "utf8" }).trim() === "PONG";
    } catch {
      return false;
    }
  }, "redis-server to answer");
}

/** SIGKILL: Redis keeps nothing on disk here, so every job, schedule and lock is lost. */
export function killRedis(s: FaultServices): void {
  const pidFile = join(s.dir, "redis.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    return;
  }
  waitUntil(() => {
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  }, "redis-server to exit");
}

export function stopFaultServices(s: FaultServices): void {
  killRedis(s);
  try {
    stopPostgres(s);
  } catch {
    // Already stopped (a test failed while it was down).
  }
  execFileSync("rm", ["-rf", s.dir]);
}

function waitUntil(check: () => boolean, label: string, timeoutMs = START_TIMEOUT_S * 1000): void {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return;
    execFileSync("sleep", ["0.05"]);
  }
  throw new Error(`timed out waiting for ${label}`);
}
