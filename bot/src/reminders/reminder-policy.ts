import type { Config } from "../config.ts";
import type { QuietHours } from "../time/quiet-hours.ts";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** Everything the reminder decisions depend on besides the clock; built from the config once. */
export interface ReminderPolicy {
  /** Idle time before the first checklist reminder (REMINDER_FIRST_AFTER_HOURS, 20 h by default). */
  checklistFirstAfterMs: number;
  /**
   * Idle time before the second and last one (REMINDER_SECOND_AFTER_HOURS, 44 h by default): both inside the free
   * 48 hours after the last interaction, with room for a quiet-hours deferral of up to 4 hours.
   */
  checklistSecondAfterMs: number;
  /** PAID_MESSAGES: whether a reminder may go out in the billed band (48 h–7 d after the last interaction). */
  paidMessages: boolean;
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

export const HELP_ESCALATE_TO_LEAD_AFTER_MS = 24 * HOUR_MS;
export const HELP_ESCALATE_TO_ADMINS_AFTER_MS = 48 * HOUR_MS;
export const NOTICE_REMINDER_MIN_LEAD_MS = 2 * HOUR_MS;

export function reminderPolicyFrom(
  config: Pick<
    Config,
    "QUIET_HOURS" | "TZ_NAME" | "REMINDER_FIRST_AFTER_HOURS" | "REMINDER_SECOND_AFTER_HOURS" | "PAID_MESSAGES"
  >,
): ReminderPolicy {
  const first = config.REMINDER_FIRST_AFTER_HOURS * HOUR_MS;
  return {
    checklistFirstAfterMs: first,
    // A second reminder configured before the first would never come: keep it at least a day after.
    checklistSecondAfterMs: Math.max(config.REMINDER_SECOND_AFTER_HOURS * HOUR_MS, first + DAY_MS),
    paidMessages: config.PAID_MESSAGES,
    checklistMaxReminders: 2,
    helpToLeadAfterMs: HELP_ESCALATE_TO_LEAD_AFTER_MS,
    helpToAdminsAfterMs: HELP_ESCALATE_TO_ADMINS_AFTER_MS,
    noticeReminderLocalTime: { hour: 9, minute: 0 },
    noticeReminderMinLeadMs: NOTICE_REMINDER_MIN_LEAD_MS,
    quietHours: config.QUIET_HOURS,
    timeZone: config.TZ_NAME,
  };
}
