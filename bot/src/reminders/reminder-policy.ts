import type { Config } from "../config.ts";
import type { QuietHours } from "./quiet-hours.ts";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** Everything the reminder decisions depend on besides the clock; built from the config once. */
export interface ReminderPolicy {
  /** Idle time before the first checklist reminder (REMINDER_FIRST_AFTER_HOURS, 48 h by default). */
  checklistFirstAfterMs: number;
  /** Idle time before the second and last one: 5 days, two days before the 7-day window closes. */
  checklistSecondAfterMs: number;
  /** Never a third: a resident who ignored two reminders has made their choice. */
  checklistMaxReminders: number;
  /** A help request no member claimed for this long goes to the unit lead (level 1)… */
  helpToLeadAfterMs: number;
  /** …and this long to the organisation admins (level 2). */
  helpToAdminsAfterMs: number;
  /** Local time of day of the notice reminder on the day before the event. */
  noticeReminderLocalTime: { hour: number; minute: number };
  /** A notice reminder later than this before the event is pointless; it is skipped. */
  noticeReminderMinLeadMs: number;
  quietHours: QuietHours;
  timeZone: string;
}

export const CHECKLIST_SECOND_REMINDER_AFTER_MS = 5 * DAY_MS;
export const HELP_ESCALATE_TO_LEAD_AFTER_MS = 24 * HOUR_MS;
export const HELP_ESCALATE_TO_ADMINS_AFTER_MS = 48 * HOUR_MS;
export const NOTICE_REMINDER_MIN_LEAD_MS = 2 * HOUR_MS;

export function reminderPolicyFrom(
  config: Pick<Config, "QUIET_HOURS" | "TZ_NAME" | "REMINDER_FIRST_AFTER_HOURS">,
): ReminderPolicy {
  return {
    checklistFirstAfterMs: config.REMINDER_FIRST_AFTER_HOURS * HOUR_MS,
    checklistSecondAfterMs: CHECKLIST_SECOND_REMINDER_AFTER_MS,
    checklistMaxReminders: 2,
    helpToLeadAfterMs: HELP_ESCALATE_TO_LEAD_AFTER_MS,
    helpToAdminsAfterMs: HELP_ESCALATE_TO_ADMINS_AFTER_MS,
    noticeReminderLocalTime: { hour: 9, minute: 0 },
    noticeReminderMinLeadMs: NOTICE_REMINDER_MIN_LEAD_MS,
    quietHours: config.QUIET_HOURS,
    timeZone: config.TZ_NAME,
  };
}
