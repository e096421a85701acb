/**
 * Calendar arithmetic in the organisation's time zone (Asia/Ho_Chi_Minh by default). Reports speak in local
 * days and Monday-to-Sunday weeks; the database stores UTC instants. Wall-clock conversion itself lives in
 * `time/local-time.ts`, shared with quiet hours and reminders.
 */

import { fromLocal, toLocal } from "../time/local-time.ts";

const DAY_MS = 86_400_000;

/** The instant a local calendar day ("2026-03-02") starts. */
export function startOfLocalDay(isoDate: string, timeZone: string): Date {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  return fromLocal({ year, month, day, hour: 0, minute: 0 }, timeZone);
}

/** The local calendar day of an instant, "YYYY-MM-DD". */
export function localDate(instant: Date, timeZone: string): string {
  const p = toLocal(instant, timeZone);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday of the local week containing the instant. */
export function localWeekStart(instant: Date, timeZone: string): string {
  const today = localDate(instant, timeZone);
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 = Sunday
  return addDays(today, -((weekday + 6) % 7));
}

/** "02/03/2026 08:30" as people in Vietnam write it. */
export function formatLocalDateTime(instant: Date, timeZone: string): string {
  const p = toLocal(instant, timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(p.day)}/${pad(p.month)}/${p.year} ${pad(p.hour)}:${pad(p.minute)}`;
}
