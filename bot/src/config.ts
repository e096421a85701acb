import { isIP } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { DEVELOPMENT_SECRETS } from "./development-secrets.ts";

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

/** proxy-addr's names for the usual private ranges, accepted as Fastify's trustProxy accepts them. */
const PROXY_RANGE_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

function isAddressOrRange(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = "", prefix, extra] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Which peers may tell us the client's address with X-Forwarded-For, in Fastify's trustProxy terms: `off` (the
 * default: the TCP peer is the client), a number of proxy hops in front of the server, or a list of proxy addresses
 * and CIDR ranges. Never "trust everyone": a client would choose its own IP, and with it its rate-limit bucket.
 */
const trustProxySchema = z
  .string()
  .trim()
  .transform((v, ctx): false | number | string[] => {
    if (v === "" || v === "off") return false;
    if (/^\d+$/.test(v)) {
      const hops = Number(v);
      if (hops >= 1 && hops <= 10) return hops;
      ctx.addIssue({ code: "custom", message: "a number of hops must be 1–10 (or off)" });
      return z.NEVER;
    }
    const entries = v
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = entries.filter((e) => !isAddressOrRange(e));
    if (bad.length > 0) {
      ctx.addIssue({ code: "custom", message: `expected off, a hop count, or IPs/CIDRs; not ${bad.join(", ")}` });
      return z.NEVER;
    }
    return entries;
  });

const baseConfigSchema = z.object({
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
  /**
   * The Zalo Mini App's id: members' QR codes open `https://zalo.me/s/<id>/?to=<page>` (the documented link to a
   * mini-app). Unset: members' codes open the OA page and say to use the mini-app.
   */
  ZALO_MINIAPP_ID: z.string().regex(/^\d+$/, "must be the numeric mini-app id").optional(),
  /** Where the mini-app is served from, for CORS (comma-separated). Zalo serves mini-apps from its own hosts. */
  MINIAPP_ORIGINS: idListSchema.prefault("https://h5.zdn.vn,zbrowser://h5.zdn.vn"),
  ADMIN_ZALO_IDS: idListSchema.prefault(""),
  QUIET_HOURS: quietHoursSchema.prefault("21:00-07:00"),
  TZ_NAME: timeZoneSchema.default("Asia/Ho_Chi_Minh"),
  /** Zalo's per-app limit on API calls, shared by every worker through Redis. */
  ZALO_SEND_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(4000),
  /**
   * Multiplies the recover-* jobs' intervals and grace periods (recover-inbox every 30 s after 10 s, recover-outbound
   * and recover-broadcasts every 60 s, a send stuck 60 s). 1 in production; the fault suite shortens them to see
   * recovery within its time budget. Below 0.1 a broadcast send still waiting on Zalo could be taken for a dead one.
   */
  RECOVERY_TIME_SCALE: z.coerce.number().min(0.1).max(1).default(1),
  /**
   * Idle hours before an unfinished checklist gets its first and second reminders. The defaults keep both inside
   * the 48 hours after the resident's last interaction, where consultation messages are free (note §2.5).
   */
  REMINDER_FIRST_AFTER_HOURS: z.coerce.number().int().min(1).max(120).default(20),
  REMINDER_SECOND_AFTER_HOURS: z.coerce.number().int().min(1).max(160).default(44),
  /**
   * Hours the bot stays silent for a resident after the union's staff answered them by hand in Zalo's OA chat
   * (each further staff message starts the hours again). Half a day covers a staff member's working day.
   */
  HUMAN_TAKEOVER_HOURS: z.coerce.number().min(0.01).max(720).default(12),
  /**
   * Billed consultation messages (48 h–7 d after the resident's last interaction): off by default, so reminders
   * and broadcasts stay in the free band and nothing is spent by surprise; on needs a funded Zalo Cloud Account.
   */
  PAID_MESSAGES: z
    .enum(["on", "off"])
    .default("off")
    .transform((v) => v === "on"),
  /** What one billed message costs and how many the OA package includes a month: shown on the dashboard only. */
  PAID_MESSAGE_PRICE_VND: z.coerce.number().int().min(0).default(55),
  PAID_MESSAGES_MONTHLY_ALLOWANCE: z.coerce.number().int().min(0).default(0),
  /** The server's public base URL (https://your.domain): the webhook and OAuth callback live under it. */
  PUBLIC_URL: urlSchema.default("http://127.0.0.1:3000"),
  /**
   * Where the mini-app opens from an OA message's button (a member's "Mở yêu cầu"): `https://zalo.me/s/<mini app
   * id>` on Zalo, the built mini-app's address in development and tests. A page path is appended (`/help/<id>`).
   */
  MINIAPP_URL: urlSchema.default("http://127.0.0.1:5173"),
  /** The OAuth callback registered in the Zalo app's settings; defaults to PUBLIC_URL + /oauth/zalo/callback. */
  ZALO_OAUTH_REDIRECT_URL: urlSchema.optional(),
  /**
   * Days a stored webhook event keeps its payload (the masked text, an attachment's type, a rounded location);
   * afterwards the payload is blanked and only the envelope and the dedup key stay (cron purge-inbound-payloads).
   */
  INBOUND_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /**
   * Days a help request keeps the phone number and hamlet the resident gave for it, counted from when it was done
   * or cancelled; then they are blanked (cron erase-help-contacts). "xóa dữ liệu của tôi" blanks them at once.
   */
  HELP_CONTACT_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /**
   * ZBS/ZNS template messages for residents outside the 7-day window: off until the OA has an approved
   * template and a funded Zalo Cloud Account (see bot/src/broadcasts/template-message-channel.ts).
   */
  /**
   * Where the worker writes finished exports and the server reads them for download: the two processes must see
   * the same directory (one host, or a shared volume in docker-compose).
   */
  EXPORTS_DIR: z.string().min(1).default(join(tmpdir(), "xks-exports")),
  ZALO_TEMPLATE_MESSAGES: z
    .enum(["on", "off"])
    .default("off")
    .transform((v) => v === "on"),
  TRUST_PROXY: trustProxySchema.prefault("off"),
  /**
   * Development only, set by `npm run dev`: the Zalo emulator's clock endpoint (`…/_emulator/clock`). When set, the
   * server's and worker's "now" follows the emulator's clock (bot/src/dev-clock.ts), so moving it plays reminders,
   * quiet hours and quiz times without waiting. Refused in production.
   */
  DEV_CLOCK_URL: urlSchema.optional(),
});

