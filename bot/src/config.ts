import { z } from "zod";

/**
 * The one place that reads the environment. `loadConfig()` runs once at start-up (server, worker, scripts)
 * and stops the process with a message naming every missing or malformed variable.
 * Feature code receives the parsed `Config`; it never reads `process.env`.
 */

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

const quietHoursSchema = z
  .string()
  .trim()
  .refine((v) => v === "" || /^\d\d:\d\d-\d\d:\d\d$/.test(v), "expected HH:MM-HH:MM, or empty to disable")
  .transform((v, ctx) => {
    if (v === "") return null;
    const [start, end] = v.split("-") as [string, string];
    if (!HH_MM.test(start) || !HH_MM.test(end)) {
      ctx.addIssue({ code: "custom", message: "hours must be 00:00–23:59" });
      return z.NEVER;
    }
    return { start, end };
  });

const timeZoneSchema = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "unknown IANA time zone");

const urlSchema = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ""));
const idListSchema = z.string().transform((v) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);

export const configSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("production"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }),
  /** Prefix of every BullMQ key: lets tests and several deployments share one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[\w-]+$/)
    .default("xks"),
  /** Signs mini-app session tokens and derives the key that encrypts the OA token pair at rest. */
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters"),
  ZALO_APP_ID: z.string().regex(/^\d+$/, "must be the numeric Zalo app id"),
  ZALO_APP_SECRET: z.string().min(8),
  ZALO_OA_ID: z.string().regex(/^\d+$/, "must be the numeric OA id"),
  /** The OA Secret Key from the app's Webhook page: signs webhook events (not the App Secret). */
  ZALO_OA_SECRET_KEY: z.string().min(8),
  ZALO_OA_ACCESS_TOKEN: z.string().min(1).optional(),
  ZALO_OA_REFRESH_TOKEN: z.string().min(1).optional(),
  ZALO_OPENAPI_URL: urlSchema.default("https://openapi.zalo.me"),
  ZALO_OAUTH_URL: urlSchema.default("https://oauth.zaloapp.com"),
  ZALO_GRAPH_URL: urlSchema.default("https://graph.zalo.me"),
  /** Where the mini-app is served from, for CORS (comma-separated). Zalo serves mini-apps from its own hosts. */
  MINIAPP_ORIGINS: idListSchema.prefault("https://h5.zdn.vn,zbrowser://h5.zdn.vn"),
  ADMIN_ZALO_IDS: idListSchema.prefault(""),
  QUIET_HOURS: quietHoursSchema.prefault("21:00-07:00"),
  TZ_NAME: timeZoneSchema.default("Asia/Ho_Chi_Minh"),
  /** Zalo's per-app limit on API calls, shared by every worker through Redis. */
  ZALO_SEND_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(4000),
  /** Idle hours before an unfinished checklist gets its first reminder (the second comes at 5 days). */
  REMINDER_FIRST_AFTER_HOURS: z.coerce.number().int().min(1).max(120).default(48),
  /**
   * ZBS/ZNS template messages for residents outside the 7-day window: off until the OA has an approved
   * template and a funded Zalo Cloud Account (see bot/src/broadcasts/template-message-channel.ts).
   */
  ZALO_TEMPLATE_MESSAGES: z
    .enum(["on", "off"])
    .default("off")
    .transform((v) => v === "on"),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses an environment (by default the process's); throws a ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".");
    const missing = issue.code === "invalid_type" && env[name] === undefined;
    return missing ? `${name} is missing` : `${name} is invalid: ${issue.message}`;
  });
  throw new ConfigError(problems);
}
