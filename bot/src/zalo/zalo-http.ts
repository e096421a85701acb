import { ZaloTransientError } from "./zalo-errors.ts";

/** The fetch the Zalo code uses; injectable so tests can observe or fault calls. */
export type FetchFn = typeof fetch;

/** A Zalo call that takes longer than this is abandoned and retried later (it may still have been delivered). */
export const ZALO_REQUEST_TIMEOUT_MS = 10_000;

/**
 * One HTTP call to a Zalo host, answered as the parsed JSON body. Network failures, timeouts, HTTP 5xx and
 * unreadable bodies become ZaloTransientError; the caller reads Zalo's `error` field itself, because Zalo
 * reports its errors with HTTP 200.
 */
export async function fetchZaloJson(
  fetchFn: FetchFn,
  url: string,
  init: RequestInit,
  timeoutMs = ZALO_REQUEST_TIMEOUT_MS,
): Promise<Record<string, unknown>> {
  // The URL is logged by callers without its query string: Zalo puts user ids there (user/detail).
  const where = new URL(url).pathname;
  let response: Response;
  try {
    response = await fetchFn(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    throw zaloNoAnswerError(where, timedOut, timeoutMs, error);
  }
  if (isTransientStatus(response.status)) {
    await response.body?.cancel().catch(() => undefined);
    throw transientStatusError(response.status, where);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    throw unreadableBodyError(response.status, where, error);
  }
  return zaloBodyObject(body, response.status, where);
}

/**
 * An answer read off the wire (HTTP status and body text) as `fetchZaloJson` answers it: the parsed JSON body, or
 * the same ZaloTransientErrors (HTTP 5xx or 429, an unreadable or unexpected body).
 */
export function readZaloJson(status: number, text: string, where: string): Record<string, unknown> {
  if (isTransientStatus(status)) throw transientStatusError(status, where);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw unreadableBodyError(status, where, error);
  }
  return zaloBodyObject(body, status, where);
}

/** A call that got no answer: refused, reset, or not answered within `timeoutMs` (it may still have been delivered). */
export function zaloNoAnswerError(where: string, timedOut: boolean, timeoutMs: number, cause: unknown) {
  return new ZaloTransientError(
    timedOut ? `Zalo did not answer ${where} within ${timeoutMs} ms` : `Zalo unreachable at ${where}`,
    null,
    undefined,
    { cause },
  );
}

const isTransientStatus = (status: number) => status >= 500 || status === 429;

const transientStatusError = (status: number, where: string) =>
  new ZaloTransientError(`Zalo answered HTTP ${status} at ${where}`, null, status);

const unreadableBodyError = (status: number, where: string, cause: unknown) =>
  new ZaloTransientError(`Zalo answered an unreadable body at ${where} (HTTP ${status})`, null, status, { cause });

function zaloBodyObject(body: unknown, status: number, where: string): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ZaloTransientError(`Zalo answered an unexpected body at ${where}`, null, status);
  }
  return body as Record<string, unknown>;
}

/** Zalo's `error` field as a number (it is sometimes a numeric string); 0 when absent. */
export function zaloErrorCode(body: Record<string, unknown>): number {
  const value = body.error;
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^-?\d+$/.test(value)) return Number(value);
  return 0;
}

export function zaloErrorMessage(body: Record<string, unknown>): string {
  return typeof body.message === "string" ? body.message : "no message";
}
