/**
 * Build-time settings (Vite `VITE_*` variables), read once here. Defaults match `npm run dev`:
 * the API on :3000 and the Zalo emulator on :3100.
 */
const env = import.meta.env;

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

export const API_URL = withoutTrailingSlash(env.VITE_API_URL || "http://127.0.0.1:3000");
/** The emulator's demo-user page, used only outside Zalo (development, tests). */
export const ZALO_SIGNIN_URL = env.VITE_ZALO_SIGNIN_URL || "http://127.0.0.1:3100/signin";
/** The OA the mini-app belongs to (followOA / openChat inside Zalo). */
export const ZALO_OA_ID = env.VITE_ZALO_OA_ID || "4321098765432109876";
