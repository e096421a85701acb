import { type Job, Worker } from "bullmq";
import { Redis } from "ioredis";
import pino from "pino";
import type { Config } from "./config.ts";
import { createPgPool, createPrisma, warmUpPrisma } from "./db.ts";
import { type DevClock, startDevClock } from "./dev-clock.ts";
import { startInboundRelay } from "./inbox/inbound-relay.ts";
import { processBroadcastJob } from "./jobs/broadcast.ts";
import { processCronJob } from "./jobs/cron.ts";
import { processExportsJob } from "./jobs/exports.ts";
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
  runClockDrivenJobsNow,
  upsertRecurringJobs,
} from "./queues/queues.ts";
import { raiseAlertOnce } from "./services/alerts-service.ts";
import { withTimeout } from "./with-timeout.ts";
import type { ZaloMessageShape } from "./zalo/convert-to-zalo-message.ts";
import { OaTokenStore } from "./zalo/oa-token-store.ts";
import { ZaloClient, type ZaloClientDeps } from "./zalo/zalo-client.ts";

/** How long a shutdown waits for in-flight jobs before leaving them to BullMQ's stalled-job recovery. */
export const SHUTDOWN_GRACE_MS = 20_000;

/** Per-queue concurrency: conversation turns are short DB work; sends wait on Zalo. */
/** Exports: one at a time per worker, so a burst of reports costs one file's worth of memory and one core. */
const CONCURRENCY: Record<QueueName, number> = { inbound: 8, outbound: 8, broadcast: 16, exports: 1, cron: 1 };

type Processor<K extends QueueName> = (ctx: JobContext, job: Job<JobPayloads[K]>) => Promise<unknown>;
const PROCESSORS: { [K in QueueName]: Processor<K> } = {
  inbound: processInboundJob,
  outbound: processOutboundJob,
  broadcast: processBroadcastJob,
  exports: processExportsJob,
  cron: processCronJob,
};

const SHAPE_NAMES: Record<ZaloMessageShape, string> = {
  text: "tin chữ",
  "text-buttons": "tin chữ có nút bấm",
  media: "tin hình ảnh",
  "media-buttons": "tin hình ảnh có nút bấm",
  // Its fallback asks the resident to type their phone number instead of sharing it with one tap.
  "request-user-info": "thẻ xin chia sẻ số điện thoại (request_user_info)",
};

export function downgradeAlertText(shape: ZaloMessageShape, code: number, message: string): string {
  return (
    `Zalo từ chối ${SHAPE_NAMES[shape]} (mã ${code}: ${message.slice(0, 120)}). Chatbot vẫn trả lời người dân: ` +
    "từ nay gửi chữ kèm các lựa chọn đánh số (người dân gõ số để chọn) cho loại tin này đến lần khởi động lại tiếp theo. " +
    "Báo đội kỹ thuật kiểm tra định dạng tin với Zalo."
  );
}

export interface WorkerRuntime {
  ctx: JobContext;
  workers: Worker[];
  /** Stops taking jobs, waits for in-flight ones (up to SHUTDOWN_GRACE_MS), then closes connections. */
  close(): Promise<void>;
}

export interface StartWorkersOptions {
  config: Config;
  /** Tests move time with their own clock; otherwise real time, or the emulator's when DEV_CLOCK_URL is set. */
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
  now: givenNow,
  queues: only,
  recurring = true,
  zalo: zaloOptions = {},
}: StartWorkersOptions): Promise<WorkerRuntime> {
  const log = pino(loggerOptions(config));
  // Development only: follow the emulator's clock, and run the time-driven scans as soon as it moves.
  let devClock: DevClock | null = null;
  if (!givenNow && config.DEV_CLOCK_URL) {
    devClock = await startDevClock({
      url: config.DEV_CLOCK_URL,
      log,
      onMove: () => runClockDrivenJobsNow(queues, now()),
    });
  }
  const now = givenNow ?? devClock?.now ?? (() => new Date());
  const prisma = createPrisma(config.DATABASE_URL);
  const pgPool = createPgPool(config.DATABASE_URL, (err) => log.warn({ err: err.message }, "idle PostgreSQL client"));
  // Workers block on Redis: BullMQ requires maxRetriesPerRequest null on their connections.
  const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  const queueConnection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  const queues = createQueues(queueConnection, config.QUEUE_PREFIX);
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
  const zalo = new ZaloClient({
    config,
    tokens,
    redis: zaloRedis,
    log,
    onShapeDowngraded: async (shape, code, message) => {
      await raiseAlertOnce(prisma, "ZALO_MESSAGE_DOWNGRADED", downgradeAlertText(shape, code, message));
    },
    ...zaloOptions,
  });
  // Every start gives refused shapes another chance (the platform or the payload may have been fixed).
  await zalo.downgrades.clear().catch((err: Error) => log.warn({ err: err.message }, "could not clear downgrades"));
  await warmUpPrisma(prisma, log);
  const ctx: JobContext = { config, prisma, pg: pgPool, queues, log, redis: zaloRedis, now, zalo };

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
  // Each worker opens its own blocking connection and checks Redis's version on it. Closed before that check
  // answers, BullMQ (5.81) rejects the check after removing its listeners: an unhandled «Connection is closed»
  // (seen in tests that stop a worker soon after the start). A runtime is returned only once every worker is ready.
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  // The webhook only stores events: the worker that runs the conversations queues them (inbox/inbound-relay.ts).
  const relay = names.includes("inbound") ? await startInboundRelay({ config, log }) : null;
  if (recurring) {
    await upsertRecurringJobs(queues, config.RECOVERY_TIME_SCALE);
    // Redis keeps nothing on disk here: a restart loses the schedules with the jobs, and without them no recover-*
    // job would ever run again. Every reconnection puts them back (upserting is idempotent).
    queueConnection.on("ready", () => {
      upsertRecurringJobs(queues, config.RECOVERY_TIME_SCALE).catch((err: Error) =>
        log.warn({ err: err.message }, "recurring jobs not rescheduled after a Redis reconnection"),
      );
    });
  }

  return {
    ctx,
    workers,
    close: async () => {
      devClock?.stop();
      await relay?.close();
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
        pgPool.end().catch(() => undefined),
      ]);
    },
  };
}
