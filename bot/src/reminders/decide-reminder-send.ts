import { fromLocal, startOfLocalDay, toLocal } from "../time/local-time.ts";
import { deferOutOfQuietHours, isQuietTime } from "../time/quiet-hours.ts";
import { costBandAt, type ReachableRecipient } from "../time/reply-window.ts";
import type { ReminderPolicy } from "./reminder-policy.ts";

export type ReminderSendDecision =
  | { action: "send" }
  /** Keep it PENDING with this new due time. */
  | { action: "defer"; until: Date; why: "quiet-hours" | "daily-cap" }
  | { action: "skip"; reason: ReminderSkipReason };

export type ReminderSkipReason =
  | "opted-out"
  | "unfollowed"
  | "outside-window"
  | "paid-band"
  | "no-longer-relevant"
  | "too-late"
  | "daily-cap";

export interface ReminderSendInput {
  resident: ReachableRecipient;
  /** The checklist is still unfinished and untouched since planning; the notice's event is still ahead. */
  stillRelevant: boolean;
  /** The reminder is pointless from this moment (a notice's event time, minus a lead); none for checklists. */
  deadline: Date | null;
  /** The resident already got a reminder today (local day in TZ_NAME). */
  remindedToday: boolean;
  /** PAID_MESSAGES is on and Zalo has not refused billing today: a reminder may go out in the billed band. */
  paidAllowed: boolean;
}

/**
 * The last look before a PENDING, due reminder is queued. Opt-out is read here, at send time, so "dừng nhắc"
 * takes effect at once even for reminders planned earlier. Quiet hours and the one-per-day cap defer rather
 * than drop; a deferral that would land after the window closes, in the billed band while paid sends are not
 * allowed, or after the event, becomes a skip.
 */
export function decideReminderSend(input: ReminderSendInput, now: Date, policy: ReminderPolicy): ReminderSendDecision {
  const { resident } = input;
  if (!input.stillRelevant) return { action: "skip", reason: "no-longer-relevant" };
  if (resident.remindersOptOut) return { action: "skip", reason: "opted-out" };
  if (resident.followState === "UNFOLLOWED") return { action: "skip", reason: "unfollowed" };

  const bandProblem = (at: Date): "outside-window" | "paid-band" | null => {
    const band = costBandAt(resident.lastInteractionAt, at);
    if (band === "closed") return "outside-window";
    return band === "paid" && !input.paidAllowed ? "paid-band" : null;
  };
  const nowProblem = bandProblem(now);
  if (nowProblem) return { action: "skip", reason: nowProblem };
  if (input.deadline && now.getTime() >= input.deadline.getTime()) return { action: "skip", reason: "too-late" };

  const deferral = input.remindedToday
    ? {
        why: "daily-cap" as const,
        until: deferOutOfQuietHours(startOfNextLocalDay(now, policy.timeZone), policy.quietHours, policy.timeZone),
      }
    : isQuietTime(now, policy.quietHours, policy.timeZone)
      ? { why: "quiet-hours" as const, until: deferOutOfQuietHours(now, policy.quietHours, policy.timeZone) }
      : null;
  if (!deferral) return { action: "send" };
  const lateFor = (reason: "outside-window" | "paid-band" | "too-late") =>
    deferral.why === "daily-cap" ? "daily-cap" : reason;
  const laterProblem = bandProblem(deferral.until);
  if (laterProblem) return { action: "skip", reason: lateFor(laterProblem) };
  if (input.deadline && deferral.until.getTime() >= input.deadline.getTime())
    return { action: "skip", reason: lateFor("too-late") };
  return { action: "defer", until: deferral.until, why: deferral.why };
}

export function startOfNextLocalDay(at: Date, timeZone: string): Date {
  const local = toLocal(at, timeZone);
  return fromLocal({ ...local, day: local.day + 1, hour: 0, minute: 0 }, timeZone);
}

/** Whether `sentAt` falls on the same local day as `now`. */
export function isSameLocalDay(sentAt: Date, now: Date, timeZone: string): boolean {
  return startOfLocalDay(sentAt, timeZone).getTime() === startOfLocalDay(now, timeZone).getTime();
}
