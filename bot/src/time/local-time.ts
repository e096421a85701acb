/**
 * Wall-clock arithmetic in an IANA time zone (TZ_NAME) with nothing but Intl: quiet hours, "the day before" and
 * "one reminder per day" are questions about the residents' local day, not about UTC.
 */

export interface LocalDateTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock reading of `at` in `timeZone`. */
export function toLocal(at: Date, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
  };
}

/** The offset of `timeZone` from UTC at `at`, in ms (Asia/Ho_Chi_Minh: +7 h). */
function offsetMs(at: Date, timeZone: string): number {
  const local = toLocal(at, timeZone);
  const seconds = at.getUTCSeconds();
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, seconds);
  return asUtc - (at.getTime() - at.getUTCMilliseconds());
}

/**
 * The instant whose wall-clock reading in `timeZone` is `local`. Day and month overflow normalise
 * (day 32 is the 1st of the next month), so callers can add days to a local date.
 */
export function fromLocal(local: LocalDateTime, timeZone: string): Date {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // Two passes settle DST edges; zones without DST (Vietnam) settle in one.
  let at = new Date(guess - offsetMs(new Date(guess), timeZone));
  at = new Date(guess - offsetMs(at, timeZone));
  return at;
}

/** Minutes since local midnight. */
export function localMinuteOfDay(at: Date, timeZone: string): number {
  const local = toLocal(at, timeZone);
  return local.hour * 60 + local.minute;
}

/** Local midnight that starts the day containing `at`. */
export function startOfLocalDay(at: Date, timeZone: string): Date {
  const local = toLocal(at, timeZone);
  return fromLocal({ ...local, hour: 0, minute: 0 }, timeZone);
}
