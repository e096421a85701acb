import { isoToVietnamLocal, vietnamLocalToIso } from "./vietnam-time.ts";

/** The server's night-time pause (`QUIET_HOURS`), as the broadcast preview sends it: Vietnam-time "HH:MM" bounds. */
export interface QuietHours {
  start: string;
  end: string;
}

const minuteOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When a notice that is not urgent, due at `at`, really starts going out: null when at once; otherwise the instant
 * (ISO 8601) the quiet hours end, today or tomorrow in Vietnam time. The same rule as the server's
 * `deferOutOfQuietHours` (start inclusive, end exclusive, a window past midnight, equal bounds meaning none), read
 * on Vietnam's fixed UTC+7 clock like every time in the mini-app.
 */
export function quietHoursWaitUntil(at: Date, quiet: QuietHours | null): string | null {
  if (!quiet) return null;
  const start = minuteOf(quiet.start);
  const end = minuteOf(quiet.end);
  if (start === end) return null;
  const local = isoToVietnamLocal(at);
  if (!local) return null;
  const minute = minuteOf(local.slice(11, 16));
  const quietNow = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!quietNow) return null;
  const today = local.slice(0, 10);
  // Before the end on the same day (the early-morning half) → today; otherwise (the evening half) → tomorrow.
  const day = minute < end ? today : new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return vietnamLocalToIso(`${day}T${quiet.end}`);
}
