import { isQuietMinute, minuteOfHhMm, type QuietWindow, quietEndsNextDay } from "@xks/shared/time/quiet-window";
import { fromLocal, localMinuteOfDay, toLocal } from "./local-time.ts";

/** `QUIET_HOURS` as parsed by the config: local `HH:MM` bounds; `null` disables quiet hours. */
export type QuietHours = QuietWindow | null;

/** Whether `at` falls in the quiet hours, read on the wall clock of `timeZone` (the rule: `isQuietMinute`). */
export function isQuietTime(at: Date, quiet: QuietHours, timeZone: string): boolean {
  return quiet !== null && isQuietMinute(localMinuteOfDay(at, timeZone), quiet);
}

/**
 * When a message planned for `at` may go out: `at` itself outside the quiet hours, otherwise the morning when they
 * end. Reminders and notices are deferred, never dropped: a resident woken at 23:00 by a reminder is a resident
 * who unfollows the OA.
 */
export function deferOutOfQuietHours(at: Date, quiet: QuietHours, timeZone: string): Date {
  if (!quiet || !isQuietTime(at, quiet, timeZone)) return at;
  const end = minuteOfHhMm(quiet.end);
  const local = toLocal(at, timeZone);
  const day = quietEndsNextDay(local.hour * 60 + local.minute, quiet) ? local.day + 1 : local.day;
  return fromLocal(
    { year: local.year, month: local.month, day, hour: Math.floor(end / 60), minute: end % 60 },
    timeZone,
  );
}
