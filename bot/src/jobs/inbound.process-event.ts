import { CHECKLISTS } from "@xks/shared/checklists/index";
import type { InboundMessage } from "../channel/messages.ts";
import { listNumberedChoices } from "../channel/numbered-choices.ts";
import { parseConversationState } from "../conversation/conversation-state.ts";
import { overrideKey } from "../conversation/render-step.ts";
import { runConversationTurn } from "../conversation/run-conversation-turn.ts";
import { TEXT } from "../conversation/texts.ts";
import { hasOpenEventFor } from "../events/sign-up-resident.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { loadOpenHelpRequests } from "../help-requests/withdraw-resident-requests.ts";
import { handleMemberLinkMessage } from "../members/handle-member-link-message.ts";
import { deferOutboundQueueing } from "../outbound/defer-outbound-queueing.ts";
import { queueOutboundMessage, readOutboundPayload } from "../outbound/queue-outbound-message.ts";
import type { Queues } from "../queues/queues.ts";
import { loadQuizzesForTurn } from "../quizzes/load-quizzes-for-turn.ts";
import { loadKnowledgeBase } from "../services/knowledge-service.ts";
import { decideTakeoverTurn, isTakenOver } from "../takeover/decide-takeover-turn.ts";
import { TAKEOVER_TEXT } from "../takeover/takeover-texts.ts";
import { indexForVersion } from "../understanding/index-for-version.ts";
import { understand } from "../understanding/understand.ts";
import { loadUnitOptions } from "../units/load-unit-options.ts";
import { contactSealFor } from "../zalo/contact-seal.ts";
import { convertZaloEvent } from "../zalo/convert-zalo-event.ts";
import { applyTurnEffects } from "./inbound.apply-turn-effects.ts";
import { isOaSendEcho, processOaEcho } from "./inbound.process-oa-echo.ts";
import { fetchDisplayName } from "./inbound.resident-profile.ts";
import type { JobContext } from "./job-context.ts";
import { throttleResidentTurns } from "./throttle-resident-turns.ts";

type Tx = Prisma.TransactionClient;

/**
 * A turn can wait for the resident's lock while another of their events is processed; both are short, so these
 * bounds only stop a stuck database from holding a worker forever.
 */
const TURN_TRANSACTION_TIMEOUT_MS = 30_000;
const TURN_LOCK_WAIT_MS = 30_000;

/**
 * How long one worker may hold a resident's inbox before another may take over (it is extended after every event,
 * so only a worker that died or hangs loses it). Longer than one turn may take (TURN_TRANSACTION_TIMEOUT_MS).
 */
