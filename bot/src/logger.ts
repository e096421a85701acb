import type { LoggerOptions } from "pino";
import type { Config } from "./config.ts";

/**
 * Structured logs without secrets or personal data. Request bodies and headers are never logged; the paths below
 * catch tokens and secrets wherever a log call might carry them.
 */
export const REDACTED_PATHS = [
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

/** Query parameters that carry one-time secrets (OAuth code and state, queue-dashboard tickets, tokens). */
const SECRET_QUERY_PARAMS = /^(code|state|ticket|token|access_token|code_verifier)$/i;

/** The URL as logged: the path, and the query with secret values replaced. */
export function redactUrlSecrets(url: string): string {
  const queryStart = url.indexOf("?");
  if (queryStart === -1) return url;
  const params = new URLSearchParams(url.slice(queryStart + 1));
  for (const key of [...params.keys()]) if (SECRET_QUERY_PARAMS.test(key)) params.set(key, "[redacted]");
  return `${url.slice(0, queryStart)}?${params.toString()}`;
}

interface LoggedRequest {
  method: string;
  url: string;
  hostname?: string;
  ip?: string;
}

export function loggerOptions(config: Pick<Config, "LOG_LEVEL">): LoggerOptions {
  return {
    level: config.LOG_LEVEL,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    serializers: {
      req: (request: LoggedRequest) => ({
        method: request.method,
        url: redactUrlSecrets(request.url),
        host: request.hostname,
        remoteAddress: request.ip,
      }),
    },
  };
}
