import type { FastifyBaseLogger } from "fastify";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { loggerOptions } from "../logger.ts";
import { lazyRequestLogger } from "./lazy-request-logger.ts";

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = { write: (line: string) => lines.push(JSON.parse(line)) };
  const logger = pino({ ...loggerOptions({ LOG_LEVEL: level as "info" }), timestamp: false }, stream);
  return { logger: logger as unknown as FastifyBaseLogger, lines };
}

describe("lazyRequestLogger", () => {
  it("writes exactly what pino's child writes: bindings, level, redaction", () => {
    const lazy = capture("info");
    const eager = capture("info");
    const bindings = { reqId: "req-1" };
    lazyRequestLogger(lazy.logger, bindings, { level: "warn" }).warn({ body: { text: "bí mật" } }, "refused");
    eager.logger.child(bindings, { level: "warn" }).warn({ body: { text: "bí mật" } }, "refused");
    expect(lazy.lines).toEqual(eager.lines);
    expect(lazy.lines[0]).toMatchObject({ reqId: "req-1", msg: "refused", body: { text: "[redacted]" } });
  });

  it("makes no child and writes nothing below its level, the route's or the parent's", () => {
    const { logger, lines } = capture("info");
    let children = 0;
    const counting = Object.assign(Object.create(logger), {
      child: (...args: Parameters<FastifyBaseLogger["child"]>) => {
        children += 1;
        return logger.child(...args);
      },
    }) as FastifyBaseLogger;
    const routeLevel = lazyRequestLogger(counting, { reqId: "a" }, { level: "warn" });
    routeLevel.info("incoming request");
    routeLevel.debug("detail");
    lazyRequestLogger(counting, { reqId: "b" }, {}).debug("detail");
    expect(children).toBe(0);
    expect(lines).toEqual([]);
    lazyRequestLogger(counting, { reqId: "c" }, {}).info("accepted");
    expect(children).toBe(1);
    expect(lines).toMatchObject([{ reqId: "c", msg: "accepted" }]);
  });

  it("keeps one child for every later line of the request", () => {
    const { logger, lines } = capture("info");
    const request = lazyRequestLogger(logger, { reqId: "r" }, {});
    request.warn("one");
    request.error("two");
    request.child({ step: 1 }).info("three");
    expect(lines.map((l) => [l.reqId, l.msg])).toEqual([
      ["r", "one"],
      ["r", "two"],
      ["r", "three"],
    ]);
  });
});
