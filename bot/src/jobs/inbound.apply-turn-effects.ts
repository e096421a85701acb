import { redactSensitive } from "@xks/shared/privacy/redact-sensitive";
import { canonicalText } from "@xks/shared/text/fold-vietnamese";
import type { OutboundMessage } from "../channel/messages.ts";
import type { Effect } from "../conversation/effects.ts";
import { signUpResident, upcomingEventsMessage } from "../events/sign-up-resident.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { recordNewHelpRequest } from "../help-requests/record-new-help-request.ts";
import { withdrawResidentRequests } from "../help-requests/withdraw-resident-requests.ts";
import type { Queues } from "../queues/queues.ts";
import { applyQuizEffect } from "../quizzes/apply-quiz-effect.ts";
import { openQuizzesMessage } from "../quizzes/load-quizzes-for-turn.ts";
import { localDate } from "../services/zoned-time.ts";
import { findCurrentUnit } from "../units/find-current-unit.ts";
import { deleteResidentData } from "./inbound.delete-resident-data.ts";
import { setHelpContact } from "./inbound.resident-profile.ts";
import type { JobContext } from "./job-context.ts";

type Tx = Prisma.TransactionClient;

/** `UnansweredQuestion.text` keeps at most this much (the engine cuts too; this guards the column). */
const MAX_UNANSWERED_TEXT_CHARS = 500;

/** The resident whose turn it is, as the effects need them. */
export interface TurnResident {
  id: string;
  oaUserId: string;
}

/** Where and when the turn happens: its event, its clock, the queues its writes may enqueue on (after commit). */
export interface TurnScope {
  eventId: string;
  now: Date;
  queues: Queues;
}

export interface AppliedEffects {
  /** The resident asked for their data to be deleted and it was: nothing more may be written for them. */
  deleted: boolean;
  /** Replies that depend on the database (a registration-day sign-up), to send after the engine's own. */
  replies: OutboundMessage[];
}

/**
 * Writes the effects of one conversation turn, in the engine's order, inside the resident's transaction. The engine
 * decides what happens; this is the only place that turns its decisions into rows. Stops at a data deletion.
 */
export async function applyTurnEffects(
  ctx: JobContext,
  tx: Tx,
  resident: TurnResident,
  effects: readonly Effect[],
  scope: TurnScope,
): Promise<AppliedEffects> {
  const replies: OutboundMessage[] = [];
  for (const effect of effects) {
    if (effect.type === "event-signup") {
      // Its replies depend on the database (seats, the number, the next event): written by `events/`.
      replies.push(...(await signUpResident(tx, resident, effect, scope.now, ctx.config.TZ_NAME)));
      continue;
    }
    if (effect.type === "show-events") {
      replies.push(await upcomingEventsMessage(tx, resident, scope.now, ctx.config.TZ_NAME));
      continue;
    }
    if (effect.type === "show-quizzes") {
      replies.push(await openQuizzesMessage(tx, scope.now, ctx.config.TZ_NAME));
      continue;
    }
    // Nothing may be written for a resident whose data was just deleted.
    if (await applyEffect(ctx, tx, resident, effect, scope)) return { deleted: true, replies };
  }
  return { deleted: false, replies };
}

/** Applies one effect of the turn. Returns true when the resident's data was deleted (the state is then not saved). */
async function applyEffect(
  ctx: JobContext,
  tx: Tx,
  resident: TurnResident,
  effect: Effect,
  { eventId, now, queues }: TurnScope,
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
      // Anonymous by design: no resident link, so funnels survive data deletion and identify nobody. Only the local
      // day is kept: an exact time would join back to the resident's stored events and messages.
      await tx.checklistStepEvent.create({
        data: {
          checklistId: effect.checklistId,
          stepId: effect.stepId,
          kind: effect.kind,
          at: new Date(`${localDate(now, ctx.config.TZ_NAME)}T00:00:00Z`),
        },
      });
      return false;
    case "set-unit": {
      const unit = await findCurrentUnit(tx, effect.unitCode);
      if (unit) await tx.resident.update({ where: { id: residentId }, data: { unitId: unit.id } });
      return false;
    }
    case "mark-unit-asked":
      // The first time counts: "asked once" is about the bot's own initiative, not about "đổi xã".
      await tx.resident.updateMany({ where: { id: residentId, unitAskedAt: null }, data: { unitAskedAt: now } });
      return false;
    case "set-help-contact":
      await setHelpContact(ctx, tx, residentId, effect, eventId);
      return false;
    case "open-help-request": {
      const unit = await findCurrentUnit(tx, effect.unitCode);
      if (!unit) {
        ctx.log.warn({ unitCode: effect.unitCode }, "help request for a unit that no longer exists not opened");
        return false;
      }
      // The engine masks what it echoes; the guard again at the table's edge, as for every free text we store.
      const created = await tx.helpRequest.create({
        data: {
          residentId,
          unitId: unit.id,
          topic: redactSensitive(effect.topic).text,
          preferredTime: redactSensitive(effect.preferredTime).text,
        },
      });
      await recordNewHelpRequest(tx, queues, ctx.config, created.id, now);
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
      await deleteResidentData(tx, resident, eventId);
      return true;
    case "withdraw-help-requests":
      await withdrawResidentRequests(tx, queues, ctx.config, residentId, now);
      return false;
    case "rate-help-request": {
      // Only the resident whose request was completed can rate it; a forged or stale tap changes nothing. The
      // buttons name no request: the rating goes to the one completed last, which the buttons came with.
      const rated =
        effect.helpRequestId ??
        (
          await tx.helpRequest.findFirst({
            where: { residentId, status: "DONE" },
            orderBy: { doneAt: "desc" },
            select: { id: true },
          })
        )?.id;
      if (rated) {
        await tx.helpRequest.updateMany({
          where: { id: rated, residentId, status: "DONE" },
          data: { rating: effect.score },
        });
      }
      return false;
    }
    case "record-unanswered": {
      // Masked by the privacy guard before it reached the engine, and stored with no link to the resident.
      const text = effect.text.slice(0, MAX_UNANSWERED_TEXT_CHARS);
      await tx.unansweredQuestion.create({
        data: {
          text,
          normalized: canonicalText(text),
          bestGuess: effect.bestGuess,
          confidence: effect.confidence,
          createdAt: now,
        },
      });
      return false;
    }
    case "start-quiz":
    case "answer-quiz":
    case "finish-quiz":
      await applyQuizEffect(tx, residentId, effect, now);
      return false;
    case "event-signup":
    case "show-events":
    case "show-quizzes":
      // Applied by applyTurnEffects, which adds their replies.
      return false;
    default: {
      const unknown: never = effect;
      throw new Error(`Unhandled effect ${JSON.stringify(unknown)}`);
    }
  }
}
