import { type JobsOptions, Queue, type QueueOptions } from "bullmq";
import type { Redis } from "ioredis";

/**
 * The one module that owns the queues: their names, payloads (unions discriminated on `type`), default job
 * options and recurring schedules. Every job is idempotent, because Redis here keeps nothing on disk and a job
 * may be lost or run twice: PostgreSQL holds the truth (inbound events, outbound messages, deliveries, reminders)
 * and the recurring `recover-*` jobs re-enqueue whatever the database says is unfinished.
 */

export const QUEUE = {
  /** One conversation turn per stored webhook event. */
  inbound: "inbound",
  /** Single messages to residents (replies, reminders, help updates), each an OutboundMessage row. */
  outbound: "outbound",
  /** Broadcast fan-out: plan a page of recipients, send a broadcast's deliveries a batch at a time. */
  broadcast: "broadcast",
  /** Reports: one job builds one ExportJob row's file, in the worker (never in the server). */
  exports: "exports",
  /** Recurring maintenance: declared in RECURRING_JOBS. */
  cron: "cron",
} as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

export type InboundJob = { type: "process-event"; eventId: string };
export type OutboundJob = { type: "send-message"; outboundId: string };
/**
 * Broadcast fan-out. Every job is safe to run twice: starting is a SCHEDULED→SENDING transition, planning a page
 * inserts delivery rows with ON CONFLICT DO NOTHING, and a send lane claims its delivery rows QUEUED→SENDING.
 */
export type BroadcastJob =
  /** Start a broadcast whose send time has come (or defer it to the morning during quiet hours). */
  | { type: "start-broadcast"; broadcastId: string }
  /** Create the delivery rows of one audience page (recipients with id > afterId), queue the next page. */
  | { type: "plan-page"; broadcastId: string; afterId: string | null }
  /**
   * One send lane of a broadcast: claims a batch of its QUEUED rows at a time (SKIP LOCKED, so lanes on every
   * worker share them), sends, settles, and again, until none is left; `lane` < SEND_LANES.
   */
  | { type: "send-batch"; broadcastId: string; lane: number };
export type ExportsJob = { type: "build-export"; exportId: string };
export type CronJob =
  | { type: "purge-exports" }
  | { type: "recover-inbox" }
  | { type: "recover-outbound" }
  | { type: "recover-broadcasts" }
  | { type: "refresh-oa-token" }
  | { type: "scan-reminders" }
  | { type: "escalate-help-requests" }
  | { type: "purge-unanswered-questions" }
  /** Blank the payloads of stored inbound events older than INBOUND_RETENTION_DAYS. */
  | { type: "purge-inbound-payloads" }
  /** Blank help requests' phone and hamlet HELP_CONTACT_RETENTION_DAYS after they were done or cancelled. */
  | { type: "erase-help-contacts" };

export interface JobPayloads {
  inbound: InboundJob;
  outbound: OutboundJob;
  broadcast: BroadcastJob;
  exports: ExportsJob;
  cron: CronJob;
}

/** Transient failures (network, 5xx, -32) retry with exponential backoff; permanent ones throw UnrecoverableError. */
const DEFAULT_JOB_OPTIONS: Record<QueueName, JobsOptions> = {
  inbound: {
    attempts: 5,
    backoff: { type: "exponential", delay: 1_000 },
    removeOnComplete: 1_000,
    removeOnFail: 5_000,
  },
  outbound: {
    attempts: 8,
    backoff: { type: "exponential", delay: 2_000 },
    removeOnComplete: 1_000,
    removeOnFail: 5_000,
  },
  broadcast: {
    attempts: 8,
    backoff: { type: "exponential", delay: 2_000 },
    removeOnComplete: 1_000,
    removeOnFail: 5_000,
  },
  // A failed build marks its row FAILED and the admin asks again; a crashed one is re-run once by BullMQ's
  // stalled-job check (the build starts its file over).
  exports: { attempts: 1, removeOnComplete: 100, removeOnFail: 500 },
  cron: { attempts: 1, removeOnComplete: 100, removeOnFail: 500 },
};

export const RECOVER_INBOX_EVERY_MS = 30_000;

