import type { AssistanceLog, CreateAssistanceLogBody } from "@xks/shared/api/assistance-logs";
import { ApiRequestError, NetworkError } from "../api/api-client.ts";
import type { KeyValueStorage } from "../platform/zalo-platform.ts";
import {
  decideAfterFailure,
  entriesDue,
  type OutboxEntry,
  parseStoredOutbox,
  type SendFailure,
  type StopReason,
  withEntryAdded,
  withEntryCorrected,
  withEntrySent,
  withFailureRecorded,
} from "./outbox-rules.ts";

export type { OutboxEntry } from "./outbox-rules.ts";

export type SendEntry = (body: CreateAssistanceLogBody) => Promise<AssistanceLog>;

export interface SyncResult {
  sent: number;
  waiting: number;
  /** Why the run stopped early (offline, session expired, server busy); null when it went through. */
  stoppedBy: StopReason | null;
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

/**
 * The outbox of assistance entries. Saving an entry always lands here first (on the phone, with a client-generated
 * id) and is then sent; it leaves the outbox only when the server has confirmed it. Because the server answers a
 * repeated `clientId` with the first record, sending the same entry twice (a retry after a lost answer, two syncs
 * racing) can never create a duplicate row.
 */

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
    this.write(withEntryAdded(this.read(), entry));
    return entry;
  }

  remove(clientId: string): void {
    this.write(withEntrySent(this.read(), clientId));
  }

  /** Replaces a refused entry's fields and clears the refusal so the next sync tries it again. */
  update(clientId: string, body: CreateAssistanceLogBody): void {
    this.write(withEntryCorrected(this.read(), clientId, body));
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
    let stoppedBy: StopReason | null = null;
    for (const entry of entriesDue(this.read(), ownerZaloId)) {
      try {
        await send(entry.body);
        this.write(withEntrySent(this.read(), entry.body.clientId));
        sent += 1;
      } catch (error) {
        const decision = decideAfterFailure(describeSendFailure(error));
        this.write(withFailureRecorded(this.read(), entry.body.clientId, decision));
        if (decision.kind === "stop") {
          stoppedBy = decision.stoppedBy;
          break;
        }
      }
    }
    const waiting = this.read().filter((e) => e.ownerZaloId === ownerZaloId).length;
    return { sent, waiting, stoppedBy };
  }

  private read(): OutboxEntry[] {
    try {
      return parseStoredOutbox(this.storage.getItem(STORAGE_KEY));
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

/** The API client's errors, in the terms the outbox rules decide on. */
function describeSendFailure(error: unknown): SendFailure {
  if (error instanceof NetworkError) return { kind: "network" };
  if (error instanceof ApiRequestError) return { kind: "http", status: error.status, message: error.message };
  return { kind: "unexpected" };
}
