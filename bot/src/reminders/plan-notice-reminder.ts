import { fromLocal, toLocal } from "../time/local-time.ts";
import { deferOutOfQuietHours } from "../time/quiet-hours.ts";
import type { ReminderPolicy } from "./reminder-policy.ts";

/**
 * When residents who asked ("nhắc tôi") hear about a notice's event: the day before, at the policy's local time
 * (09:00), moved out of quiet hours. Returns null when that time is still ahead, and also when it is too late
 * to be useful (less than `noticeReminderMinLeadMs` before the event). A resident who subscribes after that
 * morning still gets the reminder at once, as long as the event is far enough away.
 */
export function planNoticeReminder(eventAt: Date, now: Date, policy: ReminderPolicy): { dueAt: Date } | null {
  const event = toLocal(eventAt, policy.timeZone);
  const { hour, minute } = policy.noticeReminderLocalTime;
  const dayBefore = fromLocal(
    { year: event.year, month: event.month, day: event.day - 1, hour, minute },
    policy.timeZone,
  );
  if (now.getTime() < dayBefore.getTime()) return null;
  const latest = eventAt.getTime() - policy.noticeReminderMinLeadMs;
  const dueAt = deferOutOfQuietHours(now, policy.quietHours, policy.timeZone);
  if (dueAt.getTime() >= latest) return null;
  return { dueAt };
}

export function noticeReminderKey(contentId: string, residentId: string): string {
  return `notice:${contentId}:${residentId}`;
}

/** The moment after which a notice reminder is no longer worth sending. */
export function noticeReminderDeadline(eventAt: Date, policy: ReminderPolicy): Date {
  return new Date(eventAt.getTime() - policy.noticeReminderMinLeadMs);
}
