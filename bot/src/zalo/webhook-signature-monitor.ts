import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { PrismaClient } from "../db.ts";
import { raiseAlertOnce } from "../services/alerts-service.ts";
import {
  describeSignatureFailure,
  diagnoseSignatureFailure,
  type SignatureFailureCause,
} from "./diagnose-signature-failure.ts";
import { zaloEventSchema } from "./zalo-event.ts";

/** This many failures of Zalo-shaped events within the window raise the alert: one could be a stray request. */
export const SIGNATURE_FAILURES_BEFORE_ALERT = 3;
export const SIGNATURE_FAILURE_WINDOW_MS = 10 * 60_000;
/** `/ready` shows the warning this long after the last failure. */
export const SIGNATURE_WARNING_TTL_MS = 60 * 60_000;

export interface SignatureMonitorDeps {
  config: Pick<Config, "QUEUE_PREFIX" | "ZALO_APP_ID" | "ZALO_APP_SECRET" | "ZALO_OA_ID" | "ZALO_OA_SECRET_KEY">;
  redis: Pick<Redis, "incr" | "pexpire" | "set" | "get">;
  prisma: Pick<PrismaClient, "$transaction">;
  log: Pick<Logger, "warn" | "error">;
}

const keys = (prefix: string) => ({
  count: `${prefix}:webhook:signature-failures`,
  last: `${prefix}:webhook:signature-warning`,
});

/**
 * Counts a signature failure on a body that parses as a Zalo event (scanners posting junk are not counted), names
 * the likely cause, and after SIGNATURE_FAILURES_BEFORE_ALERT of them raises one admin alert. The event itself is
 * refused (401) by the caller whatever happens here. Answers the cause, or null for a body that is not an event.
 */
export async function noteSignatureFailure(
  deps: SignatureMonitorDeps,
  raw: string | Buffer,
  header: string,
  body: unknown,
): Promise<SignatureFailureCause | null> {
  const parsed = zaloEventSchema.safeParse(body);
  if (!parsed.success) return null;
  const cause = diagnoseSignatureFailure(raw, header, parsed.data, deps.config);
  deps.log.warn({ cause, eventName: parsed.data.event_name }, "Zalo-shaped webhook event with a wrong signature");
  const k = keys(deps.config.QUEUE_PREFIX);
  const count = await deps.redis.incr(k.count);
  if (count === 1) await deps.redis.pexpire(k.count, SIGNATURE_FAILURE_WINDOW_MS);
  await deps.redis.set(k.last, JSON.stringify({ cause, at: new Date().toISOString() }), "PX", SIGNATURE_WARNING_TTL_MS);
  if (count >= SIGNATURE_FAILURES_BEFORE_ALERT) {
    await raiseAlertOnce(deps.prisma, "WEBHOOK_SIGNATURE_FAILING", describeSignatureFailure(cause));
  }
  return cause;
}

/** For `/ready` and `npm run zalo:check`: the cause of recent signature failures, or null. */
export async function readSignatureWarning(deps: {
  config: Pick<Config, "QUEUE_PREFIX">;
  redis: Pick<Redis, "get">;
}): Promise<SignatureFailureCause | null> {
  const value = await deps.redis.get(keys(deps.config.QUEUE_PREFIX).last);
  if (!value) return null;
  try {
    return (JSON.parse(value) as { cause: SignatureFailureCause }).cause;
  } catch {
    return null;
  }
}
