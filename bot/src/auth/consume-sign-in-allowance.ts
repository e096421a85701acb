import type { Redis } from "ioredis";

/**
 * Sign-ins per Zalo user, on top of the per-IP limit of the route: a leaked Zalo token (or a script replaying
 * one user's tokens from many addresses) cannot mint sessions without end. A person opening the mini-app signs in
 * once per launch; twenty launches in ten minutes is far beyond that.
 */
export const SIGN_IN_PER_ZALO_USER_MAX = 20;
export const SIGN_IN_PER_ZALO_USER_WINDOW_MS = 10 * 60_000;

export interface SignInAllowance {
  allowed: boolean;
  retryAfterMs: number;
}

/**
 * Counts one sign-in of `zaloId` in a fixed window kept in Redis (shared by every server process). When Redis
 * cannot answer, the sign-in is allowed: the per-IP limit still holds, and a Redis outage must not lock people out.
 */
export async function consumeSignInAllowance(
  redis: Redis,
  keyPrefix: string,
  zaloId: string,
): Promise<SignInAllowance> {
  const key = `${keyPrefix}:sign-in:${zaloId}`;
  try {
    const results = await redis
      .multi()
      .set(key, "0", "PX", SIGN_IN_PER_ZALO_USER_WINDOW_MS, "NX")
      .incr(key)
      .pttl(key)
      .exec();
    const count = Number(results?.[1]?.[1] ?? 0);
    const ttl = Number(results?.[2]?.[1] ?? 0);
    return { allowed: count <= SIGN_IN_PER_ZALO_USER_MAX, retryAfterMs: Math.max(ttl, 0) };
  } catch {
    return { allowed: true, retryAfterMs: 0 };
  }
}
