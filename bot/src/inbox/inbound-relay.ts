import type { Logger } from "pino";
import { enqueueInboundEvents, type Queues } from "../queues/queues.ts";
import { withTimeout } from "../with-timeout.ts";

/** Ids per `addBulk`: one Redis round trip (a MULTI) for a whole commit's events. */
const RELAY_BATCH_MAX_EVENTS = 500;
/** A Redis that does not answer must not hold the relay: recovery queues what this gives up on. */
export const ENQUEUE_DEADLINE_MS = 500;

/**
 * Queues stored events after their commit, in batches, off the request's path: the webhook answers Zalo as soon as
 * the event is durable. Events that cannot be queued (Redis away or slow) stay RECEIVED in the database and
 * `jobs/cron.recover-inbox.ts` queues them after its grace period; the job id is the event id, so queueing twice
 * is harmless.
 */
export class InboundRelay {
  readonly #queues: Queues;
  readonly #log: Pick<Logger, "warn">;
  #waiting: string[] = [];
  /** Set and cleared synchronously with the loop, so an id handed over as the loop ends is never stranded. */
  #active = false;
  #running: Promise<void> = Promise.resolve();

  constructor(queues: Queues, log: Pick<Logger, "warn">) {
    this.#queues = queues;
    this.#log = log;
  }

  /** Hands over the ids of events just committed; returns at once. */
  relay(eventIds: readonly string[]): void {
    if (eventIds.length === 0) return;
    this.#waiting.push(...eventIds);
    if (this.#active) return;
    this.#active = true;
    this.#running = this.#run();
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
          this.#log.warn({ count: batch.length, err }, "events stored, queueing left to recovery");
        }
      }
    } finally {
      this.#active = false;
    }
  }
}
