import { hostname } from "node:os";
import type { WorkerRuntime } from "./worker-runtime.ts";

/** The worker proves it works this often; the key outlives three missed beats, then the container is unhealthy. */
export const HEARTBEAT_EVERY_MS = 10_000;
export const HEARTBEAT_TTL_MS = 35_000;

/** One key per worker process (its container's host name), so a health check reads its own worker's beat. */
export function heartbeatKey(queuePrefix: string, host: string = hostname()): string {
  return `${queuePrefix}:worker-heartbeat:${host}`;
}

/**
 * Writes the worker's heartbeat (Redis, with a TTL) while it really works: every queue's BullMQ worker is
 * running and PostgreSQL answers. A process that is alive but stuck (Redis or the database unreachable, a worker
 * closed after an error) stops beating, and `check-worker-health.ts` then fails the container's health check.
 */
export function startWorkerHeartbeat(runtime: WorkerRuntime, key: string, everyMs = HEARTBEAT_EVERY_MS) {
  const { prisma, redis, log } = runtime.ctx;
  let stopped = false;
  const beat = async () => {
    try {
      const running = runtime.workers.every((worker) => worker.isRunning());
      if (!running) throw new Error("a queue worker is not running");
      await prisma.$queryRaw`SELECT 1`;
      // Checked again: a worker may have stopped while the database answered.
      if (!runtime.workers.every((worker) => worker.isRunning())) throw new Error("a queue worker is not running");
      await redis.set(key, String(Date.now()), "PX", HEARTBEAT_TTL_MS);
    } catch (error) {
      log.warn({ err: (error as Error).message }, "worker heartbeat skipped");
    }
  };
  const timer = setInterval(() => {
    if (!stopped) void beat();
  }, everyMs);
  timer.unref();
  const first = beat();
  return {
    /** The first beat, for callers that want to wait for it. */
    first,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await redis.del(key).catch(() => undefined);
    },
  };
}
