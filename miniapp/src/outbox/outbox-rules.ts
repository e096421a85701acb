import type { CreateAssistanceLogBody } from "@xks/shared/api/assistance-logs";

/**
 * The outbox's decisions, as pure functions over the stored list: which entries a sync sends, what a failure does
 * to an entry, what a repeated save keeps. No storage, no network, no browser: unit-tested in plain Node
 * (`outbox-rules.test.ts`); `outbox.ts` applies them to the phone's storage.
 */

export interface OutboxEntry {
  body: CreateAssistanceLogBody;
  /** Whose entry it is: a phone shared by two members must not send one's entries under the other's session. */
  ownerZaloId: string;
  queuedAt: string;
  attempts: number;
  /** Set when the server refused the entry for good (validation); it waits for the member to fix or delete it. */
  rejection?: string;
}

/** Why a sync run stopped before the end: nothing more can be sent now, and every entry stays for a later run. */
export type StopReason = "offline" | "unauthenticated" | "server";

/** How sending one entry failed, without the API client's error classes. */
export type SendFailure =
  | { kind: "network" }
  | { kind: "http"; status: number; message: string }
  /** A bug or anything else thrown: treated like a busy server, so the entry is kept and tried again. */
  | { kind: "unexpected" };

export type FailureDecision =
  /** Keep the entry as it is for the next run and stop this one: the next entries would fail the same way. */
  | { kind: "stop"; stoppedBy: StopReason }
  /** The server will never accept it as is: keep it visible with the reason, stop retrying it, go on to the next. */
  | { kind: "refuse"; rejection: string };

/**
 * 4xx answers that say "not now" rather than "not this": timeout, too early, rate-limited. Retrying them later
 * is right; marking the entry refused would leave a valid entry waiting for a fix that it does not need.
 */
const TRANSIENT_CLIENT_STATUSES: ReadonlySet<number> = new Set([408, 425, 429]);

export function decideAfterFailure(failure: SendFailure): FailureDecision {
  switch (failure.kind) {
    case "network":
      return { kind: "stop", stoppedBy: "offline" };
    case "unexpected":
      return { kind: "stop", stoppedBy: "server" };
    case "http":
      // An expired session: every entry would get the same answer until the member signs in again.
      if (failure.status === 401) return { kind: "stop", stoppedBy: "unauthenticated" };
      if (failure.status >= 400 && failure.status < 500 && !TRANSIENT_CLIENT_STATUSES.has(failure.status)) {
        return { kind: "refuse", rejection: failure.message };
      }
      return { kind: "stop", stoppedBy: "server" };
    default:
      return assertNever(failure);
  }
}

/**
 * What a sync sends: the owner's entries that the server has not refused, oldest first, each clientId once (the
 * server would answer a repeat with the first record anyway; sending it twice only wastes a weak connection).
 */
export function entriesDue(entries: readonly OutboxEntry[], ownerZaloId: string): OutboxEntry[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    if (entry.ownerZaloId !== ownerZaloId || entry.rejection !== undefined) return false;
    if (seen.has(entry.body.clientId)) return false;
    seen.add(entry.body.clientId);
    return true;
  });
}

/**
 * A saved entry joins the end of the list, unless one with its clientId is already there (a double tap on
 * "Lưu", a save repeated after a crash): the first stays, as it may already be on its way to the server.
 */
export function withEntryAdded(entries: readonly OutboxEntry[], entry: OutboxEntry): OutboxEntry[] {
  if (entries.some((e) => e.body.clientId === entry.body.clientId)) return [...entries];
  return [...entries, entry];
}

/** Confirmed by the server: every entry with this clientId leaves the outbox. */
export function withEntrySent(entries: readonly OutboxEntry[], clientId: string): OutboxEntry[] {
  return entries.filter((e) => e.body.clientId !== clientId);
}

/** One more attempt counted; a refusal is recorded so the entry waits for the member instead of being retried. */
export function withFailureRecorded(
  entries: readonly OutboxEntry[],
  clientId: string,
  decision: FailureDecision,
): OutboxEntry[] {
  return entries.map((e) =>
    e.body.clientId === clientId
      ? { ...e, attempts: e.attempts + 1, ...(decision.kind === "refuse" ? { rejection: decision.rejection } : {}) }
      : e,
  );
}

/** The member corrected a refused entry: new fields under the same clientId, refusal cleared, due again. */
export function withEntryCorrected(
  entries: readonly OutboxEntry[],
  clientId: string,
  body: CreateAssistanceLogBody,
): OutboxEntry[] {
  return entries.map((e) => {
    if (e.body.clientId !== clientId) return e;
    const { rejection: _cleared, ...rest } = e;
    return { ...rest, body: { ...body, clientId } };
  });
}

/**
 * The stored list, read defensively: the phone's storage may hold anything (an older version's format, a write
 * cut short). Unreadable data counts as an empty outbox rather than breaking the app; malformed items are dropped.
 */
export function parseStoredOutbox(raw: string | null): OutboxEntry[] {
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(isOutboxEntry);
}

function isOutboxEntry(value: unknown): value is OutboxEntry {
  if (typeof value !== "object" || value === null) return false;
  const entry = value as Partial<OutboxEntry>;
  return (
    typeof entry.ownerZaloId === "string" &&
    typeof entry.attempts === "number" &&
    typeof entry.body === "object" &&
    entry.body !== null &&
    typeof entry.body.clientId === "string"
  );
}

function assertNever(value: never): never {
  throw new Error(`Unhandled send failure: ${JSON.stringify(value)}`);
}
