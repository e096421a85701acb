import { type ReminderPolicy, reminderPolicyFrom } from "./reminder-policy.ts";

/** Vietnam time, quiet 21:00-07:00, first reminder after 48 h: the production defaults. */
export const TEST_POLICY: ReminderPolicy = reminderPolicyFrom({
  QUIET_HOURS: { start: "21:00", end: "07:00" },
  TZ_NAME: "Asia/Ho_Chi_Minh",
  REMINDER_FIRST_AFTER_HOURS: 48,
});

/** A local Vietnam time, e.g. `vn("2026-12-01 09:30")`. */
export function vn(local: string): Date {
  return new Date(`${local.replace(" ", "T")}:00+07:00`);
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
