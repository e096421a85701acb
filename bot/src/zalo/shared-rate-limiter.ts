import { setTimeout as sleep } from "node:timers/promises";
import type { Redis } from "ioredis";
import { ZaloRateLimitError } from "./zalo-errors.ts";

/**
 * GCRA with reservations, in one Lua script so every worker shares one schedule. Each call reserves the next
 * `count` free slots (the "theoretical arrival time" advances by one interval per slot), as many of them as start
 * within the max wait, and answers how long to wait for the first; slot i starts i intervals later. Callers queue up
 * in order instead of polling, and a batch of sends costs one round trip. A pause key, set when Zalo answers -32,
 * holds everyone back. Redis's own clock (TIME) is used, so workers with skewed clocks still agree.
 * KEYS: tat, pause. ARGV: interval ms (may be fractional), max wait ms, count.
 * Returns {reserved (0 when paused or the first slot is too far), wait ms of the first slot (a decimal string)}.
 */
const RESERVE_SCRIPT = `
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local pause = redis.call("PTTL", KEYS[2])
if pause > 0 then return {0, tostring(pause)} end
local interval = tonumber(ARGV[1])
local max_wait = tonumber(ARGV[2])
local tat = tonumber(redis.call("GET", KEYS[1]) or "0")
if tat < now then tat = now end
local wait = tat - now
if wait > max_wait then return {0, string.format("%.3f", wait)} end
local n = math.min(tonumber(ARGV[3]), math.floor((max_wait - wait) / interval) + 1)
local next_tat = tat + n * interval
redis.call("SET", KEYS[1], string.format("%.3f", next_tat), "PX", math.ceil(next_tat - now) + 1000)
return {n, string.format("%.3f", wait)}
`;

export interface SharedRateLimiterOptions {
  redis: Redis;
  /** Keys are `<keyPrefix>:tat` and `<keyPrefix>:pause`; one prefix per Zalo app. */
  keyPrefix: string;
  ratePerMinute: number;
  /** A call that would wait longer than this fails with ZaloRateLimitError instead (the job retries later). */
  maxWaitMs: number;
}

/**
 * Zalo's per-app limit (4,000 calls a minute, note §2.7), shared by every process. Pacing at exactly the rate
 * puts at most `ratePerMinute` calls into any minute, which is what Zalo counts.
 */
export class SharedRateLimiter {
  private readonly intervalMs: number;
  private readonly tatKey: string;
  private readonly pauseKey: string;

  constructor(private readonly options: SharedRateLimiterOptions) {
    this.intervalMs = 60_000 / options.ratePerMinute;
    this.tatKey = `${options.keyPrefix}:tat`;
    this.pauseKey = `${options.keyPrefix}:pause`;
  }

  /** Waits for this call's slot; throws ZaloRateLimitError when that would take longer than `maxWaitMs`. */
  async acquire(): Promise<void> {
    const [at] = await this.reserve(1);
    const waitMs = (at ?? 0) - Date.now();
    if (waitMs > 0) await sleep(waitMs);
  }

  /**
   * Reserves `count` consecutive slots in as few round trips as the max wait allows (one, unless the limit is
   * far behind) and answers when each may go, as `Date.now()` times in order; the caller waits for each itself.
   * Throws ZaloRateLimitError when a slot would start later than `maxWaitMs` from now: the slots reserved so far
   * are spent (they pace nobody else's sends in the meantime, which only errs on the slow side).
   */
  async reserve(count: number): Promise<number[]> {
    const deadline = Date.now() + this.options.maxWaitMs;
    const slots: number[] = [];
    while (slots.length < count) {
      const [reserved, wait] = (await this.options.redis.eval(
        RESERVE_SCRIPT,
        2,
        this.tatKey,
        this.pauseKey,
        String(this.intervalMs),
        String(Math.max(0, deadline - Date.now())),
        String(count - slots.length),
      )) as [number, string];
      const waitMs = Number(wait);
      const first = Date.now() + waitMs;
      if (reserved > 0) {
        for (let i = 0; i < reserved; i++) slots.push(first + i * this.intervalMs);
        continue;
      }
      // Paused after a -32: wait it out if the pause ends in time, then take slots like everyone else.
      if (first > deadline) {
        throw new ZaloRateLimitError(`shared Zalo rate limit: next slot in ${Math.ceil(waitMs)} ms`, null, waitMs);
      }
      await sleep(waitMs);
    }
    return slots;
  }

  /** Holds every process back for `ms` (called when Zalo answers -32 despite the pacing). */
  async pause(ms: number): Promise<void> {
    await this.options.redis.set(this.pauseKey, "1", "PX", Math.max(1, Math.round(ms)));
  }
}
