/**
 * Times typed into the mini-app are Vietnam time (Asia/Ho_Chi_Minh) whatever the phone's own time zone: a member
 * travelling, or a phone left on another zone, must not schedule a notice seven hours off. Vietnam keeps UTC+7 all
 * year (no daylight saving), so the conversion is a fixed offset and needs no time-zone database.
 */
const VIETNAM_OFFSET = "+07:00";
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/;

/**
 * A `datetime-local` value ("2026-03-10T08:00") read as Vietnam time: the instant as ISO 8601 with Vietnam's offset
 * ("2026-03-10T08:00:00+07:00"). "" when the value is empty or not a date and time.
 */
export function vietnamLocalToIso(local: string): string {
  const match = LOCAL_DATE_TIME.exec(local);
  if (!match) return "";
  const iso = `${match[1]}T${match[2]}${match[3] ?? ":00"}${VIETNAM_OFFSET}`;
  return Number.isNaN(Date.parse(iso)) ? "" : iso;
}

/** A day ("2026-03-10") and a time ("07:30") read as Vietnam time, as ISO 8601; "" when either is missing. */
export function vietnamDayTimeToIso(day: string, time: string): string {
  return day && time ? vietnamLocalToIso(`${day}T${time}`) : "";
}

/** An instant as Vietnam's clocks show it, in the `datetime-local` form ("2026-03-10T08:00"); "" when invalid. */
export function isoToVietnamLocal(instant: string | Date): string {
  const ms = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) return "";
  return new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 16);
}
