import type { Redis } from "ioredis";
import type { ZaloMessageShape } from "./convert-to-zalo-message.ts";

/** How long a process trusts its own "not downgraded" reading before asking Redis again (another worker may have). */
export const DOWNGRADE_RECHECK_MS = 10_000;

/**
 * The message shapes Zalo refused since the workers started (e.g. buttons on a text: note §8 lists it as
 * unconfirmed on v3). Kept in process memory and in one Redis set shared by every worker, so one refusal switches
 * every worker to plain text with numbered choices; a worker start clears the set, so a fixed platform (or a
 * corrected payload) is tried again after the next deployment.
 */
export class MessageShapeDowngrades {
  private readonly known = new Set<ZaloMessageShape>();
  private checkedAtMs = 0;

  constructor(
    private readonly redis: Pick<Redis, "sadd" | "smembers" | "del">,
    private readonly key: string,
  ) {}

  async isDowngraded(shape: ZaloMessageShape): Promise<boolean> {
    if (this.known.has(shape)) return true;
    if (Date.now() - this.checkedAtMs < DOWNGRADE_RECHECK_MS) return false;
    try {
      for (const member of await this.redis.smembers(this.key)) this.known.add(member as ZaloMessageShape);
      this.checkedAtMs = Date.now();
    } catch {
      // Redis away: go on with what this process knows; a refused send still falls back by itself.
    }
    return this.known.has(shape);
  }

  /** Answers true for the one process, across all of them, that recorded this shape first. */
  async record(shape: ZaloMessageShape): Promise<boolean> {
    const firstHere = !this.known.has(shape);
    this.known.add(shape);
    try {
      return (await this.redis.sadd(this.key, shape)) === 1;
    } catch {
      return firstHere;
    }
  }

  /** At worker start: every shape gets another chance. */
  async clear(): Promise<void> {
    this.known.clear();
    this.checkedAtMs = 0;
    await this.redis.del(this.key);
  }
}
