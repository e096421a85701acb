import { Redis } from "ioredis";
import pg from "pg";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import { closeQueues, createQueues, enqueueInboundEvents, type Queues } from "../queues/queues.ts";
import { withTimeout } from "../with-timeout.ts";
import { INBOX_CHANNEL } from "./inbox-channel.ts";

/** Ids per `addBulk`: one Redis round trip (a MULTI) for a whole commit's events. */
const RELAY_BATCH_MAX_EVENTS = 500;
/** A Redis that does not answer must not hold the relay: the sweep after its return queues what this gives up on. */
export const ENQUEUE_DEADLINE_MS = 500;
/** A PostgreSQL that does not answer must not hold the worker's start: the relay tries again later. */
const RELAY_CONNECT_TIMEOUT_MS = 5_000;
/** Stored events read per statement when the relay sweeps the inbox. */
const SWEEP_PAGE_EVENTS = 500;
/** Between attempts to (re)connect the listener, or, for a worker whose relay is not the active one, to take over. */
export const RELAY_RETRY_MS = 2_000;
/**
 * One relay queues at a time, whatever the number of workers: it holds this session-level advisory lock on its
 * listening connection. If that worker dies, PostgreSQL drops the connection and the lock with it, and another
 * worker's relay takes over within RELAY_RETRY_MS (and sweeps, so nothing stored meanwhile waits for recovery).
 */
const RELAY_LOCK_KEY = 7_845_120_013;

const SWEEP_SQL = `
SELECT "id", "receivedAt"::text AS "receivedAt" FROM "InboundEvent"
WHERE "status" = 'RECEIVED' AND ("receivedAt", "id") > ($1::timestamp, $2::text)
ORDER BY "receivedAt", "id"
LIMIT ${SWEEP_PAGE_EVENTS}`;

export interface InboundRelayOptions {
  config: Pick<Config, "DATABASE_URL" | "REDIS_URL" | "QUEUE_PREFIX">;
  log: Pick<Logger, "warn" | "info">;
}

/**
 * Queues stored events for the conversation, in the worker: the webhook only stores them (its answer to Zalo waits
 * for the commit and nothing else), and its insert notifies INBOX_CHANNEL with the new RECEIVED ids. The relay
 * listens, and queues each commit's ids with one `addBulk` (job id = event id, so queueing twice is harmless).
 *
 * Nothing stored waits for `jobs/cron.recover-inbox.ts` when it need not: the relay sweeps the inbox (queues every
 * RECEIVED event) when it starts listening, so what was stored while no worker listened is queued at once, and when
 * its Redis connection is back, so what could not be queued while Redis was away is queued as soon as it returns.
 * Recovery stays the net under everything: it queues every event still RECEIVED after its grace period.
 */
export class InboundRelay {
  readonly #config: InboundRelayOptions["config"];
  readonly #log: InboundRelayOptions["log"];
  readonly #redis: Redis;
  readonly #queues: Queues;
  #client: pg.Client | null = null;
  #retry: NodeJS.Timeout | null = null;
  #closed = false;
  #waiting: string[] = [];
  /** Set and cleared synchronously with the loop, so an id handed over as the loop ends is never stranded. */
  #active = false;
  #running: Promise<void> = Promise.resolve();
  #sweeping: Promise<void> | null = null;
  #sweepAgain = false;

