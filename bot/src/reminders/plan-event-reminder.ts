import { fromLocal, startOfLocalDay, toLocal } from "../time/local-time.ts";
import { deferOutOfQuietHours } from "../time/quiet-hours.ts";
import type { ReminderPolicy } from "./reminder-policy.ts";

const MINUTE_MS = 60_000;

/** The second reminder goes this long before a registration day starts. */
export const EVENT_REMINDER_LEAD_MS = 120 * MINUTE_MS;
/** A reminder later than this before the start is pointless (the resident would arrive late): skipped. */
export const EVENT_REMINDER_LAST_CALL_MS = 15 * MINUTE_MS;

export type EventReminderWhich = "day-before" | "two-hours";

export interface EventReminderPlan {
  which: EventReminderWhich;
  dueAt: Date;
  /** Not worth sending from this moment. */
  deadline: Date;
}

/** When a reminder is meant to go, and until when it is worth sending. */
export function eventReminderMoments(
  startsAt: Date,
  which: EventReminderWhich,
  policy: ReminderPolicy,
): { at: Date; deadline: Date } {
  if (which === "two-hours") {
    return {
      at: new Date(startsAt.getTime() - EVENT_REMINDER_LEAD_MS),
      deadline: new Date(startsAt.getTime() - EVENT_REMINDER_LAST_CALL_MS),
    };
  }
  const day = toLocal(startsAt, policy.timeZone);
  const { hour, minute } = policy.noticeReminderLocalTime;
  return {
    at: fromLocal({ year: day.year, month: day.month, day: day.day - 1, hour, minute }, policy.timeZone),
    // A "day before" reminder on the day itself says nothing the two-hours one will not.
    deadline: startOfLocalDay(startsAt, policy.timeZone),
  };
}

/**
 * The reminders of one registration that are due to be planned now: the day before (09:00 local, like a notice's)
 * and two hours before the start (registered residents only; "Nhắc tôi" asked for the day before). A moment the
 * resident signed up after is not planned: their confirmation just told them. A moment in quiet hours is moved to
 * their end, and dropped if that is past the deadline (an event at 07:30 is reminded at 07:00, one at 07:10 is
 * not reminded two hours before). Whether it is still sendable (window, opt-out) is decided at send time.
 */
export function planEventReminders(
  startsAt: Date,
  registration: { status: "REGISTERED" | "REMIND_ONLY"; registeredAt: Date },
  now: Date,
  policy: ReminderPolicy,
): EventReminderPlan[] {
  const kinds: EventReminderWhich[] =
    registration.status === "REGISTERED" ? ["day-before", "two-hours"] : ["day-before"];
  const plans: EventReminderPlan[] = [];
  for (const which of kinds) {
    const { at, deadline } = eventReminderMoments(startsAt, which, policy);
    if (now.getTime() < at.getTime() || registration.registeredAt.getTime() >= at.getTime()) continue;
    const dueAt = deferOutOfQuietHours(now, policy.quietHours, policy.timeZone);
    if (dueAt.getTime() >= deadline.getTime()) continue;
    plans.push({ which, dueAt, deadline });
  }
  return plans;
}

/** `event:<eventId>:<residentId>:<which>:<startsAt ms>`: an event moved to another time gets new reminders. */
export function eventReminderKey(eventId: string, residentId: string, which: EventReminderWhich, startsAt: Date) {
  return `${eventReminderKeyPrefix(eventId, residentId)}${which}:${startsAt.getTime()}`;
}

export function eventReminderKeyPrefix(eventId: string, residentId: string): string {
  return `event:${eventId}:${residentId}:`;
}

export function parseEventReminderKey(
  key: string,
): { eventId: string; residentId: string; which: EventReminderWhich; startsAtMs: number } | null {
  const [prefix, eventId, residentId, which, startsAt] = key.split(":");
  if (prefix !== "event" || !eventId || !residentId || !startsAt) return null;
  if (which !== "day-before" && which !== "two-hours") return null;
  return { eventId, residentId, which, startsAtMs: Number(startsAt) };
}
