/**
 * How long a worker keeps trying to record a message Zalo has just accepted. Zalo's send API has no idempotency
 * key: if the record is lost (PostgreSQL restarting, a failover) the retry of the job sends the message again. A
 * database blip is seconds, so holding the result this long turns the repeat into a short wait.
 */
export const RECORD_AFTER_SEND_RETRY_MS = 30_000;
const RECORD_AFTER_SEND_PAUSE_MS = 250;

/**
 * Runs the database write that records a send, again and again until it succeeds or RECORD_AFTER_SEND_RETRY_MS have
 * passed (then its last error is thrown, and the caller's usual retry, which may repeat the send, takes over).
 */
export async function recordAfterSend<T>(write: () => Promise<T>, retryForMs = RECORD_AFTER_SEND_RETRY_MS): Promise<T> {
  const deadline = Date.now() + retryForMs;
  for (;;) {
    try {
      return await write();
    } catch (error) {
      if (Date.now() + RECORD_AFTER_SEND_PAUSE_MS > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, RECORD_AFTER_SEND_PAUSE_MS));
    }
  }
}
