/**
 * The notice a registration day's residents get when it is cancelled or its time or place changes. It is a Reminder
 * row (kind REGISTRATION_EVENT_CHANGE) so that the reminder scan sends it under the reminders' rules: quiet hours
 * defer it, the reply window and the billed band decide whether it can go at all, and `reminder:<id>` as the
 * outbound idempotency key makes it go once however often the scan runs.
 */

export type EventChange = { kind: "cancelled" } | { kind: "moved"; time: boolean; place: boolean };

/** `event-change:<eventId>:<residentId>:<what>:<changed at ms>`; what: `cancelled`, `time`, `place`, `time-place`. */
export function eventChangeNoticeKey(eventId: string, residentId: string, change: EventChange, at: Date): string {
  return `${eventChangeNoticeKeyPrefix(eventId)}${residentId}:${encodeChange(change)}:${at.getTime()}`;
}

export function eventChangeNoticeKeyPrefix(eventId: string): string {
  return `event-change:${eventId}:`;
}

export function parseEventChangeNoticeKey(
  key: string,
): { eventId: string; residentId: string; change: EventChange } | null {
  const [prefix, eventId, residentId, what, at] = key.split(":");
  if (prefix !== "event-change" || !eventId || !residentId || !at) return null;
  const change = decodeChange(what ?? "");
  return change ? { eventId, residentId, change } : null;
}

/**
 * A change on top of one the resident was not told of yet: one notice says both. After a cancellation nothing else
 * matters; a cancellation supersedes everything.
 */
export function mergeEventChanges(earlier: EventChange | null, later: EventChange): EventChange {
  if (!earlier || later.kind === "cancelled") return later;
  if (earlier.kind === "cancelled") return earlier;
  return { kind: "moved", time: earlier.time || later.time, place: earlier.place || later.place };
}

function encodeChange(change: EventChange): string {
  if (change.kind === "cancelled") return "cancelled";
  return [change.time ? "time" : null, change.place ? "place" : null].filter(Boolean).join("-");
}

function decodeChange(what: string): EventChange | null {
  if (what === "cancelled") return { kind: "cancelled" };
  const parts = what.split("-");
  if (parts.length === 0 || parts.some((p) => p !== "time" && p !== "place")) return null;
  return { kind: "moved", time: parts.includes("time"), place: parts.includes("place") };
}
