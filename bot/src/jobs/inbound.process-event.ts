import { CHECKLISTS } from "@xks/shared/checklists/index";
import type { InboundMessage } from "../channel/messages.ts";
import { parseConversationState } from "../conversation/conversation-state.ts";
import type { Effect } from "../conversation/effects.ts";
import type { UnitOption } from "../conversation/match-unit.ts";
import { overrideKey } from "../conversation/render-step.ts";
import { runConversationTurn } from "../conversation/run-conversation-turn.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { queueOutboundMessage } from "../outbound/queue-outbound-message.ts";
import type { Queues } from "../queues/queues.ts";
import { convertZaloEvent } from "../zalo/convert-zalo-event.ts";
import type { JobContext } from "./job-context.ts";

type Tx = Prisma.TransactionClient;

/**
 * A turn can wait for the resident's lock while another of their events is processed; both are short, so these
 * bounds only stop a stuck database from holding a worker forever.
 */
const TURN_TRANSACTION_TIMEOUT_MS = 30_000;
const TURN_LOCK_WAIT_MS = 30_000;

export type ProcessOutcome = "replied" | "ignored" | "already-processed" | "missing";

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
export async function processInboundEvent(ctx: JobContext, eventId: string): Promise<ProcessOutcome> {
  const event = await ctx.prisma.inboundEvent.findUnique({ where: { id: eventId } });
  if (!event) return "missing";
  if (event.status !== "RECEIVED") return "already-processed";

  const inbound = convertZaloEvent(event.payload);
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
  return outcome;
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

  const [conversation, overrides, units] = await Promise.all([
    tx.conversation.findUnique({ where: { residentId: resident.id } }),
    tx.stepOverride.findMany({ select: { checklistId: true, stepId: true, text: true } }),
    loadUnits(tx),
  ]);
  const result = runConversationTurn(parseConversationState(conversation?.state), inbound, {
    checklists: CHECKLISTS,
    overrides: new Map(overrides.map((o) => [overrideKey(o.checklistId, o.stepId), o.text])),
    units,
    now,
  });

  let deleted = false;
  for (const effect of result.effects) {
    deleted = (await applyEffect(ctx, tx, resident, effect, now)) || deleted;
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

  if (result.replies.length > 0) {
    // One row for the whole turn: its messages reach the resident in the order the engine wrote them.
    await queueOutboundMessage(tx, queues, {
      oaUserId: inbound.userId,
      kind: "REPLY",
      messages: result.replies,
      idempotencyKey: `reply:${eventId}`,
    });
  }
  ctx.log.info(
    { eventId, kind: inbound.kind, replies: result.replies.length, effects: result.effects.map((e) => e.type) },
    "conversation turn processed",
  );
  return "replied";
}

interface ResidentRef {
  id: string;
  oaUserId: string;
}

/**
 * Creates the resident on first contact and keeps their follow state and last interaction time. Events may arrive
 * out of order, so the last interaction only moves forward. An unfollow is not an interaction (it opens no window).
 */
async function upsertResident(tx: Tx, inbound: InboundMessage): Promise<ResidentRef> {
  const followState = inbound.kind === "follow" ? "FOLLOWING" : inbound.kind === "unfollow" ? "UNFOLLOWED" : undefined;
  const interaction = inbound.kind === "unfollow" ? null : inbound.at;
  const existing = await tx.resident.findUnique({
    where: { oaUserId: inbound.userId },
    select: { id: true, lastInteractionAt: true },
  });
  if (!existing) {
    return tx.resident.create({
      data: { oaUserId: inbound.userId, followState: followState ?? "FOLLOWING", lastInteractionAt: interaction },
      select: { id: true, oaUserId: true },
    });
  }
  const moveForward = interaction && (!existing.lastInteractionAt || existing.lastInteractionAt < interaction);
  return tx.resident.update({
    where: { id: existing.id },
    data: { ...(followState ? { followState } : {}), ...(moveForward ? { lastInteractionAt: interaction } : {}) },
    select: { id: true, oaUserId: true },
  });
}

/** Units a resident may ask help from: communes and towns, or every unit below the organisation if none is typed so. */
async function loadUnits(tx: Tx): Promise<UnitOption[]> {
  const local = await tx.unit.findMany({
    where: { kind: { in: ["COMMUNE", "TOWN"] } },
    select: { code: true, name: true },
  });
  if (local.length > 0) return local;
  return tx.unit.findMany({ where: { kind: { not: "ORGANISATION" } }, select: { code: true, name: true } });
}

async function markProcessed(tx: Tx, eventId: string, now: Date): Promise<void> {
  await tx.inboundEvent.update({ where: { id: eventId }, data: { status: "PROCESSED", processedAt: now } });
}

/** Applies one effect of the turn. Returns true when the resident's data was deleted (the state is then not saved). */
async function applyEffect(
  ctx: JobContext,
  tx: Tx,
  resident: ResidentRef,
  effect: Effect,
  now: Date,
): Promise<boolean> {
  const residentId = resident.id;
  switch (effect.type) {
    case "start-checklist": {
      const position = { checklistVersion: effect.version, stepId: effect.stepId };
      await tx.checklistProgress.upsert({
        where: { residentId_checklistId: { residentId, checklistId: effect.checklistId } },
        create: { residentId, checklistId: effect.checklistId, ...position, startedAt: now },
        update: {
          ...position,
          status: "IN_PROGRESS",
          startedAt: now,
          completedAt: null,
          remindersSent: 0,
          lastRemindedAt: null,
        },
      });
      return false;
    }
    case "advance-step": {
      const position = { checklistVersion: effect.version, stepId: effect.stepId };
      await tx.checklistProgress.upsert({
        where: { residentId_checklistId: { residentId, checklistId: effect.checklistId } },
        create: { residentId, checklistId: effect.checklistId, ...position, startedAt: now },
        // Progress restarts the reminder cadence: the resident is active again.
        update: { ...position, status: "IN_PROGRESS", remindersSent: 0 },
      });
      return false;
    }
    case "complete-checklist": {
      const done = {
        checklistVersion: effect.version,
        stepId: effect.stepId,
        status: "DONE" as const,
        completedAt: now,
      };
      await tx.checklistProgress.upsert({
        where: { residentId_checklistId: { residentId, checklistId: effect.checklistId } },
        create: { residentId, checklistId: effect.checklistId, startedAt: now, ...done },
        update: done,
      });
      return false;
    }
    case "record-step-event":
      // Anonymous by design: no resident link, so funnels survive data deletion and identify nobody.
      await tx.checklistStepEvent.create({
        data: { checklistId: effect.checklistId, stepId: effect.stepId, kind: effect.kind, at: now },
      });
      return false;
    case "set-unit": {
      const unit = await tx.unit.findUnique({ where: { code: effect.unitCode }, select: { id: true } });
      if (unit) await tx.resident.update({ where: { id: residentId }, data: { unitId: unit.id } });
      return false;
    }
    case "open-help-request": {
      const unit = await tx.unit.findUnique({ where: { code: effect.unitCode }, select: { id: true } });
      if (!unit) {
        ctx.log.warn({ unitCode: effect.unitCode }, "help request for a unit that no longer exists not opened");
        return false;
      }
      await tx.helpRequest.create({
        data: { residentId, unitId: unit.id, topic: effect.topic, preferredTime: effect.preferredTime },
      });
      return false;
    }
    case "set-reminders":
      await tx.resident.update({ where: { id: residentId }, data: { remindersOptOut: effect.optOut } });
      if (effect.optOut) {
        await tx.reminder.updateMany({
          where: { residentId, status: "PENDING", kind: "CHECKLIST" },
          data: { status: "CANCELLED", reason: "opted_out" },
        });
      }
      return false;
    case "request-data-deletion":
      await deleteResidentData(tx, resident);
      return true;
    case "rate-help-request":
      // Only the resident whose request was completed can rate it; a forged or stale tap changes nothing.
      await tx.helpRequest.updateMany({
        where: { id: effect.helpRequestId, residentId, status: "DONE" },
        data: { rating: effect.score },
      });
      return false;
    default: {
      const unknown: never = effect;
      throw new Error(`Unhandled effect ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * "Xóa dữ liệu của tôi" (Decree 13/2023: people may have what is held about them deleted). Deletes the
 * conversation, progress, subscriptions and reminders; unlinks help requests (cancelling open ones) and blanks
 * their free text; replaces the payloads of the resident's stored events and sent messages by {}. Kept: anonymous
 * counts (step events, help requests without a resident) and the Resident row reduced to the OA-scoped id, follow
 * state and last interaction time, which the sender needs to deliver the confirmation within Zalo's window.
 */
export async function deleteResidentData(tx: Tx, resident: ResidentRef): Promise<void> {
  const residentId = resident.id;
  await tx.conversation.deleteMany({ where: { residentId } });
  await tx.checklistProgress.deleteMany({ where: { residentId } });
  await tx.noticeSubscription.deleteMany({ where: { residentId } });
  await tx.reminder.deleteMany({ where: { residentId } });
  await tx.helpRequest.updateMany({
    where: { residentId, status: { in: ["OPEN", "CLAIMED"] } },
    data: { status: "CANCELLED" },
  });
  await tx.helpRequest.updateMany({ where: { residentId }, data: { residentId: null, preferredTime: "", note: null } });
  await tx.inboundEvent.updateMany({ where: { oaUserId: resident.oaUserId }, data: { payload: {} } });
  // Queued messages are left for the sender (the confirmation is among them); what was already sent is history.
  await tx.outboundMessage.updateMany({
    where: { oaUserId: resident.oaUserId, status: { not: "QUEUED" } },
    data: { payload: {} },
  });
  await tx.resident.update({ where: { id: residentId }, data: { displayName: null, appUserId: null, unitId: null } });
}

/**
 * The queues, except that outbound jobs are held back until `flush()`: replies are recorded inside the turn's
 * transaction, and a job queued before the commit could reach the sender before its row is visible.
 */
function deferOutboundQueueing(queues: Queues): { queues: Queues; flush(): Promise<void> } {
  const held: Array<() => Promise<unknown>> = [];
  const outbound = new Proxy(queues.outbound, {
    get(target, property, receiver) {
      if (property !== "add") return Reflect.get(target, property, receiver);
      return (...args: Parameters<typeof target.add>) => {
        held.push(() => target.add(...args));
        return Promise.resolve(undefined);
      };
    },
  });
  return {
    queues: { ...queues, outbound },
    flush: async () => {
      for (const add of held.splice(0)) await add();
    },
  };
}