const RESIDENT_INBOX_LEASE_MS = 45_000;
/** Events taken per look at a resident's inbox; a flood is worked through in batches of this many, in order. */
const INBOX_BATCH = 20;
/** Deletes the lease only if this owner still holds it; extends it likewise. */
const RELEASE_LEASE_SCRIPT = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;
const EXTEND_LEASE_SCRIPT = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) else return 0 end`;

export type ProcessOutcome =
  | "replied"
  | "ignored"
  | "already-processed"
  | "missing"
  /** Over the resident's turns a minute: recorded, not answered (one notice a minute). */
  | "throttled"
  /** Another worker is working through this resident's events and will reach this one. */
  | "handed-over"
  /** A staff member answered by hand in Zalo's OA chat: the takeover started or was extended. */
  | "taken-over"
  /** The resident wrote while taken over: recorded, not answered. */
  | "silenced";

/**
 * Processes a stored event, and with it every unprocessed event of the same resident, oldest first.
 *
 * A flood from one resident (hundreds of messages a minute) must not take every worker: if each job waited for the
 * resident's lock, all of the queue's concurrency would sit waiting behind one person while other residents'
 * events stayed queued. Instead one worker takes a lease on the resident's inbox (Redis `SET NX`) and works
 * through their RECEIVED events in the order they were received; the jobs of that resident's other events find
 * the lease taken and finish at once, freeing their slot for other residents.
 *
 * Why nothing is left behind: an event is stored before its job is queued, so if its job found the lease taken,
 * the holder had not released it yet; after releasing, the holder looks again and takes the lease again if
 * anything is left. A holder that dies loses the lease after RESIDENT_INBOX_LEASE_MS, and its own job is retried
 * by BullMQ (stalled), which drains the inbox again.
 *
 * One bad event never fails the others: an event that throws is skipped for the rest of the pass (its own job
 * retries it, and marks it FAILED after its last attempt) and the following events are processed.
 */
export async function processInboundEvent(ctx: JobContext, eventId: string): Promise<ProcessOutcome> {
  const event = await ctx.prisma.inboundEvent.findUnique({
    where: { id: eventId },
    select: { status: true, oaUserId: true },
  });
  if (!event) return "missing";
  if (!event.oaUserId) return processOneEvent(ctx, eventId);
  return drainResidentInbox(ctx, event.oaUserId, eventId, event.status === "RECEIVED");
}

async function drainResidentInbox(
  ctx: JobContext,
  oaUserId: string,
  ownEventId: string,
  ownPending: boolean,
): Promise<ProcessOutcome> {
  const lease = `${ctx.config.QUEUE_PREFIX}:resident-inbox:${oaUserId}`;
  const owner = `${process.pid}:${ownEventId}:${Math.random().toString(36).slice(2)}`;
  let ownOutcome: ProcessOutcome = ownPending ? "handed-over" : "already-processed";
  let ownError: unknown = null;
  const skipped: string[] = [];
  for (;;) {
    let taken: string | null;
    try {
      taken = await ctx.redis.set(lease, owner, "PX", RESIDENT_INBOX_LEASE_MS, "NX");
    } catch {
      // Without Redis there is no lease: process this event alone (the advisory lock still serialises turns).
      return ownPending ? processOneEvent(ctx, ownEventId) : ownOutcome;
    }
    if (taken !== "OK") break;
    let leaseExtendedAt = Date.now();
    try {
      // One batch per lease: its events in order, then the lease goes back and we look again (below). In the
      // common case (one pending event) that is one query before the turn and one after it.
      for (const next of await pendingEvents(ctx, oaUserId, skipped, INBOX_BATCH)) {
        try {
          const outcome = await processOneEvent(ctx, next.id);
          if (next.id === ownEventId) ownOutcome = outcome;
        } catch (error) {
          skipped.push(next.id);
          if (next.id === ownEventId) ownError = error;
          else ctx.log.warn({ eventId: next.id, err: (error as Error).message }, "event left to its own job's retry");
        }
        if (Date.now() - leaseExtendedAt > RESIDENT_INBOX_LEASE_MS / 3) {
          leaseExtendedAt = Date.now();
          await ctx.redis.eval(EXTEND_LEASE_SCRIPT, 1, lease, owner, RESIDENT_INBOX_LEASE_MS).catch(() => undefined);
        }
      }
    } finally {
      await ctx.redis.eval(RELEASE_LEASE_SCRIPT, 1, lease, owner).catch(() => undefined);
    }
    // Anything left (a full batch, or an event stored while we held the lease whose job handed it over to us)?
    if ((await pendingEvents(ctx, oaUserId, skipped, 1)).length === 0) break;
  }
  if (ownError) throw ownError;
  return ownOutcome;
}

function pendingEvents(ctx: JobContext, oaUserId: string, skipped: string[], take: number) {
  return ctx.prisma.inboundEvent.findMany({
    where: { oaUserId, status: "RECEIVED", ...(skipped.length > 0 ? { id: { notIn: skipped } } : {}) },
    orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
    select: { id: true },
    take,
  });
}

/**
 * One conversation turn for a stored webhook event.
 *
 * Everything happens in one transaction holding a per-resident advisory lock, so two events of one resident
 * (a double tap, a sticker right after a text) are processed one after the other on the latest state. The
 * replies are recorded as OutboundMessage rows in the same transaction with idempotency keys
 * `reply:<eventId>`, and queued only after the commit: a sender never looks for a row that is not yet
 * visible, and a retried job finds the event PROCESSED and sends nothing twice. If the process dies between the
 * commit and the queueing, the rows stay QUEUED and the recover-outbound job sends them.
 */
async function processOneEvent(ctx: JobContext, eventId: string): Promise<ProcessOutcome> {
  const event = await ctx.prisma.inboundEvent.findUnique({ where: { id: eventId } });
  if (!event) return "missing";
  if (event.status !== "RECEIVED") return "already-processed";
  if (isOaSendEcho(event.eventName) && event.oaUserId) return processEchoEvent(ctx, eventId, event.oaUserId);

  const inbound = convertZaloEvent(event.payload, { seal: contactSealFor(ctx.config.SESSION_SECRET) });
  if (!inbound) {
    ctx.log.info({ eventId, eventName: event.eventName }, "inbound event of no concern to the conversation ignored");
    await ctx.prisma.inboundEvent.updateMany({
      where: { id: eventId, status: "RECEIVED" },
      data: { status: "IGNORED", processedAt: ctx.now() },
    });
    return "ignored";
  }

  const deferred = deferOutboundQueueing(ctx.queues);
  const outcome = await ctx.prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`resident:${inbound.userId}`}, 0))`;
      // Another worker may have finished this very event while we waited for the lock.
      const current = await tx.inboundEvent.findUnique({ where: { id: eventId }, select: { status: true } });
      if (current?.status !== "RECEIVED") return "already-processed" as const;
      return runTurn(ctx, tx, eventId, inbound, deferred.queues);
    },
    { timeout: TURN_TRANSACTION_TIMEOUT_MS, maxWait: TURN_LOCK_WAIT_MS },
  );
  await deferred
    .flush()
    .catch((error: Error) =>
      ctx.log.warn({ eventId, err: error.message }, "replies recorded; queueing left to recover-outbound"),
    );
  // After the reply is on its way: the name is a nicety, and Zalo being slow or down must never delay the answer.
  if (outcome === "replied") await fetchDisplayName(ctx, inbound, eventId);
  return outcome;
}

