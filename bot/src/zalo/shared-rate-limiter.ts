import { setTimeout as sleep } from "node:timers/promises";
import type { Redis } from "ioredis";
import { ZaloRateLimitError } from "./zalo-errors.ts";

/**
 * GCRA with reservations, in one Lua script so every worker shares one schedule. Each call reserves the next free
 * slot (the "theoretical arrival time" advances by one interval) and answers how long to wait for it, so callers
 * queue up in order instead of polling. A pause key, set when Zalo answers -32, holds everyone back. Redis's own
 * clock (TIME) is used, so workers with skewed clocks still agree.
 * KEYS: tat, pause. ARGV: interval ms (may be fractional), max wait ms. Returns {reserved 0|1, wait ms}.
 */
const RESERVE_SCRIPT = `
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local pause = redis.call("PTTL", KEYS[2])
if pause > 0 then return {0, pause} end
local tat = tonumber(redis.call("GET", KEYS[1]) or "0")
if tat < now then tat = now end
local wait = tat - now
if wait > tonumber(ARGV[2]) then return {0, math.ceil(wait)} end
local next_tat = tat + tonumber(ARGV[1])
redis.call("SET", KEYS[1], string.format("%.3f", next_tat), "PX", math.ceil(next_tat - now) + 1000)
return {1, math.ceil(wait)}
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
    const deadline = Date.now() + this.options.maxWaitMs;
    for (;;) {
      const [reserved, waitMs] = (await this.options.redis.eval(
        RESERVE_SCRIPT,
        2,
        this.tatKey,
        this.pauseKey,
        String(this.intervalMs),
        String(Math.max(0, deadline - Date.now())),
      )) as [number, number];
      if (reserved === 1) {
        if (waitMs > 0) await sleep(waitMs);
        return;
      }
      // Paused after a -32: wait it out if the pause ends in time, then take a slot like everyone else.
      if (Date.now() + waitMs > deadline) {
        throw new ZaloRateLimitError(`shared Zalo rate limit: next slot in ${waitMs} ms`, null, waitMs);
      }
      await sleep(waitMs);
    }
  }

  /** Holds every process back for `ms` (called when Zalo answers -32 despite the pacing). */
  async pause(ms: number): Promise<void> {
    await this.options.redis.set(this.pauseKey, "1", "PX", Math.max(1, Math.round(ms)));
  }
}
