import { fromLocal, localMinuteOfDay, parseHhMm, toLocal } from "./local-time.ts";

/** `QUIET_HOURS` as parsed by the config: local `HH:MM` bounds; `null` disables quiet hours. */
export type QuietHours = { start: string; end: string } | null;

/**
 * Whether `at` falls in the quiet hours, read on the wall clock of `timeZone`. The start is inclusive and the end
 * exclusive; a window whose start is after its end spans midnight (21:00-07:00 is quiet at 23:30 and at 06:59).
 * Equal bounds mean no quiet hours at all.
 */
export function isQuietTime(at: Date, quiet: QuietHours, timeZone: string): boolean {
  if (!quiet) return false;
  const start = parseHhMm(quiet.start);
  const end = parseHhMm(quiet.end);
  if (start === end) return false;
  const minute = localMinuteOfDay(at, timeZone);
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/**
 * When a message planned for `at` may go out: `at` itself outside the quiet hours, otherwise the morning when they
 * end. Reminders and notices are deferred, never dropped: a resident woken at 23:00 by a reminder is a resident
 * who unfollows the OA.
 */
export function deferOutOfQuietHours(at: Date, quiet: QuietHours, timeZone: string): Date {
  if (!quiet || !isQuietTime(at, quiet, timeZone)) return at;
  const end = parseHhMm(quiet.end);
  const local = toLocal(at, timeZone);
  const minute = local.hour * 60 + local.minute;
  // Before the end on the same local day (the early-morning half) → today; otherwise (evening half) → tomorrow.
  const day = minute < end ? local.day : local.day + 1;
  return fromLocal(
    { year: local.year, month: local.month, day, hour: Math.floor(end / 60), minute: end % 60 },
    timeZone,
  );
}