/** An `oa_send_*` echo, under the resident's lock so it is ordered with their turns (see inbound.process-oa-echo). */
async function processEchoEvent(ctx: JobContext, eventId: string, oaUserId: string): Promise<ProcessOutcome> {
  return ctx.prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`resident:${oaUserId}`}, 0))`;
      const current = await tx.inboundEvent.findUnique({
        where: { id: eventId },
        select: { status: true, payload: true },
      });
      if (current?.status !== "RECEIVED") return "already-processed" as const;
      const outcome = await processOaEcho(ctx, tx, eventId, current.payload);
      return outcome === "staff-reply" ? ("taken-over" as const) : ("ignored" as const);
    },
    { timeout: TURN_TRANSACTION_TIMEOUT_MS, maxWait: TURN_LOCK_WAIT_MS },
  );
}

async function runTurn(
  ctx: JobContext,
  tx: Tx,
  eventId: string,
  inbound: InboundMessage,
  queues: Queues,
): Promise<ProcessOutcome> {
  const now = ctx.now();
  const resident = await upsertResident(tx, inbound);
  if (inbound.kind === "unfollow") {
    // Nothing more may be sent to a resident who left: no reply, and their pending reminders are cancelled.
    await tx.reminder.updateMany({
      where: { residentId: resident.id, status: "PENDING" },
      data: { status: "CANCELLED", reason: "unfollowed" },
    });
    await markProcessed(tx, eventId, now);
    ctx.log.info({ eventId }, "resident unfollowed");
    return "ignored";
  }

  // Staff answering by hand: decided before the engine runs (and before the throttle, whose notice would speak too).
  const takeoverConversation = isTakenOver(resident.humanTakeoverUntil, now)
    ? await tx.conversation.findUnique({ where: { residentId: resident.id }, select: { state: true } })
    : null;
  const takeover = decideTakeoverTurn({
    humanTakeoverUntil: resident.humanTakeoverUntil,
    inbound,
    awaitingDeleteConfirmation: parseConversationState(takeoverConversation?.state).pending?.kind === "confirm-delete",
    now,
  });
  if (takeover === "silent") {
    await markProcessed(tx, eventId, now);
    ctx.log.info({ eventId, kind: inbound.kind }, "resident taken over by staff: recorded, not answered");
    return "silenced";
  }
  if (takeover === "give-back") {
    await tx.resident.update({
      where: { id: resident.id },
      data: { humanTakeoverUntil: null, humanTakeoverSince: null },
    });
  }

  if (inbound.kind !== "follow") {
    const allowance = await throttleResidentTurns(ctx.redis, ctx.config.QUEUE_PREFIX, inbound.userId, now.getTime());
    if (!allowance.answer) {
      // Recorded in order like any event, but not answered; the resident hears once a minute that we are behind.
      await tx.inboundEvent.update({
        where: { id: eventId },
        data: { status: "IGNORED", processedAt: now, error: "throttled: over the resident's turns a minute" },
      });
      if (allowance.notify) {
        await queueOutboundMessage(tx, queues, {
          oaUserId: inbound.userId,
          kind: "REPLY",
          messages: [{ text: TEXT.tooManyMessages }],
          idempotencyKey: `busy:${inbound.userId}:${allowance.windowStartMs}`,
        });
      }
      ctx.log.info({ eventId, notified: allowance.notify }, "resident over their turns a minute: not answered");
      return "throttled";
    }
  }

  if (await handleMemberLinkMessage(ctx, tx, eventId, inbound, queues)) return "replied";

  const [conversation, overrides, units, knowledge, numberedChoices, openEvent, openHelpRequests] = await Promise.all([
    tx.conversation.findUnique({ where: { residentId: resident.id } }),
    tx.stepOverride.findMany({ select: { checklistId: true, stepId: true, text: true } }),
    loadUnitOptions(tx),
    loadKnowledgeBase(tx),
    lastNumberedChoices(tx, inbound.userId),
    hasOpenEventFor(tx, resident.id, now),
    loadOpenHelpRequests(tx, resident.id),
  ]);
  const state = parseConversationState(conversation?.state);
  const quizzes = await loadQuizzesForTurn(tx, {
    residentId: resident.id,
    text: inbound.kind === "text" ? inbound.text : null,
    state,
    timeZone: ctx.config.TZ_NAME,
  });
  // The engine stays pure: the text is understood here, with the index cached per knowledge-base version.
  const understood: InboundMessage =
    inbound.kind === "text"
      ? {
          ...inbound,
          understanding: understand(indexForVersion(knowledge, CHECKLISTS), inbound.text, {
            activeStep: state.active,
            previousAnswer: state.answered,
          }),
        }
      : inbound;
  const result = runConversationTurn(state, understood, {
    checklists: CHECKLISTS,
    overrides: new Map(overrides.map((o) => [overrideKey(o.checklistId, o.stepId), o.text])),
    knowledge: knowledge.entries,
    units,
    now,
    profile: { unitCode: resident.unit?.code ?? null, unitAskedAt: resident.unitAskedAt },
    contactRetentionDays: ctx.config.HELP_CONTACT_RETENTION_DAYS,
    ...(numberedChoices ? { numberedChoices } : {}),
    openEvents: openEvent,
    openHelpRequests,
    quizzes,
  });

  const applied = await applyTurnEffects(ctx, tx, resident, result.effects, { eventId, now, queues });
  const deleted = applied.deleted;
  result.replies.push(...applied.replies);
  if (inbound.kind === "contact-shared" && !deleted) {
    // Opened once, for this turn: whether it reached a help request or not, the sealed contact leaves the inbox.
    await tx.$executeRaw`UPDATE "InboundEvent" SET "payload" = "payload" #- '{info,sealed}' WHERE "id" = ${eventId}`;
  }
  if (!deleted) {
    const state = result.state as unknown as Prisma.InputJsonObject;
    await tx.conversation.upsert({
      where: { residentId: resident.id },
      create: { residentId: resident.id, state },
      update: { state },
    });
  }
  await markProcessed(tx, eventId, now);

  const replies =
    takeover === "give-back" ? [{ text: TAKEOVER_TEXT.backOnRequest }, ...result.replies] : result.replies;
  if (replies.length > 0) {
    // One row for the whole turn: its messages reach the resident in the order the engine wrote them.
    await queueOutboundMessage(tx, queues, {
      oaUserId: inbound.userId,
      kind: "REPLY",
      messages: replies,
      idempotencyKey: `reply:${eventId}`,
    });
  }
  ctx.log.info(
    { eventId, kind: inbound.kind, replies: replies.length, effects: result.effects.map((e) => e.type) },
    "conversation turn processed",
  );
  return "replied";
}

