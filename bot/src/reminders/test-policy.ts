import { type ReminderPolicy, reminderPolicyFrom } from "./reminder-policy.ts";

/** Vietnam time, quiet 21:00-07:00, reminders after 20 h and 44 h, no paid messages: the production defaults. */
export const TEST_POLICY: ReminderPolicy = reminderPolicyFrom({
  QUIET_HOURS: { start: "21:00", end: "07:00" },
  TZ_NAME: "Asia/Ho_Chi_Minh",
  REMINDER_FIRST_AFTER_HOURS: 20,
  REMINDER_SECOND_AFTER_HOURS: 44,
  PAID_MESSAGES: false,
});

/** The policy of an OA that pays for billed messages (PAID_MESSAGES=on), with the old 48 h / 5 day reminders. */
export const PAID_POLICY: ReminderPolicy = reminderPolicyFrom({
  QUIET_HOURS: { start: "21:00", end: "07:00" },
  TZ_NAME: "Asia/Ho_Chi_Minh",
  REMINDER_FIRST_AFTER_HOURS: 48,
  REMINDER_SECOND_AFTER_HOURS: 120,
  PAID_MESSAGES: true,
});

/** A local Vietnam time, e.g. `vn("2026-12-01 09:30")`. */
export function vn(local: string): Date {
  return new Date(`${local.replace(" ", "T")}:00+07:00`);
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
