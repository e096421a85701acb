import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { Logger } from "pino";
import { PrismaClient } from "./generated/prisma/client.ts";
import { withTimeout } from "./with-timeout.ts";

export type { PrismaClient } from "./generated/prisma/client.ts";

/** The Prisma client over node-postgres: Prisma 6.19's "client" engine needs no native binary. */
export function createPrisma(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}

/** Longer than PostgreSQL takes to answer on a busy machine, short enough not to delay a start when it is away. */
const PRISMA_WARM_UP_TIMEOUT_MS = 3_000;

/**
 * Prisma instantiates its query compiler (WebAssembly) and connects on its first query: about 80 ms of CPU on this
 * machine, in one block. The server pays it before it listens, the worker before it takes jobs, not on their first
 * request or job: the webhook uses raw `pg`, so in a server that had only taken webhooks the first admin request
 * blocked every Zalo event then in flight, and a worker's first export spent it at the server's priority on cores the
 * server shares. A database that is away only costs a warning here; the first query that needs it fails as before.
 */
export async function warmUpPrisma(prisma: PrismaClient, log: Pick<Logger, "warn">): Promise<void> {
  try {
    await withTimeout(
      prisma.member.findFirst({ select: { id: true } }),
      PRISMA_WARM_UP_TIMEOUT_MS,
      "warming up Prisma",
    );
  } catch (error) {
    log.warn({ err: (error as Error).message }, "could not warm up Prisma: the first database request will");
  }
}

/** Small: the pool's statements are batched, so a few connections carry thousands of events a second. */
const PG_POOL_MAX_CONNECTIONS = 4;
/** With PostgreSQL away the webhook must answer (5xx, so Zalo redelivers) well within Zalo's 2-second deadline. */
const PG_CONNECT_TIMEOUT_MS = 1_000;

/**
 * The raw node-postgres pool for the hot paths where Prisma's per-call cost (its query compiler: about 0.5 ms of CPU
 * per call, measured on the webhook) dominates: the webhook's group-committed inbox. One pool per server process,
 * created by `buildApp()` and closed with it.
 */
export function createPgPool(databaseUrl: string, onError: (error: Error) => void): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: PG_POOL_MAX_CONNECTIONS,
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
  });
  // An idle client whose server restarted emits 'error' on the pool; unhandled, it would end the process.
  pool.on("error", onError);
  return pool;
}
