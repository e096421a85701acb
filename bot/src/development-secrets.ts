/**
 * The secrets `npm run dev` runs with (scripts/dev.ts), which the emulator and the tests accept. They are public
 * (they are in this repository), so the configuration refuses every one of them when NODE_ENV=production.
 */
export const DEVELOPMENT_SECRETS = {
  SESSION_SECRET: "dev-only-session-secret-change-me-0123456789",
  ZALO_APP_SECRET: "dev-app-secret-xks",
  ZALO_OA_SECRET_KEY: "dev-oa-secret-key-xks",
  ZALO_OA_ACCESS_TOKEN: "dev-oa-access-token",
  ZALO_OA_REFRESH_TOKEN: "dev-oa-refresh-token",
} as const;
