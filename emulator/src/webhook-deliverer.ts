import { eventMessageId, eventUserId, type ZaloWebhookEvent } from "./zalo-events.ts";
import { newMessageId } from "./zalo-ids.ts";
import { signZaloEvent } from "./zalo-signature.ts";

/**
 * Zalo's documented retry ladder (note §1.2): 30 s, 5 min, 15 min, 30 min, 1 h after a failed delivery.
 * The doc only promises it for connection failures; the emulator applies it to non-2xx and slow answers too,
 * which is the stricter reading (delivery is at-least-once either way).
 */
export const ZALO_RETRY_LADDER_MS = [30_000, 300_000, 900_000, 1_800_000, 3_600_000] as const;
/** Zalo expects HTTP 200 within 2 seconds; slower counts as a failure. */
export const WEBHOOK_ACK_DEADLINE_MS = 2_000;

export interface DeliveryAttempt {
  /** 0 for the first attempt (no `num_retry` header), then 1…5. */
  readonly numRetry: number;
  /** Real epoch ms: retries run on real timers, not the emulated clock. */
  readonly at: number;
  readonly ok: boolean;
  readonly status?: number;
  readonly error?: string;
  readonly durationMs: number;
}

export interface DeliveryRecord {
  readonly id: string;
  readonly eventName: string;
  readonly userId: string;
  readonly msgId: string | undefined;
  /** The exact bytes posted every time, so redeliveries keep msg_id, timestamp and signature. */
  readonly rawBody: string;
  readonly signature: string;
  readonly attempts: DeliveryAttempt[];
  state: "pending" | "retrying" | "delivered" | "failed" | "skipped";
}

export interface WebhookDelivererOptions {
  /** null: nowhere to deliver (events are recorded as skipped). */
  readonly webhookUrl: string | null;
  readonly appId: string;
  readonly oaSecretKey: string;
  /** The key events are signed with right now (a fault may swap in the App Secret); oaSecretKey when absent. */
  readonly signingKey?: () => string;
  /** Multiplies the ladder: 1 = Zalo's real timings, 0.001 makes 30 s into 30 ms for tests. */
  readonly retryScale: number;
  readonly ackDeadlineMs: number;
  readonly onUpdate?: (record: DeliveryRecord) => void;
  readonly log?: (message: string) => void;
}

/** Posts signed webhook events to the product the way Zalo does, with Zalo's retries. */
export class WebhookDeliverer {
  private readonly records: DeliveryRecord[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: WebhookDelivererOptions) {}

  list(): readonly DeliveryRecord[] {
    return this.records;
  }

  find(idOrMsgId: string): DeliveryRecord | undefined {
    return this.records.find((r) => r.id === idOrMsgId || r.msgId === idOrMsgId);
  }

  clear(): void {
    this.cancelRetries();
    this.records.length = 0;
  }

  cancelRetries(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** Sends an event once and schedules retries on failure; resolves after the first attempt. */
  async deliver(event: ZaloWebhookEvent, id: string = newMessageId()): Promise<DeliveryRecord> {
    const rawBody = JSON.stringify(event);
    const record: DeliveryRecord = {
      id,
      eventName: event.event_name,
      userId: eventUserId(event),
      msgId: eventMessageId(event),
      rawBody,
      signature: signZaloEvent(
        this.options.appId,
        rawBody,
        event.timestamp,
        this.options.signingKey?.() ?? this.options.oaSecretKey,
      ),
      attempts: [],
      state: this.options.webhookUrl ? "pending" : "skipped",
    };
    this.records.push(record);
    if (!this.options.webhookUrl) {
      this.options.onUpdate?.(record);
      return record;
    }
    await this.attempt(record, 0);
    return record;
  }

  /** Posts an already delivered event again, byte for byte, to test the product's de-duplication. */
  async redeliver(record: DeliveryRecord, numRetry = 1): Promise<DeliveryAttempt> {
    const attempt = await this.post(record, numRetry);
    record.attempts.push(attempt);
    if (attempt.ok) record.state = "delivered";
    this.options.onUpdate?.(record);
    return attempt;
  }

  private async attempt(record: DeliveryRecord, numRetry: number): Promise<void> {
    const attempt = await this.post(record, numRetry);
    record.attempts.push(attempt);
    if (attempt.ok) {
      record.state = "delivered";
    } else {
      const delay = ZALO_RETRY_LADDER_MS[numRetry];
      if (delay === undefined) {
        // Zalo disables the app's webhook after the ladder; the emulator only gives up on this event.
        record.state = "failed";
        this.options.log?.(`webhook ${record.eventName} ${record.msgId ?? record.id} failed after ${numRetry} retries`);
      } else {
        record.state = "retrying";
        const timer = setTimeout(
          () => {
            this.timers.delete(timer);
            void this.attempt(record, numRetry + 1);
          },
          Math.max(0, Math.round(delay * this.options.retryScale)),
        );
        this.timers.add(timer);
      }
    }
    this.options.onUpdate?.(record);
  }

  private async post(record: DeliveryRecord, numRetry: number): Promise<DeliveryAttempt> {
    const startedAt = Date.now();
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-zevent-signature": record.signature,
    };
    if (numRetry > 0) headers.num_retry = String(numRetry);
    try {
      const response = await fetch(this.options.webhookUrl ?? "", {
        method: "POST",
        headers,
        body: record.rawBody,
        signal: AbortSignal.timeout(this.options.ackDeadlineMs),
      });
      // Drain the body so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      return {
        numRetry,
        at: startedAt,
        ok: response.status >= 200 && response.status < 300,
        status: response.status,
        durationMs: Date.now() - startedAt,
      };
    } catch (error) {
      const message =
        error instanceof Error && error.name === "TimeoutError"
          ? `no answer within ${this.options.ackDeadlineMs} ms`
          : describeFetchError(error);
      return { numRetry, at: startedAt, ok: false, error: message, durationMs: Date.now() - startedAt };
    }
  }
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    if (cause instanceof Error) return `${error.message}: ${cause.message}`;
    return error.message;
  }
  return String(error);
}
