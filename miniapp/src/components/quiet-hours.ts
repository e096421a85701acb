import { isQuietMinute, minuteOfHhMm, type QuietWindow, quietEndsNextDay } from "@xks/shared/time/quiet-window";
import { isoToVietnamLocal, vietnamLocalToIso } from "./vietnam-time.ts";

/** The server's night-time pause (`QUIET_HOURS`), as the broadcast preview sends it: Vietnam-time "HH:MM" bounds. */
export type QuietHours = QuietWindow;

/**
 * When a notice that is not urgent, due at `at`, really starts going out: null when at once; otherwise the instant
 * (ISO 8601) the quiet hours end, today or tomorrow in Vietnam time. The server's rule (`quiet-window.ts` in
 * shared), read on Vietnam's fixed UTC+7 clock like every time in the mini-app.
 */
export function quietHoursWaitUntil(at: Date, quiet: QuietHours | null): string | null {
  if (!quiet) return null;
  const local = isoToVietnamLocal(at);
  if (!local) return null;
  const minute = minuteOfHhMm(local.slice(11, 16));
  if (!isQuietMinute(minute, quiet)) return null;
  const today = local.slice(0, 10);
  const day = quietEndsNextDay(minute, quiet)
    ? new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
    : today;
  return vietnamLocalToIso(`${day}T${quiet.end}`);
}
