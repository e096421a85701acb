import { randomUUID } from "node:crypto";
import pg from "pg";
import { INBOX_CHANNEL, INBOX_NOTIFY_IDS_PER_MESSAGE } from "./inbox-channel.ts";

/** One event as the webhook stores it (already screened, redacted and cleaned of what PostgreSQL cannot store). */
export interface InboxEvent {
  dedupKey: string;
  eventName: string;
  oaUserId: string | null;
  payload: unknown;
  /** RECEIVED events are queued for the conversation after their commit (by the worker's relay); IGNORED ones are
   * only kept as a trace. */
  status: "RECEIVED" | "IGNORED";
}

/** Rows per statement: a burst larger than this is split, so one statement stays a few milliseconds long. */
const INBOX_BATCH_MAX_EVENTS = 500;

/**
 * The whole batch travels as one JSON array (one parameter, whatever the batch size). A key already stored means
 * Zalo redelivered the event: nothing is inserted and no id returned, which the caller reads as "duplicate".
 * The same statement notifies the worker's relay (`inbound-relay.ts`) with the ids of the RECEIVED events it
 * inserted, INBOX_NOTIFY_IDS_PER_MESSAGE per notification: PostgreSQL delivers notifications when the transaction
 * commits, and a single statement outside a transaction block commits before its result returns, so the relay
 * hears only what is durable, without a second round trip. (`notified` is read by the final SELECT so that it runs;
 * it is empty, and nothing is sent, when the batch stored no RECEIVED event.)
 */
const INSERT_EVENTS_SQL = `
WITH inserted AS (
  INSERT INTO "InboundEvent" ("id", "dedupKey", "eventName", "oaUserId", "payload", "status")
  SELECT e."id", e."dedupKey", e."eventName", e."oaUserId", e."payload", e."status"::"InboundStatus"
  FROM jsonb_to_recordset($1::jsonb) AS e("id" text, "dedupKey" text, "eventName" text, "oaUserId" text, "payload" jsonb, "status" text)
  ON CONFLICT ("dedupKey") DO NOTHING
  RETURNING "id", "status"
), notified AS (
  SELECT pg_notify('${INBOX_CHANNEL}', string_agg(r."id", ','))
  FROM (SELECT "id", (row_number() OVER () - 1) / ${INBOX_NOTIFY_IDS_PER_MESSAGE} AS part FROM inserted WHERE "status" = 'RECEIVED') AS r
  GROUP BY r.part
)
SELECT "id", (SELECT count(*) FROM notified) AS "notifications" FROM inserted`;

const INSERT_EVENTS_STATEMENT = "xks-inbox-insert-events";

interface Waiting {
  row: InboxEvent & { id: string };
  resolve(stored: { id: string } | null): void;
  reject(error: Error): void;
}

/**
 * Group commit for the webhook: every `store()` waits for the statement that carries its event, and events arriving
 * while one statement is in flight are carried together by the next. The caller answers Zalo only after its promise
 * resolves, so an acknowledged event is durable; a rejected promise means nothing was stored for it (the webhook
 * answers 5xx and Zalo redelivers). Statements run one at a time: the batch, not the connection count, scales.
 * Queueing is not the server's work: the statement's notification hands the new ids to the worker's relay.
 */
export class InboxWriter {
  readonly #pool: pg.Pool;
  #waiting: Waiting[] = [];
  #active = false;
  #running: Promise<void> = Promise.resolve();

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Stores the event once; resolves with its id after the commit, or null when it was already stored. */
  store(event: InboxEvent): Promise<{ id: string } | null> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ row: { id: randomUUID(), ...event }, resolve, reject });
      if (this.#active) return;
      this.#active = true;
      this.#running = this.#run();
    });
  }

  /** Resolves once every event handed over so far was written (or failed). */
  async drain(): Promise<void> {
    while (this.#active) await this.#running;
  }

  async #run(): Promise<void> {
    try {
      while (this.#waiting.length > 0) {
        await this.#write(this.#waiting.splice(0, INBOX_BATCH_MAX_EVENTS));
      }
    } finally {
      this.#active = false;
    }
  }

  async #write(batch: Waiting[]): Promise<void> {
    let inserted: Set<string>;
    try {
      inserted = await this.#insert(batch);
    } catch (error) {
      if (batch.length === 1 || !blamesARow(error)) {
        for (const w of batch) w.reject(error as Error);
        return;
      }
      // One bad row must not fail the events that arrived with it: each is tried alone, and fails alone.
      for (const one of batch) await this.#write([one]);
      return;
    }
    for (const w of batch) w.resolve(inserted.has(w.row.id) ? { id: w.row.id } : null);
  }

  async #insert(batch: Waiting[]): Promise<Set<string>> {
    // Named, so each connection parses and plans the statement once: afterwards only its parameter travels, and
    // PostgreSQL (sharing the two cores with this process) skips the parse on every batch.
    const result = await this.#pool.query<{ id: string }>({
      name: INSERT_EVENTS_STATEMENT,
      text: INSERT_EVENTS_SQL,
      values: [JSON.stringify(batch.map((w) => w.row))],
    });
    return new Set(result.rows.map((r) => r.id));
  }
}

/**
 * Whether retrying row by row could help: PostgreSQL refused the statement for its data (a value it rejects, a
 * constraint). Not when the connection failed or the server is shutting down, starting or out of resources (SQLSTATE
 * classes 08, 53, 57): then every row would fail again, each after its own wait.
 */
function blamesARow(error: unknown): boolean {
  return error instanceof pg.DatabaseError && !/^(08|53|57)/.test(error.code ?? "");
}
