import { z } from "zod";
import { DEFAULT_EMULATOR_OPTIONS, type EmulatorOptions } from "./emulator-options.ts";

const d = DEFAULT_EMULATOR_OPTIONS;

/** The emulator's environment, parsed once at start-up. Defaults match the product's development defaults. */
export const emulatorEnvSchema = z.object({
  EMULATOR_PORT: z.coerce.number().int().min(1).max(65535).default(3100),
  EMULATOR_HOST: z.string().min(1).default("127.0.0.1"),
  /** Empty string: do not deliver webhooks. */
  EMULATOR_WEBHOOK_URL: z.union([z.literal(""), z.url({ protocol: /^https?$/ })]).default(d.webhookUrl ?? ""),
  /** Base URL others use to reach the emulator (media links in webhooks); defaults to http://HOST:PORT. */
  EMULATOR_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  EMULATOR_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(d.rateLimitPerMinute),
  /** Multiplies Zalo's webhook retry ladder; 1 = real timings (30 s … 1 h). */
  EMULATOR_RETRY_SCALE: z.coerce.number().min(0).default(d.retryScale),
  EMULATOR_LOG: z.enum(["true", "false"]).default("true"),
  /** The OAuth callback registered for the app; the product's default is PUBLIC_URL + /oauth/zalo/callback. */
  EMULATOR_OAUTH_REDIRECT_URL: z.url({ protocol: /^https?$/ }).default(d.registeredRedirectUri),
  /** The OA's Zalo Cloud Account: billed messages (48 h–7 d) are refused with none (-320) or empty (-321). */
  EMULATOR_ZCA: z.enum(["funded", "none", "empty"]).default(d.rules.zca),
  /** Only followers may receive consultation messages (the undocumented, stricter rule). */
  EMULATOR_CS_REQUIRES_FOLLOW: z.enum(["true", "false"]).default("false"),
  ZALO_APP_ID: z.string().regex(/^\d+$/, "must be numeric").default(d.appId),
  ZALO_APP_SECRET: z.string().min(1).default(d.appSecret),
  ZALO_OA_ID: z.string().regex(/^\d+$/, "must be numeric").default(d.oaId),
  ZALO_OA_SECRET_KEY: z.string().min(1).default(d.oaSecretKey),
  ZALO_OA_ACCESS_TOKEN: z.string().min(1).default(d.initialAccessToken),
  ZALO_OA_REFRESH_TOKEN: z.string().min(1).default(d.initialRefreshToken),
});

export interface EmulatorConfig {
  readonly port: number;
  readonly host: string;
  readonly options: EmulatorOptions;
}

export class EmulatorConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid emulator configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EmulatorConfigError";
  }
}

/** Reads the environment; throws an error naming every bad variable. */
export function loadEmulatorConfig(env: NodeJS.ProcessEnv): EmulatorConfig {
  // Treat empty variables as unset (except the webhook URL, where empty means "none").
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => value !== "" || key === "EMULATOR_WEBHOOK_URL"),
  );
  const parsed = emulatorEnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new EmulatorConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = parsed.data;
  const publicHost = e.EMULATOR_HOST === "0.0.0.0" || e.EMULATOR_HOST === "::" ? "127.0.0.1" : e.EMULATOR_HOST;
  return {
    port: e.EMULATOR_PORT,
    host: e.EMULATOR_HOST,
    options: {
      appId: e.ZALO_APP_ID,
      appSecret: e.ZALO_APP_SECRET,
      oaId: e.ZALO_OA_ID,
      oaSecretKey: e.ZALO_OA_SECRET_KEY,
      initialAccessToken: e.ZALO_OA_ACCESS_TOKEN,
      initialRefreshToken: e.ZALO_OA_REFRESH_TOKEN,
      webhookUrl: e.EMULATOR_WEBHOOK_URL === "" ? null : e.EMULATOR_WEBHOOK_URL,
      rateLimitPerMinute: e.EMULATOR_RATE_LIMIT_PER_MINUTE,
      retryScale: e.EMULATOR_RETRY_SCALE,
      publicUrl: e.EMULATOR_PUBLIC_URL ?? `http://${publicHost}:${e.EMULATOR_PORT}`,
      logger: e.EMULATOR_LOG === "true",
      registeredRedirectUri: e.EMULATOR_OAUTH_REDIRECT_URL,
      rules: { zca: e.EMULATOR_ZCA, csRequiresFollow: e.EMULATOR_CS_REQUIRES_FOLLOW === "true" },
    },
  };
}