/** Recurring jobs, upserted at worker start (upsert is idempotent: restarting never doubles a schedule). */
export const RECURRING_JOBS: ReadonlyArray<{ id: string; everyMs: number; data: CronJob }> = [
  { id: "recover-inbox", everyMs: RECOVER_INBOX_EVERY_MS, data: { type: "recover-inbox" } },
  { id: "recover-outbound", everyMs: 60_000, data: { type: "recover-outbound" } },
  { id: "recover-broadcasts", everyMs: 60_000, data: { type: "recover-broadcasts" } },
  { id: "refresh-oa-token", everyMs: 15 * 60_000, data: { type: "refresh-oa-token" } },
  { id: "scan-reminders", everyMs: 5 * 60_000, data: { type: "scan-reminders" } },
  { id: "escalate-help-requests", everyMs: 15 * 60_000, data: { type: "escalate-help-requests" } },
  { id: "purge-unanswered-questions", everyMs: 6 * 60 * 60_000, data: { type: "purge-unanswered-questions" } },
  { id: "purge-inbound-payloads", everyMs: 60 * 60_000, data: { type: "purge-inbound-payloads" } },
  { id: "purge-exports", everyMs: 5 * 60_000, data: { type: "purge-exports" } },
  { id: "erase-help-contacts", everyMs: 60 * 60_000, data: { type: "erase-help-contacts" } },
];

export type Queues = { [K in QueueName]: Queue<JobPayloads[K]> };

export function queueOptions(connection: Redis, prefix: string): QueueOptions {
  return { connection, prefix };
}

/** Opens every queue on one shared connection. */
export function createQueues(connection: Redis, prefix: string): Queues {
  const open = <K extends QueueName>(name: K): Queue<JobPayloads[K]> =>
    new Queue<JobPayloads[K]>(name, {
      ...queueOptions(connection, prefix),
      defaultJobOptions: DEFAULT_JOB_OPTIONS[name],
    });
  return {
    inbound: open("inbound"),
    outbound: open("outbound"),
    broadcast: open("broadcast"),
    exports: open("exports"),
    cron: open("cron"),
  };
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}

const RECOVERY_JOBS: ReadonlySet<CronJob["type"]> = new Set([
  "recover-inbox",
  "recover-outbound",
  "recover-broadcasts",
]);

/**
 * Schedules the recurring jobs; safe to call at every start and after Redis lost everything (the schedules live in
 * Redis too). `recoveryTimeScale` (config RECOVERY_TIME_SCALE) shortens the recover-* intervals.
 */
export async function upsertRecurringJobs(queues: Queues, recoveryTimeScale = 1): Promise<void> {
  for (const job of RECURRING_JOBS) {
    const every = RECOVERY_JOBS.has(job.data.type) ? Math.round(job.everyMs * recoveryTimeScale) : job.everyMs;
    await queues.cron.upsertJobScheduler(job.id, { every }, { name: job.data.type, data: job.data });
  }
}

/** Enqueues stored inbound events in one round trip (job id = `event-<id>`, so a repeat is harmless). */
export async function enqueueInboundEvents(queues: Queues, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await queues.inbound.addBulk(
    eventIds.map((eventId) => ({
      name: "process-event",
      data: { type: "process-event" as const, eventId },
      opts: { jobId: `event-${eventId}` },
    })),
  );
}

/** The send job of one OutboundMessage row: its id is the row's, so queueing the same row twice is harmless. */
export function outboundJobId(outboundId: string): string {
  return `out-${outboundId}`;
}

/**
 * Queues the send of one OutboundMessage row; `delayMs` holds it back (a member's notice written in the quiet hours
 * waits for their end). The send job checks the row's `notBefore` again when it runs, so a job promoted or re-queued
 * early does not send early.
 */
export async function enqueueOutbound(queues: Queues, outboundId: string, delayMs = 0): Promise<void> {
  await queues.outbound.add(
    "send-message",
    { type: "send-message", outboundId },
    { jobId: outboundJobId(outboundId), ...(delayMs > 0 ? { delay: Math.ceil(delayMs) } : {}) },
  );
}

/** Queues the build of an export; the row id doubles as the job id, so queueing twice is harmless. */
export async function enqueueExportBuild(queues: Queues, exportId: string): Promise<void> {
  await queues.exports.add("build-export", { type: "build-export", exportId }, { jobId: `export-${exportId}` });
}

