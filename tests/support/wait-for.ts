/** How often a condition is polled: often enough that a test waits ~no longer than it must, rarely enough to be cheap. */
const POLL_INTERVAL_MS = 50;

/**
 * Polls `probe` until it returns something truthy and returns that; throws naming `what` after `timeoutMs`.
 * Tests wait on a condition, never for a fixed time, so they pass on a loaded machine and fail only when it never comes.
 */
export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}
