import type { LoggerOptions } from "pino";
import type { Config } from "./config.ts";

/**
 * Structured logs without secrets or personal data. Request bodies are never logged; the paths below catch
 * tokens and secrets wherever a log call might carry them.
 */
export const REDACTED_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "req.headers.access_token",
  "req.headers.secret_key",
  "req.headers.appsecret_proof",
  'req.headers["x-zevent-signature"]',
  "*.accessToken",
  "*.refreshToken",
  "*.access_token",
  "*.refresh_token",
  "*.token",
  "*.phoneToken",
  "*.password",
  "*.text",
  "*.phone",
];

export function loggerOptions(config: Pick<Config, "LOG_LEVEL">): LoggerOptions {
  return {
    level: config.LOG_LEVEL,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
  };
}