  constructor({ config, log }: InboundRelayOptions) {
    this.#config = config;
    this.#log = log;
    // Its own connection, failing fast like the server's: a command while Redis is away fails at once instead of
    // piling up in memory, and the sweep after the reconnection queues what failed.
    this.#redis = new Redis(config.REDIS_URL, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      enableReadyCheck: false,
      lazyConnect: true,
    });
    this.#redis.on("error", (err: Error) => log.warn({ err: err.message }, "inbound relay: redis connection error"));
    this.#queues = createQueues(this.#redis, config.QUEUE_PREFIX);
  }

  /** Whether this worker's relay is the one listening (and queueing). */
  get listening(): boolean {
    return this.#client !== null;
  }

  /** Connects Redis and tries once to become the listening relay (sweeping if it did); retries in the background. */
  async start(): Promise<void> {
    await this.#redis.connect().catch(() => undefined);
    // Every later "ready" is a reconnection: what failed to queue meanwhile is still RECEIVED in the inbox.
    this.#redis.on("ready", () => {
      if (this.listening) void this.sweep();
    });
    await this.#listen();
  }

  async #listen(): Promise<void> {
    this.#retry = null;
    if (this.#closed) return;
    // Bounded connect, and TCP keep-alive: a listener whose server vanished without a word must notice and reconnect.
    const client = new pg.Client({
      connectionString: this.#config.DATABASE_URL,
      connectionTimeoutMillis: RELAY_CONNECT_TIMEOUT_MS,
      keepAlive: true,
    });
    let lost = false;
    const onLost = (err?: Error) => {
      if (lost) return;
      lost = true;
      if (this.#client === client) this.#client = null;
      client.end().catch(() => undefined);
      if (this.#closed) return;
      if (err) this.#log.warn({ err: err.message }, "inbound relay: listener connection lost");
      this.#retryLater();
    };
    client.on("error", onLost);
    client.on("end", () => onLost());
    client.on("notification", (message) => {
      if (message.channel === INBOX_CHANNEL && message.payload) this.relay(message.payload.split(","));
    });
    try {
      await client.connect();
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
        RELAY_LOCK_KEY,
      ]);
      if (!rows[0]?.locked) {
        // Another worker's relay listens. Try again later: it may die.
        lost = true;
        await client.end().catch(() => undefined);
        this.#retryLater();
        return;
      }
      await client.query(`LISTEN ${INBOX_CHANNEL}`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (lost || this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    // Listening first, then sweeping: an event stored in between is both heard and swept, never neither.
    await this.sweep();
  }

  #retryLater(): void {
    if (this.#closed || this.#retry) return;
    this.#retry = setTimeout(() => void this.#listen(), RELAY_RETRY_MS);
  }

  /** Hands over the ids of events just committed; returns at once. */
  relay(eventIds: readonly string[]): void {
    if (eventIds.length === 0) return;
    this.#waiting.push(...eventIds);
    if (this.#active) return;
    this.#active = true;
    this.#running = this.#run();
  }

  /**
   * Queues every event still RECEIVED, oldest first, a page at a time; one sweep at a time (a sweep asked for during
   * one runs once after it). Resolves when the pages were handed over and queued (or given up on).
   */
  sweep(): Promise<void> {
    if (this.#sweeping) {
      this.#sweepAgain = true;
      return this.#sweeping;
    }
    this.#sweeping = (async () => {
      do {
        this.#sweepAgain = false;
        await this.#sweepOnce().catch((err: Error) =>
          this.#log.warn({ err: err.message }, "inbound relay: sweep failed, recovery will queue the rest"),
        );
      } while (this.#sweepAgain && !this.#closed);
      this.#sweeping = null;
    })();
    return this.#sweeping;
  }

  async #sweepOnce(): Promise<void> {
    const client = this.#client;
    if (!client) return;
    // The time travels as PostgreSQL's own text, so the page's bound is exactly the stored value.
    let after = { at: "-infinity", id: "" };
    let swept = 0;
    for (;;) {
      const { rows } = await client.query<{ id: string; receivedAt: string }>(SWEEP_SQL, [after.at, after.id]);
      if (rows.length === 0) break;
      swept += rows.length;
      this.relay(rows.map((r) => r.id));
      await this.drain();
      const last = rows[rows.length - 1] as { id: string; receivedAt: string };
      after = { at: last.receivedAt, id: last.id };
      if (rows.length < SWEEP_PAGE_EVENTS) break;
    }
    if (swept > 0) this.#log.info({ count: swept }, "inbound relay: stored events queued by a sweep");
  }

  /** Resolves once every id handed over so far was queued or given up on (used at shutdown and by tests). */
  async drain(): Promise<void> {
    while (this.#active) await this.#running;
  }

  async #run(): Promise<void> {
    try {
      while (this.#waiting.length > 0) {
        const batch = this.#waiting.splice(0, RELAY_BATCH_MAX_EVENTS);
        try {
          await withTimeout(enqueueInboundEvents(this.#queues, batch), ENQUEUE_DEADLINE_MS, "enqueue");
        } catch (error) {
          const err = (error as Error).message;
          this.#log.warn({ count: batch.length, err }, "events stored, queueing left to the next sweep or recovery");
        }
      }
    } finally {
      this.#active = false;
    }
  }

  /** Stops listening (the lock goes with the connection), finishes what was handed over, closes its connections. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = null;
    await this.#sweeping;
    // Unlocked before the connection ends, so another worker's relay can take over at its next try at once.
    await client?.query("SELECT pg_advisory_unlock($1)", [RELAY_LOCK_KEY]).catch(() => undefined);
    await client?.end().catch(() => undefined);
    await this.drain();
    await withTimeout(closeQueues(this.#queues), ENQUEUE_DEADLINE_MS * 4, "closing the relay's queues").catch(
      () => undefined,
    );
    this.#redis.disconnect();
  }
}

/** Starts the worker's relay: listening (or waiting to take over) once this resolves. */
export async function startInboundRelay(options: InboundRelayOptions): Promise<InboundRelay> {
  const relay = new InboundRelay(options);
  await relay.start();
  return relay;
}
