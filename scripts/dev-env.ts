import { DEVELOPMENT_SECRETS } from "../bot/src/development-secrets.ts";

/**
 * The development environment `npm run dev` gives every process, and `npm run zalo:check -- --dev` checks.
 * Development values only: the emulator accepts exactly these. Never use them with a real OA.
 */
export function devEnv(ports: {
  serverPort: number;
  miniappPort: number;
  emulatorPort: number;
}): Record<string, string> {
  const EMULATOR = `http://127.0.0.1:${ports.emulatorPort}`;
  const SERVER = `http://127.0.0.1:${ports.serverPort}`;
  const MINIAPP = `http://127.0.0.1:${ports.miniappPort}`;
  return {
    NODE_ENV: "development",
    LOG_LEVEL: "info",
    ...DEVELOPMENT_SECRETS,
    ZALO_APP_ID: "1234567890123456789",
    ZALO_OA_ID: "4321098765432109876",
    ZALO_OPENAPI_URL: `${EMULATOR}/openapi`,
    ZALO_OAUTH_URL: `${EMULATOR}/oauth`,
    ZALO_GRAPH_URL: `${EMULATOR}/graph`,
    PUBLIC_URL: SERVER,
    ADMIN_ZALO_IDS: "8000000000000000001",
    MINIAPP_URL: MINIAPP,
    MINIAPP_ORIGINS: `${MINIAPP},http://localhost:${ports.miniappPort}`,
    PORT: String(ports.serverPort),
    HOST: "127.0.0.1",
    EMULATOR_PORT: String(ports.emulatorPort),
    EMULATOR_WEBHOOK_URL: `${SERVER}/webhooks/zalo`,
    // Server and worker follow the emulator's clock: moving it (POST /_emulator/clock) plays reminders at once.
    DEV_CLOCK_URL: `${EMULATOR}/_emulator/clock`,
    EMULATOR_OAUTH_REDIRECT_URL: `${SERVER}/oauth/zalo/callback`,
    VITE_API_URL: SERVER,
    VITE_ZALO_SIGNIN_URL: `${EMULATOR}/signin`,
    MINIAPP_PORT: String(ports.miniappPort),
  };
}

/**
 * What `npm run zalo:check -- --dev` checks with: `npm run dev`'s environment for the ports it was started on (PORT,
 * MINIAPP_PORT, EMULATOR_PORT, as `npm run dev` reads them), with anything set in `env` taking precedence.
 */
export function devCheckEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const set = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ""),
  );
  return {
    DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/xks",
    REDIS_URL: "redis://127.0.0.1:6379",
    ...devEnv({
      serverPort: Number(set.PORT ?? 3000),
      miniappPort: Number(set.MINIAPP_PORT ?? 5173),
      emulatorPort: Number(set.EMULATOR_PORT ?? 3100),
    }),
    ...set,
  };
}
