import {
  downloadFile,
  getPhoneNumber,
  nativeStorage,
  openChat,
  openWebview,
  followOA as sdkFollowOA,
  getAccessToken as sdkGetAccessToken,
} from "zmp-sdk";
import { ZALO_OA_ID, ZALO_SIGNIN_URL } from "../config.ts";

/**
 * The platform boundary: the only module that imports `zmp-sdk`.
 *
 * Inside Zalo it talks to the native bridge. In an ordinary browser (development, tests) it signs in through
 * the emulator's demo-user page, which hands back a user token in the URL hash that the server verifies at
 * Graph `/me` exactly as in production. We never rely on zmp-sdk's own browser behaviour: it answers with
 * mock data on `localhost` and rejects with `{code: -2000}` on other hosts.
 */

declare global {
  interface Window {
    APP_ID: string;
  }
}

const TOKEN_HASH_KEY = "zalo_access_token";

/** Zalo's runtime defines `window.APP_ID` before the app's scripts run; its webview says "Zalo" in the UA. */
function detectInsideZalo(): boolean {
  if (typeof window === "undefined") return false;
  const appId = (window as Partial<Window>).APP_ID;
  if (typeof appId === "string" && /^\d+$/.test(appId)) return true;
  return /\bZalo\b/i.test(navigator.userAgent);
}

export const insideZalo: boolean = detectInsideZalo();

/** A user token handed back by the emulator's sign-in page, taken once out of the URL (and out of history). */
let tokenFromRedirect: string | null = null;
if (!insideZalo && typeof window !== "undefined") {
  const hash = new URLSearchParams(window.location.hash.replace(/^#/, ""));
  const token = hash.get(TOKEN_HASH_KEY);
  if (token) {
    tokenFromRedirect = token;
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
}

/**
 * The Zalo user access token to exchange at `POST /api/auth/zalo`, or null outside Zalo when the user has not
 * been through the sign-in page yet (call `startBrowserSignIn()` then).
 */
export async function getAccessToken(): Promise<string | null> {
  if (insideZalo) return (await sdkGetAccessToken()) || null;
  const token = tokenFromRedirect;
  tokenFromRedirect = null;
  return token;
}

/** Outside Zalo: go to the emulator's demo-user page; it comes back to this page with a token in the hash. */
export function startBrowserSignIn(): void {
  const back = window.location.origin + window.location.pathname;
  window.location.assign(`${ZALO_SIGNIN_URL}?${new URLSearchParams({ redirect: back })}`);
}

/**
 * A single-use token the server exchanges for the phone number, with a user access token taken at the same moment
 * (the server decodes the phone token with it, not with the sign-in token, which may be hours old). Zalo shows its
 * own consent prompt; the caller states the purpose on screen first. Returns null when refused or unavailable
 * (outside Zalo).
 */
export async function getPhoneNumberToken(
  purpose: string,
): Promise<{ token: string; accessToken: string | null } | null> {
  if (!insideZalo) return null;
  try {
    const { token } = await getPhoneNumber();
    if (!token) return null;
    const accessToken = (await sdkGetAccessToken().catch(() => "")) || null;
    return { token, accessToken };
  } catch (error) {
    console.warn("getPhoneNumber refused", purpose, error);
    return null;
  }
}

/**
 * The OA chat, with `message` typed in for the user to send: inside Zalo the native chat (`openChat`); outside,
 * the emulator's chat page as the person with mini-app id `asZaloId`.
 */
export async function openOAChat(message?: string, asZaloId?: string): Promise<void> {
  if (insideZalo) {
    await openChat({ type: "oa", id: ZALO_OA_ID, ...(message ? { message } : {}) });
    return;
  }
  const query = new URLSearchParams({ ...(asZaloId ? { as: asZaloId } : {}), ...(message ? { draft: message } : {}) });
  window.open(new URL(`/chat?${query}`, ZALO_SIGNIN_URL).toString(), "_blank", "noopener");
}

/** A web page of our own server (queue dashboard, OA consent): a Zalo webview inside Zalo, a new tab outside. */
export async function openWebPage(url: string): Promise<void> {
  if (insideZalo) {
    await openWebview({ url, config: { style: "normal", leftButton: "back" } });
    return;
  }
  window.open(url, "_blank", "noopener");
}

/**
 * A file at a plain (signed) URL: inside Zalo the SDK's `downloadFile` saves it to the phone (blob downloads do not
 * work in Zalo's webview), falling back to a webview on the link when the app lacks that permission; outside Zalo
 * the browser downloads it (the server answers with `Content-Disposition: attachment`).
 */
export async function openDownload(url: string): Promise<void> {
  if (insideZalo) {
    try {
      await downloadFile({ url });
    } catch (error) {
      console.warn("downloadFile refused, opening the link instead", error);
      await openWebview({ url, config: { style: "normal", leftButton: "back" } });
    }
    return;
  }
  const link = document.createElement("a");
  link.href = url;
  link.rel = "noopener";
  document.body.appendChild(link);
  link.click();
  link.remove();
}

export async function followOA(): Promise<boolean> {
  if (!insideZalo) return false;
  try {
    await sdkFollowOA({ id: ZALO_OA_ID });
    return true;
  } catch {
    return false;
  }
}

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Mini-apps get no LocalStorage inside Zalo; nativeStorage is the supported store there (and throws outside). */
export const storage: KeyValueStorage = insideZalo
  ? {
      getItem: (key) => nativeStorage.getItem(key) || null,
      setItem: (key, value) => nativeStorage.setItem(key, value),
      removeItem: (key) => nativeStorage.removeItem(key),
    }
  : {
      getItem: (key) => window.localStorage.getItem(key),
      setItem: (key, value) => window.localStorage.setItem(key, value),
      removeItem: (key) => window.localStorage.removeItem(key),
    };
