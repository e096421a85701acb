import http from "node:http";
import https from "node:https";
import { readZaloJson, zaloNoAnswerError } from "./zalo-http.ts";

/** A Zalo OA call as the client builds it: plain headers and a string body, nothing a stream has to carry. */
export interface ZaloRequest {
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
}

/**
 * Idle keep-alive sockets are closed after this, before the server closes them (undici's default too): a request
 * written to a socket the server is closing fails, and a failed send is retried and counted as a possible repeat.
 */
const IDLE_SOCKET_MS = 4_000;
const httpAgent = new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS });
const httpsAgent = new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS });

/**
 * `fetchZaloJson` over node:http instead of fetch, for the OA client's calls (a broadcast makes one per delivery).
 * fetch builds a Request, a Response, web streams and two AbortSignals per call: in the fan-out bench they were
 * about half of the worker's CPU, with most of its garbage collection; this costs a fraction of that and answers
 * the same: the parsed body, or the same ZaloTransientErrors (unreachable, no answer within `timeoutMs`, HTTP 5xx
 * or 429, an unreadable body). The timeout covers the whole exchange, body included, as fetch's signal did.
 */
export function requestZaloJson(
  url: string,
  request: ZaloRequest,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  const target = new URL(url);
  const where = target.pathname;
  const secure = target.protocol === "https:";
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const headers =
      request.body === undefined
        ? request.headers
        : { ...request.headers, "content-length": String(Buffer.byteLength(request.body)) };
    const req = (secure ? https : http).request(
      target,
      { method: request.method, headers, agent: secure ? httpsAgent : httpAgent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          clearTimeout(timer);
          try {
            resolve(readZaloJson(res.statusCode ?? 0, Buffer.concat(chunks).toString("utf8"), where));
          } catch (error) {
            reject(error);
          }
        });
        // Cut off mid-body (the socket closed or the timeout destroyed the request): no answer.
        res.on("error", fail);
        res.on("close", () => {
          if (!res.complete) fail(new Error("response ended before its body"));
        });
      },
    );
    const fail = (cause: Error) => {
      clearTimeout(timer);
      reject(zaloNoAnswerError(where, timedOut, timeoutMs, cause));
    };
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on("error", fail);
    req.end(request.body);
  });
}
