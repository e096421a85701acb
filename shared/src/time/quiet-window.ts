/**
 * The quiet-hours rule on minutes of the local day, shared by the server (`bot/src/time/quiet-hours.ts`, any time
 * zone) and the mini-app (`miniapp/src/components/quiet-hours.ts`, which tells an admin when a notice will go out):
 * the start is inclusive and the end exclusive, a window whose start is after its end spans midnight (21:00–07:00
 * is quiet at 23:30 and at 06:59), and equal bounds mean no quiet hours at all.
 */
export interface QuietWindow {
  /** Local "HH:MM". */
  start: string;
  end: string;
}

/** "07:30" → 450. */
export function minuteOfHhMm(value: string): number {
  const [h, m] = value.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Whether the local minute of the day `minute` falls in the window. */
export function isQuietMinute(minute: number, quiet: QuietWindow): boolean {
  const start = minuteOfHhMm(quiet.start);
  const end = minuteOfHhMm(quiet.end);
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/**
 * For a quiet local minute: whether the window ends later the same local day (the early-morning half of a window
 * past midnight, or any part of one within a day) or on the next day (the evening half).
 */
export function quietEndsNextDay(minute: number, quiet: QuietWindow): boolean {
  return minute >= minuteOfHhMm(quiet.end);
}
