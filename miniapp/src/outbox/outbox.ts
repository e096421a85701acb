import type { AssistanceLog, CreateAssistanceLogBody } from "@xks/shared/api/assistance-logs";
import { ApiRequestError, NetworkError } from "../api/api-client.ts";
import type { KeyValueStorage } from "../platform/zalo-platform.ts";

/**
 * The outbox of assistance entries. Saving an entry always lands here first (on the phone, with a client-generated
 * id) and is then sent; it leaves the outbox only when the server has confirmed it. Because the server answers a
 * repeated `clientId` with the first record, sending the same entry twice (a retry after a lost answer, two syncs
 * racing) can never create a duplicate row.
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

export type SendEntry = (body: CreateAssistanceLogBody) => Promise<AssistanceLog>;

export interface SyncResult {
  sent: number;
  waiting: number;
  /** Why the run stopped early (offline, session expired, server busy); null when it went through. */
  stoppedBy: "offline" | "unauthenticated" | "server" | null;
}

const STORAGE_KEY = "xks.outbox.v1";

/** A v4 UUID; `crypto.randomUUID` is missing on older Android webviews, `getRandomValues` is not. */
export function newClientId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class Outbox {
  private readonly listeners = new Set<() => void>();
  private running: Promise<SyncResult> | null = null;
  private followUp: Promise<SyncResult> | null = null;
  private snapshot: readonly OutboxEntry[];

  constructor(private readonly storage: KeyValueStorage) {
    this.snapshot = this.read();
  }

  /** The entries in the order they were saved (stable reference between changes, for `useSyncExternalStore`). */
  entries = (): readonly OutboxEntry[] => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  add(body: CreateAssistanceLogBody, ownerZaloId: string): OutboxEntry {
    const entry: OutboxEntry = { body, ownerZaloId, queuedAt: new Date().toISOString(), attempts: 0 };
    this.write([...this.read(), entry]);
    return entry;
  }

  remove(clientId: string): void {
    this.write(this.read().filter((e) => e.body.clientId !== clientId));
  }

  /** Replaces a refused entry's fields and clears the refusal so the next sync tries it again. */
  update(clientId: string, body: CreateAssistanceLogBody): void {
    this.write(
      this.read().map((e) =>
        e.body.clientId === clientId ? { ...e, body: { ...body, clientId }, rejection: undefined } : e,
      ),
    );
  }

  /**
   * Sends the owner's waiting entries one by one, oldest first. Only one run at a time: a call while one runs (the
   * `online` event and app start often coincide, or an entry is saved meanwhile) gets one follow-up run after it.
   */
  sync(ownerZaloId: string, send: SendEntry): Promise<SyncResult> {
    if (this.running) {
      this.followUp ??= this.running.then(() => {
        this.followUp = null;
        return this.sync(ownerZaloId, send);
      });
      return this.followUp;
    }
    this.running = this.runSync(ownerZaloId, send).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runSync(ownerZaloId: string, send: SendEntry): Promise<SyncResult> {
    let sent = 0;
    let stoppedBy: SyncResult["stoppedBy"] = null;
    const due = this.read().filter((e) => e.ownerZaloId === ownerZaloId && !e.rejection);
    for (const entry of due) {
      try {
        await send(entry.body);
        this.remove(entry.body.clientId);
        sent += 1;
      } catch (error) {
        if (error instanceof NetworkError) {
          stoppedBy = "offline";
        } else if (error instanceof ApiRequestError && error.status === 401) {
          stoppedBy = "unauthenticated";
        } else if (error instanceof ApiRequestError && error.status >= 400 && error.status < 500) {
          // The server will never accept it as is (e.g. the help request is gone): keep it visible, stop retrying.
          this.patch(entry.body.clientId, { rejection: error.message, attempts: entry.attempts + 1 });
          continue;
        } else {
          stoppedBy = "server";
        }
        this.patch(entry.body.clientId, { attempts: entry.attempts + 1 });
        break;
      }
    }
    const waiting = this.read().filter((e) => e.ownerZaloId === ownerZaloId).length;
    return { sent, waiting, stoppedBy };
  }

  private patch(clientId: string, changes: Partial<OutboxEntry>): void {
    this.write(this.read().map((e) => (e.body.clientId === clientId ? { ...e, ...changes } : e)));
  }

  private read(): OutboxEntry[] {
    try {
      const raw = this.storage.getItem(STORAGE_KEY);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? (parsed as OutboxEntry[]) : [];
    } catch {
      return [];
    }
  }

  private write(entries: OutboxEntry[]): void {
    this.storage.setItem(STORAGE_KEY, JSON.stringify(entries));
    this.snapshot = entries;
    for (const listener of this.listeners) listener();
  }
}