/**
 * The choices the resident last saw as a numbered list: the quick replies of the newest message sent to them, if
 * it went out as plain text (Zalo refused its buttons). Whatever sent it (a reply, a reminder, a help update), a
 * typed number answers what the resident has in front of them.
 */
async function lastNumberedChoices(tx: Tx, oaUserId: string): Promise<string[] | null> {
  const last = await tx.outboundMessage.findFirst({
    where: { oaUserId, status: "SENT" },
    orderBy: [{ sentAt: "desc" }, { createdAt: "desc" }],
    select: { numbered: true, payload: true },
  });
  if (!last?.numbered) return null;
  return listNumberedChoices(readOutboundPayload(last.payload)).map((button) => button.payload);
}

/** The resident as the turn needs them: the commune the profile holds (the unit's current code) and when it was asked. */
interface ResidentRow {
  id: string;
  oaUserId: string;
  humanTakeoverUntil: Date | null;
  unitAskedAt: Date | null;
  unit: { code: string } | null;
}

const RESIDENT_SELECT = {
  id: true,
  oaUserId: true,
  humanTakeoverUntil: true,
  unitAskedAt: true,
  unit: { select: { code: true } },
} as const;

/**
 * Creates the resident on first contact and keeps their follow state and last interaction time. Events may arrive
 * out of order, so the last interaction only moves forward. An unfollow is not an interaction (it opens no window).
 */
async function upsertResident(tx: Tx, inbound: InboundMessage): Promise<ResidentRow> {
  const followState = inbound.kind === "follow" ? "FOLLOWING" : inbound.kind === "unfollow" ? "UNFOLLOWED" : undefined;
  const interaction = inbound.kind === "unfollow" ? null : inbound.at;
  const existing = await tx.resident.findUnique({
    where: { oaUserId: inbound.userId },
    select: { id: true, lastInteractionAt: true },
  });
  if (!existing) {
    return tx.resident.create({
      data: { oaUserId: inbound.userId, followState: followState ?? "FOLLOWING", lastInteractionAt: interaction },
      select: RESIDENT_SELECT,
    });
  }
  const moveForward = interaction && (!existing.lastInteractionAt || existing.lastInteractionAt < interaction);
  return tx.resident.update({
    where: { id: existing.id },
    data: { ...(followState ? { followState } : {}), ...(moveForward ? { lastInteractionAt: interaction } : {}) },
    select: RESIDENT_SELECT,
  });
}

async function markProcessed(tx: Tx, eventId: string, now: Date): Promise<void> {
  await tx.inboundEvent.update({ where: { id: eventId }, data: { status: "PROCESSED", processedAt: now } });
}
