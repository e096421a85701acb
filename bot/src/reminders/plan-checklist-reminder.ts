import { deferOutOfQuietHours } from "../time/quiet-hours.ts";
import { type ReachableRecipient, unreachableReason } from "../time/reply-window.ts";
import type { ReminderPolicy } from "./reminder-policy.ts";

export interface ChecklistProgressView {
  id: string;
  status: "IN_PROGRESS" | "DONE" | "ABANDONED";
  /** The resident's last step in this checklist. Reminder bookkeeping never moves it (see scan-reminders). */
  updatedAt: Date;
  remindersSent: number;
}

export type ChecklistReminderPlan =
  | { due: false }
  /** Create reminder number `number`, to go out at `dueAt` (the morning, when planned during quiet hours). */
  | { due: true; number: number; dueAt: Date; dedupKey: string };

/**
 * Whether an unfinished checklist has earned a reminder now. The first comes after `checklistFirstAfterMs` idle,
 * the second after `checklistSecondAfterMs` idle (both counted from the last step, not from the previous
 * reminder), never a third. A reminder that could only go out after the 7-day window closed, in the billed band
 * (48 h–7 d after the last interaction) while PAID_MESSAGES is off, or to a resident who unfollowed or said
 * "dừng nhắc", is not planned at all. If the first was missed (the system was down)
 * and the second is already due, only the second is planned: one nudge, not two in a row.
 */
export function planChecklistReminder(
  progress: ChecklistProgressView,
  resident: ReachableRecipient,
  now: Date,
  policy: ReminderPolicy,
): ChecklistReminderPlan {
  if (progress.status !== "IN_PROGRESS") return { due: false };
  if (progress.remindersSent >= policy.checklistMaxReminders) return { due: false };
  const idleMs = now.getTime() - progress.updatedAt.getTime();
  const number = idleMs >= policy.checklistSecondAfterMs ? 2 : idleMs >= policy.checklistFirstAfterMs ? 1 : 0;
  if (number <= progress.remindersSent) return { due: false };
  const dueAt = deferOutOfQuietHours(now, policy.quietHours, policy.timeZone);
  // Not planned at all when it could only go out unreachable, or billed while PAID_MESSAGES is off.
  if (unreachableReason(resident, dueAt, policy.paidMessages) !== null) return { due: false };
  return { due: true, number, dueAt, dedupKey: checklistReminderKey(progress.id, number) };
}

export function checklistReminderKey(progressId: string, number: number): string {
  return `checklist:${progressId}:${number}`;
}
