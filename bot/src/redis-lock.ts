import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

/** Deletes the lock only if this owner still holds it (it may have expired and been taken by another). */
const RELEASE_LOCK_SCRIPT = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;

export interface RedisLockOptions {
  /** The lock expires on its own after this long, so a crashed holder never blocks forever. */
  ttlMs: number;
  /** How long to wait for another holder before giving up with `onTimeout()`. */
  waitMs: number;
  pollMs?: number;
  /** The error to throw when the lock could not be had in time (typically a retryable one). */
  onTimeout: () => Error;
}

/** Runs `work` holding a cross-process lock (`SET NX PX` with an owner token), waiting for another holder first. */
export async function withRedisLock<T>(
  redis: Redis,
  key: string,
  { ttlMs, waitMs, pollMs = 50, onTimeout }: RedisLockOptions,
  work: () => Promise<T>,
): Promise<T> {
  const owner = randomUUID();
  const deadline = Date.now() + waitMs;
  while ((await redis.set(key, owner, "PX", ttlMs, "NX")) !== "OK") {
    if (Date.now() > deadline) throw onTimeout();
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  try {
    return await work();
  } finally {
    await redis.eval(RELEASE_LOCK_SCRIPT, 1, key, owner).catch(() => undefined);
  }
}
