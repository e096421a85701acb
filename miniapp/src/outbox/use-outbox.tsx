import type { CreateAssistanceLogBody } from "@xks/shared/api/assistance-logs";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
} from "react";
import { api } from "../api/api.ts";
import { useToast } from "../components/toast.tsx";
import { storage } from "../platform/zalo-platform.ts";
import { useSession } from "../session/session.tsx";
import { Outbox, type OutboxEntry, type SyncResult } from "./outbox.ts";

/** Mobile networks often come back without an `online` event: retry waiting entries this often as well. */
const RETRY_INTERVAL_MS = 30_000;

const outbox = new Outbox(storage);

interface OutboxApi {
  /** The signed-in member's entries not yet confirmed by the server. */
  waiting: readonly OutboxEntry[];
  syncing: boolean;
  lastSync: SyncResult | null;
  online: boolean;
  /** Saves on the phone first, then tries to send at once. */
  save(body: CreateAssistanceLogBody): Promise<"sent" | "waiting">;
  syncNow(): Promise<SyncResult | null>;
  discard(clientId: string): void;
  retry(clientId: string, body: CreateAssistanceLogBody): void;
}

const OutboxContext = createContext<OutboxApi | null>(null);

export function OutboxProvider({ children }: { children: ReactNode }) {
  const { member, zaloUser } = useSession();
  const toast = useToast();
  const all = useSyncExternalStore(outbox.subscribe, outbox.entries);
  const [syncing, setSyncing] = useState(false);
  const [lastSync, setLastSync] = useState<SyncResult | null>(null);
  const [online, setOnline] = useState(() => navigator.onLine);
  const owner = zaloUser?.id ?? null;
  const canSend = owner !== null && member?.status === "ACTIVE";

  const syncNow = useCallback(async () => {
    if (!canSend || !owner) return null;
    setSyncing(true);
    try {
      const result = await outbox.sync(owner, api.createLog);
      setLastSync(result);
      if (result.sent > 0) toast.show(`Đã gửi ${result.sent} lượt hỗ trợ lưu trên máy.`, "success");
      return result;
    } finally {
      setSyncing(false);
    }
  }, [canSend, owner, toast]);

  useEffect(() => {
    const goOnline = () => {
      setOnline(true);
      void syncNow();
    };
    const goOffline = () => setOnline(false);
    window.addEventListener("online", goOnline);
    window.addEventListener("offline", goOffline);
    return () => {
      window.removeEventListener("online", goOnline);
      window.removeEventListener("offline", goOffline);
    };
  }, [syncNow]);

  const waiting = useMemo(() => all.filter((e) => e.ownerZaloId === owner), [all, owner]);
  const hasWaiting = waiting.length > 0;

  // On app start (and after sign-in) send whatever waited on the phone; keep retrying while entries wait.
  useEffect(() => {
    if (!canSend) return;
    void syncNow();
  }, [canSend, syncNow]);
  useEffect(() => {
    if (!canSend || !hasWaiting) return;
    const timer = window.setInterval(() => {
      if (navigator.onLine) void syncNow();
    }, RETRY_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [canSend, hasWaiting, syncNow]);

  const value = useMemo<OutboxApi>(
    () => ({
      waiting,
      syncing,
      lastSync,
      online,
      save: async (body) => {
        if (!owner) throw new Error("not signed in");
        outbox.add(body, owner);
        if (!navigator.onLine) return "waiting";
        await syncNow();
        return outbox.entries().some((e) => e.body.clientId === body.clientId) ? "waiting" : "sent";
      },
      syncNow,
      discard: (clientId) => outbox.remove(clientId),
      retry: (clientId, body) => {
        outbox.update(clientId, body);
        void syncNow();
      },
    }),
    [waiting, syncing, lastSync, online, owner, syncNow],
  );
  return <OutboxContext.Provider value={value}>{children}</OutboxContext.Provider>;
}

export function useOutbox(): OutboxApi {
  const value = useContext(OutboxContext);
  if (!value) throw new Error("useOutbox outside OutboxProvider");
  return value;
}
