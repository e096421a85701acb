import type { Redis } from "ioredis";

/**
 * Conversation turns a resident may have answered per minute. A person typing or tapping buttons produces at most
 * a turn every few seconds; twenty a minute is beyond any genuine conversation, while a stuck key, a script or a
 * forwarded chat can send hundreds. Each answer costs one of the app's Zalo calls a minute, shared by every
 * resident, so one sender must not take them all.
 */
export const RESIDENT_TURNS_PER_MINUTE = 20;
export const TURN_WINDOW_MS = 60_000;

export type TurnAllowance =
  /** Answer as usual. */
  | { answer: true }
  /** Over the limit: do not run the turn; `notify` is true for the first such event of the window only. */
  | { answer: false; notify: boolean; windowStartMs: number };

/**
 * Counts one turn of `oaUserId` in the current fixed minute (by the worker's clock), in Redis so every worker
 * shares it. When Redis cannot answer, the turn is answered: throttling protects capacity, it must never cost a
 * resident their reply.
 */
export async function throttleResidentTurns(
  redis: Redis,
  keyPrefix: string,
  oaUserId: string,
  nowMs: number,
): Promise<TurnAllowance> {
  const windowStartMs = nowMs - (nowMs % TURN_WINDOW_MS);
  const key = `${keyPrefix}:resident-turns:${oaUserId}:${windowStartMs}`;
  let count: number;
  try {
    const results = await redis
      .multi()
      .incr(key)
      .pexpire(key, 2 * TURN_WINDOW_MS)
      .exec();
    count = Number(results?.[0]?.[1] ?? 0);
  } catch {
    return { answer: true };
  }
  if (count <= RESIDENT_TURNS_PER_MINUTE) return { answer: true };
  return { answer: false, notify: count === RESIDENT_TURNS_PER_MINUTE + 1, windowStartMs };
}
