import { type Job, Worker } from "bullmq";
import { Redis } from "ioredis";
import pino from "pino";
import type { Config } from "./config.ts";
import { createPrisma } from "./db.ts";
import { processBroadcastJob } from "./jobs/broadcast.ts";
import { processCronJob } from "./jobs/cron.ts";
import { processInboundJob } from "./jobs/inbound.ts";
import type { JobContext } from "./jobs/job-context.ts";
import { processOutboundJob } from "./jobs/outbound.ts";
import { loggerOptions } from "./logger.ts";
import {
  closeQueues,
  createQueues,
  type JobPayloads,
  QUEUE,
  type QueueName,
  upsertRecurringJobs,
} from "./queues/queues.ts";
import { withTimeout } from "./with-timeout.ts";
import { OaTokenStore } from "./zalo/oa-token-store.ts";
import { ZaloClient, type ZaloClientDeps } from "./zalo/zalo-client.ts";

/** How long a shutdown waits for in-flight jobs before leaving them to BullMQ's stalled-job recovery. */
export const SHUTDOWN_GRACE_MS = 20_000;

/** Per-queue concurrency: conversation turns are short DB work; sends wait on Zalo. */
const CONCURRENCY: Record<QueueName, number> = { inbound: 8, outbound: 8, broadcast: 16, cron: 1 };

type Processor<K extends QueueName> = (ctx: JobContext, job: Job<JobPayloads[K]>) => Promise<unknown>;
const PROCESSORS: { [K in QueueName]: Processor<K> } = {
  inbound: processInboundJob,
  outbound: processOutboundJob,
  broadcast: processBroadcastJob,
  cron: processCronJob,
};

export interface WorkerRuntime {
  ctx: JobContext;
  workers: Worker[];
  /** Stops taking jobs, waits for in-flight ones (up to SHUTDOWN_GRACE_MS), then closes connections. */
  close(): Promise<void>;
}

export interface StartWorkersOptions {
  config: Config;
  now?: () => Date;
  /** Tests pick the queues they exercise; production runs all of them. */
  queues?: QueueName[];
  /** Tests skip the recurring schedules and call the cron handlers directly. */
  recurring?: boolean;
  /** Tests observe or fault Zalo calls and shorten the client's pauses. */
  zalo?: Pick<ZaloClientDeps, "fetch" | "rateLimitPauseMs" | "rateLimitMaxWaitMs" | "requestTimeoutMs">;
}

export async function startWorkers({
  config,
  now = () => new Date(),
  queues: only,
  recurring = true,
  zalo: zaloOptions = {},
}: StartWorkersOptions): Promise<WorkerRuntime> {
  const log = pino(loggerOptions(config));
  const prisma = createPrisma(config.DATABASE_URL);
  // Workers block on Redis: BullMQ requires maxRetriesPerRequest null on their connections.
  const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  const queues = createQueues(new Redis(config.REDIS_URL, { maxRetriesPerRequest: null }), config.QUEUE_PREFIX);
  // The Zalo client's own connection: its rate limiter and token lock are short commands that must not queue
  // behind a worker's blocking reads.
  const zaloRedis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 });
  const tokens = new OaTokenStore({
    config,
    prisma,
    redis: zaloRedis,
    log,
    now,
    ...(zaloOptions.fetch ? { fetch: zaloOptions.fetch } : {}),
  });
  const zalo = new ZaloClient({ config, tokens, redis: zaloRedis, log, ...zaloOptions });
  const ctx: JobContext = { config, prisma, queues, log, redis: zaloRedis, now, zalo };

  const names = only ?? (Object.values(QUEUE) as QueueName[]);
  const workers = names.map((name) => {
    const processor = PROCESSORS[name] as Processor<QueueName>;
    const worker = new Worker<JobPayloads[QueueName]>(name, (job) => processor(ctx, job), {
      connection,
      prefix: config.QUEUE_PREFIX,
      concurrency: CONCURRENCY[name],
    });
    worker.on("failed", (job, err) =>
      log.warn(
        { queue: name, jobId: job?.id, type: job?.data.type, attempts: job?.attemptsMade, err: err.message },
        "job failed",
      ),
    );
    worker.on("error", (err) => log.error({ queue: name, err: err.message }, "worker error"));
    return worker;
  });
  if (recurring) await upsertRecurringJobs(queues);

  return {
    ctx,
    workers,
    close: async () => {
      // withTimeout clears its timer: a quick close must not keep the process alive for the whole grace period.
      const timedOut = await withTimeout(Promise.all(workers.map((w) => w.close())), SHUTDOWN_GRACE_MS).then(
        () => false,
        () => true,
      );
      if (timedOut) {
        // Jobs still running are left locked; BullMQ moves them back to waiting when their lock expires.
        log.warn("shutdown grace elapsed; unfinished jobs will be retried by another worker");
        await Promise.all(workers.map((w) => w.close(true)));
      }
      await closeQueues(queues);
      await Promise.all([
        connection.quit().catch(() => undefined),
        zaloRedis.quit().catch(() => undefined),
        prisma.$disconnect(),
      ]);
    },
  };
}
