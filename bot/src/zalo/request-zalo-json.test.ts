import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestZaloJson } from "./request-zalo-json.ts";
import { ZaloTransientError } from "./zalo-errors.ts";

// A local server answering as Zalo might, one path per behaviour: the node:http path must answer like fetchZaloJson.
const routes: Record<string, (req: IncomingMessage, res: ServerResponse, body: string) => void> = {
  "/echo": (req, res, body) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ error: 0, data: { method: req.method, token: req.headers.access_token, body } }));
  },
  "/busy": (_req, res) => {
    res.statusCode = 503;
    res.end("busy");
  },
  "/garbled": (_req, res) => res.end("<html>not json"),
  "/list": (_req, res) => res.end("[1,2]"),
  "/silent": () => undefined,
  "/cut": (_req, res) => {
    res.setHeader("content-length", "100");
    res.write('{"error":0');
    setTimeout(() => res.socket?.destroy(), 20);
  },
};

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => routes[new URL(req.url ?? "/", "http://x").pathname]?.(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const post = (path: string, timeoutMs = 2_000) =>
  requestZaloJson(
    `${base}${path}`,
    {
      method: "POST",
      headers: { "content-type": "application/json", access_token: "tok" },
      body: '{"text":"Chào bạn"}',
    },
    timeoutMs,
  );

async function transientError(call: Promise<unknown>): Promise<ZaloTransientError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ZaloTransientError);
  return error as ZaloTransientError;
}

describe("requestZaloJson", () => {
  it("sends the method, headers and body, and answers the parsed body", async () => {
    expect(await post("/echo")).toEqual({
      error: 0,
      data: { method: "POST", token: "tok", body: '{"text":"Chào bạn"}' },
    });
    const get = await requestZaloJson(`${base}/echo?data=1`, { method: "GET", headers: { access_token: "t" } }, 2_000);
    expect(get.data).toEqual({ method: "GET", token: "t", body: "" });
  });

  it("reuses its connection between calls (keep-alive)", async () => {
    const sockets = new Set<unknown>();
    const onRequest = (req: IncomingMessage) => sockets.add(req.socket);
    server.on("request", onRequest);
    for (let i = 0; i < 5; i++) await post("/echo");
    server.off("request", onRequest);
    expect(sockets.size).toBe(1);
  });

  it("turns HTTP 5xx, unreadable and unexpected bodies into transient errors with the status", async () => {
    expect((await transientError(post("/busy"))).httpStatus).toBe(503);
    expect((await transientError(post("/garbled"))).message).toMatch(/unreadable body at \/garbled \(HTTP 200\)/);
    expect((await transientError(post("/list"))).message).toMatch(/unexpected body/);
  });

  it("gives up after the timeout, body included, and when nobody listens or the answer is cut off", async () => {
    const started = Date.now();
    expect((await transientError(post("/silent", 200))).message).toBe("Zalo did not answer /silent within 200 ms");
    expect(Date.now() - started).toBeLessThan(1_500);
    const cut = await transientError(post("/cut"));
    expect(cut.message).toBe("Zalo unreachable at /cut");
    expect(cut.httpStatus).toBeUndefined();
    const refused = await transientError(
      requestZaloJson("http://127.0.0.1:1/x", { method: "GET", headers: {} }, 2_000),
    );
    expect(refused.message).toBe("Zalo unreachable at /x");
  });
});
