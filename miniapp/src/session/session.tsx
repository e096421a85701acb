import type { Member, ZaloUser } from "@xks/shared/api/auth";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { api } from "../api/api.ts";
import { configureApiClient, describeError, NetworkError } from "../api/api-client.ts";
import { getAccessToken, insideZalo, startBrowserSignIn, storage } from "../platform/zalo-platform.ts";

/**
 * Who is using the app. The session (server token + member record) is kept on the phone so the app opens and
 * logs entries with no network; it is refreshed from `GET /api/me` whenever the network allows.
 */

interface StoredSession {
  token: string;
  expiresAt: string;
  member: Member | null;
  zaloUser: Pick<ZaloUser, "id" | "name">;
}

export type SessionState =
  | { status: "loading" }
  | { status: "signed-out"; error?: string }
  | { status: "signed-in"; session: StoredSession };

interface SessionApi {
  state: SessionState;
  /** The signed-in member, or null before registration. */
  member: Member | null;
  zaloUser: StoredSession["zaloUser"] | null;
  signIn(): Promise<void>;
  signOut(): void;
  /** Re-reads the member record (approval, role changes). */
  refresh(): Promise<void>;
  setMember(member: Member): void;
}

const STORAGE_KEY = "xks.session.v1";
const SessionContext = createContext<SessionApi | null>(null);

function readStored(): StoredSession | null {
  try {
    const raw = storage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as StoredSession) : null;
  } catch {
    return null;
  }
}

function writeStored(session: StoredSession | null): void {
  if (session) storage.setItem(STORAGE_KEY, JSON.stringify(session));
  else storage.removeItem(STORAGE_KEY);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: "loading" });
  const sessionRef = useRef<StoredSession | null>(null);

  const adopt = useCallback((session: StoredSession | null, error?: string) => {
    sessionRef.current = session;
    writeStored(session);
    setState(session ? { status: "signed-in", session } : { status: "signed-out", error });
  }, []);

  const exchange = useCallback(
    async (accessToken: string) => {
      const result = await api.signIn(accessToken);
      adopt({ token: result.token, expiresAt: result.expiresAt, member: result.member, zaloUser: result.zaloUser });
    },
    [adopt],
  );

  const signIn = useCallback(async () => {
    try {
      const accessToken = await getAccessToken();
      if (accessToken) return await exchange(accessToken);
      if (!insideZalo) return startBrowserSignIn();
      adopt(null, "Không lấy được thông tin đăng nhập từ Zalo.");
    } catch (error) {
      adopt(null, describeError(error));
    }
  }, [adopt, exchange]);

  const refresh = useCallback(async () => {
    const current = sessionRef.current;
    if (!current) return;
    try {
      const me = await api.me();
      adopt({ ...current, member: me.member });
    } catch (error) {
      // Offline: keep working with what the phone knows.
      if (!(error instanceof NetworkError)) throw error;
    }
  }, [adopt]);

  useEffect(() => {
    configureApiClient(
      () => sessionRef.current?.token ?? null,
      () => {
        // The server no longer accepts the token: inside Zalo sign in again silently; outside, show the button.
        if (insideZalo) void signIn();
        else adopt(null, "Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.");
      },
    );
    const start = async () => {
      const accessToken = await getAccessToken().catch(() => null);
      if (accessToken) {
        try {
          return await exchange(accessToken);
        } catch (error) {
          if (!(error instanceof NetworkError)) return adopt(null, describeError(error));
        }
      }
      const stored = readStored();
      if (stored && Date.parse(stored.expiresAt) > Date.now()) {
        sessionRef.current = stored;
        setState({ status: "signed-in", session: stored });
        void refresh().catch(() => undefined);
        return;
      }
      if (stored?.member && !navigator.onLine) {
        // Expired but offline: let the member keep logging; the outbox waits for a fresh sign-in to send.
        sessionRef.current = stored;
        setState({ status: "signed-in", session: stored });
        return;
      }
      if (insideZalo) return signIn();
      adopt(null);
    };
    void start();
  }, [adopt, exchange, refresh, signIn]);

  const value = useMemo<SessionApi>(() => {
    const session = state.status === "signed-in" ? state.session : null;
    return {
      state,
      member: session?.member ?? null,
      zaloUser: session?.zaloUser ?? null,
      signIn,
      signOut: () => adopt(null),
      refresh,
      setMember: (member) => {
        if (sessionRef.current) adopt({ ...sessionRef.current, member });
      },
    };
  }, [state, signIn, adopt, refresh]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}

export function isLeadOrAdmin(member: Member | null): boolean {
  return member?.role === "UNIT_LEAD" || member?.role === "ORG_ADMIN";
}
