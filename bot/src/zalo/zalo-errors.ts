/**
 * What can go wrong when talking to Zalo, as four small classes a caller can act on without knowing Zalo's codes:
 * - ZaloPermanentError: retrying cannot help (user blocked the OA, window closed, bad payload, OA misconfigured).
 * - ZaloTokenError: the OA access token was refused; refresh once, then give up until an admin re-connects.
 * - ZaloRateLimitError: Zalo's per-app limit (-32); slow everyone down and retry later.
 * - ZaloTransientError: HTTP 5xx, network failure, timeout, or an unknown code; retry with backoff.
 *
 * Zalo answers errors with HTTP 200 and a non-zero `error` in the body (note §2.1, §2.6), so `classifyZaloError`
 * works on that number; the HTTP layer adds ZaloTransientError for everything below it.
 */

/** Stable reasons for delivery records (OutboundMessage.error, BroadcastDelivery). */
export type ZaloFailureReason =
  | "invalid_payload"
  | "not_follower"
  | "blocked"
  | "user_quota_exceeded"
  | "user_inactive"
  | "window_closed"
  | "night_hours"
  | "user_restricted"
  | "policy_violation"
  | "attachment_expired"
  | "oa_not_configured"
  | "quota_exhausted"
  | "billing"
  | "token_invalid"
  | "rate_limited"
  | "unavailable";

export abstract class ZaloError extends Error {
  /** Zalo's `error` number, or null when there was no Zalo answer (network, timeout, HTTP 5xx). */
  abstract readonly code: number | null;
  abstract readonly reason: ZaloFailureReason;
  /** Whether a later attempt may succeed. */
  abstract readonly retryable: boolean;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ZaloPermanentError extends ZaloError {
  readonly retryable = false;
  constructor(
    readonly code: number,
    readonly reason: ZaloFailureReason,
    message: string,
  ) {
    super(`Zalo error ${code} (${reason}): ${message}`);
  }
}

/** -216 / -220 (OA API), -124 (ZNS): the access token is invalid, expired or superseded. */
export class ZaloTokenError extends ZaloError {
  readonly retryable = true;
  readonly reason = "token_invalid" as const;
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`Zalo token error ${code}: ${message}`);
  }
}

export class ZaloRateLimitError extends ZaloError {
  readonly retryable = true;
  readonly reason = "rate_limited" as const;
  constructor(
    message: string,
    /** -32 when Zalo said so; null when our own shared limiter held the call back. */
    readonly code: number | null = -32,
    /** How long the caller should wait before trying again, when known. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export class ZaloTransientError extends ZaloError {
  readonly retryable = true;
  readonly reason = "unavailable" as const;
  constructor(
    message: string,
    readonly code: number | null = null,
    /** The HTTP status, when the failure was an HTTP answer (5xx, or an unreadable body). */
    readonly httpStatus?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Zalo's OAuth server refused a grant (a spent or expired refresh token, a bad code or verifier). No code is
 * documented for a used refresh token (note §3, §6.8): any refusal means an admin must re-connect the OA.
 */
export class ZaloOAuthError extends ZaloError {
  readonly retryable = false;
  readonly reason = "token_invalid" as const;
  constructor(
    readonly code: number | null,
    message: string,
  ) {
    super(`Zalo OAuth refused the grant${code === null ? "" : ` (${code})`}: ${message}`);
  }
}

/** Codes where retrying cannot help, with the reason recorded on the delivery (note §2.6). */
const PERMANENT_REASONS: ReadonlyMap<number, ZaloFailureReason> = new Map([
  [-100, "attachment_expired"],
  [-201, "invalid_payload"],
  [-204, "oa_not_configured"],
  [-205, "oa_not_configured"],
  [-209, "oa_not_configured"],
  [-211, "quota_exhausted"],
  [-212, "oa_not_configured"],
  [-213, "not_follower"],
  [-217, "blocked"],
  [-218, "user_quota_exceeded"],
  [-219, "oa_not_configured"],
  [-221, "oa_not_configured"],
  [-223, "oa_not_configured"],
  [-224, "oa_not_configured"],
  [-227, "user_inactive"],
  [-230, "window_closed"],
  [-232, "window_closed"],
  [-233, "invalid_payload"],
  // Only promotion/broadcast messages are refused at night; consultation messages are sent 24/24 (note §2.5).
  [-234, "night_hours"],
  [-240, "oa_not_configured"],
  [-242, "oa_not_configured"],
  [-244, "user_restricted"],
  [-248, "policy_violation"],
  [-320, "billing"],
  [-321, "billing"],
]);

const TOKEN_CODES: ReadonlySet<number> = new Set([-216, -220, -124]);
export const RATE_LIMIT_CODE = -32;

/**
 * Turns Zalo's `error` number (non-zero) into the error to throw. Codes the note does not list are treated as
 * transient: the call did not deliver anything, so a bounded number of retries is safe, and the job marks the
 * message FAILED once its attempts are spent.
 */
export function classifyZaloError(code: number, message: string): ZaloError {
  if (code === RATE_LIMIT_CODE) return new ZaloRateLimitError(message, code);
  if (TOKEN_CODES.has(code)) return new ZaloTokenError(code, message);
  const reason = PERMANENT_REASONS.get(code);
  if (reason) return new ZaloPermanentError(code, reason, message);
  return new ZaloTransientError(`Zalo error ${code}: ${message}`, code);
}