/** Job ids may not contain ":" in BullMQ 5; ids made of cuids and dashes are safe. */
export function broadcastStartJobId(broadcastId: string, sendAt: Date): string {
  return `start-${broadcastId}-${sendAt.getTime()}`;
}

/** Queues the start of a broadcast at its send time. The id carries the time, so a rescheduled start is a new job. */
export async function enqueueBroadcastStart(
  queues: Queues,
  broadcastId: string,
  sendAt: Date,
  now: Date,
): Promise<void> {
  await queues.broadcast.add(
    "start-broadcast",
    { type: "start-broadcast", broadcastId },
    { jobId: broadcastStartJobId(broadcastId, sendAt), delay: Math.max(0, sendAt.getTime() - now.getTime()) },
  );
}

export function planPageJobId(broadcastId: string, afterId: string | null): string {
  return `plan-${broadcastId}-${afterId ?? "start"}`;
}

/**
 * Queues the planning of one page; answers the job id. `retry` distinguishes a recovery's re-plan from the
 * original job, which may still be kept as completed.
 */
export async function enqueuePlanPage(
  queues: Queues,
  broadcastId: string,
  afterId: string | null,
  retry?: string,
): Promise<string> {
  const jobId = retry ? `${planPageJobId(broadcastId, afterId)}-${retry}` : planPageJobId(broadcastId, afterId);
  await queues.broadcast.add("plan-page", { type: "plan-page", broadcastId, afterId }, { jobId });
  return jobId;
}

/**
 * Sends carry a priority and planning does not: BullMQ takes jobs without priority first, so the next audience
 * page is planned at once instead of waiting behind a send lane.
 */
export const SEND_BATCH_PRIORITY = 10;

/**
 * Queues a send lane under a fresh job id (the caller records it as the lane's owner); `delayMs` to resume after a
 * backoff or quiet hours. Several jobs of one lane are harmless: only the recorded owner goes on, and the claim
 * stops any double send.
 */
export async function enqueueSendLane(
  queues: Queues,
  broadcastId: string,
  lane: number,
  tag: string,
  delayMs = 0,
): Promise<string> {
  const jobId = `send-${broadcastId}-${lane}-${tag}`;
  await queues.broadcast.add(
    "send-batch",
    { type: "send-batch", broadcastId, lane },
    { jobId, priority: SEND_BATCH_PRIORITY, ...(delayMs > 0 ? { delay: Math.ceil(delayMs) } : {}) },
  );
  return jobId;
}

/**
 * Runs the reminder scan now rather than at its next 5-minute tick, e.g. right after a registration day was
 * cancelled, so its residents hear of it at once. A scan running twice is harmless (its planning and sending are
 * both idempotent); if this job is lost, the recurring scan does the same a few minutes later.
 */
export async function enqueueReminderScanNow(queues: Queues, reason: string, now: Date): Promise<void> {
  await queues.cron.add(
    "scan-reminders",
    { type: "scan-reminders" },
    { jobId: `scan-now-${reason.replace(/[^A-Za-z0-9_-]/g, "-")}-${now.getTime()}` },
  );
}

/** The recurring jobs whose work depends on "now": after the clock moved they run at once. */
const CLOCK_DRIVEN_JOBS = ["scan-reminders", "escalate-help-requests", "recover-broadcasts"] as const;

/**
 * Development only (bot/src/dev-clock.ts): after the emulator's clock moved, the work that became due runs now
 * rather than at its next real-time tick. The scans decide by the moved clock; broadcast and outbound jobs delayed in
 * real time (a scheduled start, a send lane paused for quiet hours, a member's notice held for the morning) are
 * promoted, and each checks its time again when it runs (a start not yet due queues itself again, a lane still in
 * quiet hours waits again, a notice not yet due goes back to waiting).
 */
export async function runClockDrivenJobsNow(queues: Queues, now: Date): Promise<void> {
  for (const type of CLOCK_DRIVEN_JOBS) {
    await queues.cron.add(type, { type }, { jobId: `clock-moved-${type}-${now.getTime()}` });
  }
  await queues.broadcast.promoteJobs();
  await queues.outbound.promoteJobs();
}
