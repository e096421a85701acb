import type { Redis } from "ioredis";
import type pg from "pg";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { PrismaClient } from "../db.ts";
import type { Queues } from "../queues/queues.ts";
import type { ZaloClient } from "../zalo/zalo-client.ts";

/** What every job handler may use. Built once per worker process in `worker-runtime.ts`. */
export interface JobContext {
  config: Config;
  prisma: PrismaClient;
  /**
   * Raw node-postgres for the hot paths where Prisma's per-call cost (about 0.5 ms of CPU) dominates: a broadcast
   * lane's claim and settle, thousands a minute. Dates go in as ISO strings and come out as timestamptz.
   */
  pg: pg.Pool;
  queues: Queues;
  log: Logger;
  /** For short cross-process locks and counters (not for queues: those are in `queues`). */
  redis: Redis;
  /** The Zalo OA API (sends, user detail) and, through `zalo.tokens`, the OA token store. */
  zalo: ZaloClient;
  /** The clock, injectable so tests can move time (reminders, windows, quiet hours). */
  now(): Date;
}
