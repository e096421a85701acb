import type { ApiError } from "@xks/shared/api/common";
import { API_URL } from "../config.ts";

/** Weak mobile data: give up on a request after this long and let the caller retry (the outbox does). */
const REQUEST_TIMEOUT_MS = 20_000;

/** The server answered with an error body `{code, message}`; `message` is plain Vietnamese for people. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

/** No answer at all (offline, timeout, DNS): the request may be retried as is. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super("Không có kết nối mạng, vui lòng thử lại khi có mạng.", { cause });
    this.name = "NetworkError";
  }
}

type TokenSource = () => string | null;
type UnauthorizedListener = () => void;

let currentToken: TokenSource = () => null;
let onUnauthorized: UnauthorizedListener = () => undefined;

/** The session module plugs in the bearer token and learns when it has expired. */
export function configureApiClient(tokenSource: TokenSource, unauthorized: UnauthorizedListener): void {
  currentToken = tokenSource;
  onUnauthorized = unauthorized;
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  /** Sign-in itself must not trigger the "session expired" listener. */
  anonymous?: boolean;
}

export function apiUrl(path: string, query?: RequestOptions["query"]): string {
  const url = new URL(API_URL + path);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, String(value));
  }
  return url.toString();
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  const token = options.anonymous ? null : currentToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method: options.method ?? (body ? "POST" : "GET"),
      headers,
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new NetworkError(error);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const error = (json ?? {}) as Partial<ApiError>;
    if (response.status === 401 && !options.anonymous) onUnauthorized();
    throw new ApiRequestError(
      response.status,
      error.code ?? `HTTP_${response.status}`,
      error.message ?? "Hệ thống đang bận, vui lòng thử lại sau.",
      error.details,
    );
  }
  return json as T;
}

/** A plain-Vietnamese sentence for any failure, for snackbars and inline errors. */
export function describeError(error: unknown): string {
  if (error instanceof ApiRequestError || error instanceof NetworkError) return error.message;
  return "Đã có lỗi xảy ra, vui lòng thử lại.";
}

/** A file the API serves only with the bearer token (a QR poster's preview): fetched as a blob for an <img>. */
export async function apiBlob(path: string): Promise<Blob> {
  const token = currentToken();
  let response: Response;
  try {
    response = await fetch(apiUrl(path), {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new NetworkError(error);
  }
  if (!response.ok) {
    const error = (await response.json().catch(() => ({}))) as Partial<ApiError>;
    if (response.status === 401) onUnauthorized();
    throw new ApiRequestError(
      response.status,
      error.code ?? `HTTP_${response.status}`,
      error.message ?? "Hệ thống đang bận, vui lòng thử lại sau.",
    );
  }
  return response.blob();
}