/**
 * In production the secrets committed for development are refused by value, whatever else is set: the emulator's
 * secrets would let anyone sign webhooks or session tokens for the real OA. So is DEV_CLOCK_URL: a clock anyone
 * can move would send reminders early and open or close quizzes.
 */
export const configSchema = baseConfigSchema.superRefine((config, ctx) => {
  if (config.NODE_ENV !== "production") return;
  if (config.DEV_CLOCK_URL !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["DEV_CLOCK_URL"],
      message: "the emulator's clock is for development (scripts/dev.ts) and is refused in production; unset it",
    });
  }
  for (const [name, value] of Object.entries(DEVELOPMENT_SECRETS)) {
    if (config[name as keyof typeof DEVELOPMENT_SECRETS] === value) {
      ctx.addIssue({
        code: "custom",
        path: [name],
        message: "the development value from scripts/dev.ts is refused in production; set a secret of your own",
      });
    }
  }
});

export type Config = z.infer<typeof configSchema>;

/** Where Zalo sends the admin back after consent: what must be registered as the app's callback URL. */
export const OA_CALLBACK_PATH = "/oauth/zalo/callback";

export function oaRedirectUri(config: Pick<Config, "PUBLIC_URL" | "ZALO_OAUTH_REDIRECT_URL">): string {
  return config.ZALO_OAUTH_REDIRECT_URL ?? `${config.PUBLIC_URL}${OA_CALLBACK_PATH}`;
}

/** The webhook URL to register in the Zalo app's Webhook settings. */
export function webhookUrl(config: Pick<Config, "PUBLIC_URL">): string {
  return `${config.PUBLIC_URL}/webhooks/zalo`;
}

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
