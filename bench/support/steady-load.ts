import { Agent, request } from "node:http";

/**
 * An open-loop load of evenly spaced POSTs: request i is due at start + i / perSecond and is sent then, whether
 * or not earlier ones were answered, over keep-alive connections (up to `maxSockets`; beyond, a request waits
 * for a free one and that wait counts in its time). This is how independent residents' events reach a webhook,
 * and unlike autocannon's `overallRate` (which sends each connection's share of a second back to back at the
 * start of the second, then idles) a phase shorter than a second sees its fair share of the load.
 *
 * Each response's time runs from the moment the request was due to its last byte, so a generator that falls
 * behind, or a server that holds the connections, is charged to the response (no coordinated omission); how far
 * the generator itself fell behind is reported apart (`lateMs`), so a reader can tell the two apart.
 */
export interface SteadyLoadOptions {
  url: string;
  perSecond: number;
  /** Stops by itself after this long, if `stop()` was not called first. */
  seconds: number;
  /** The body and headers of the next request. */
  next: () => { body: string; headers: Record<string, string> };
  maxSockets?: number;
}

export interface SteadyResponse {
  /** performance.now() when the response ended. */
  at: number;
  /** From the moment the request was due to the response's end. */
  ms: number;
  status: number;
}

export interface SteadyLoadResult {
  sent: number;
  answered: number;
  non2xx: number;
  errors: number;
  /** Requests per second actually sent, over the run's length. */
  rate: number;
  p50: number;
  p99: number;
  max: number;
  /** How late the generator sent its requests (p99 of send time minus due time), in ms. */
  lateP99: number;
}

/** The q-quantile of `values` (nearest rank), or null when there are none. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? null;
}

export function steadyLoad(options: SteadyLoadOptions) {
  const target = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  const intervalMs = 1000 / options.perSecond;
  const responses: SteadyResponse[] = [];
  const late: number[] = [];
  let sent = 0;
  let errors = 0;
  let stopped = false;
  let inFlight = 0;
  const start = performance.now();
  const endAt = start + options.seconds * 1000;
  let stoppedAt = endAt;
  let finish: () => void = () => undefined;
  const drained = new Promise<void>((resolve) => {
    finish = resolve;
  });

  const settle = () => {
    inFlight -= 1;
    if (stopped && inFlight === 0) finish();
  };

  const send = (dueAt: number) => {
    const { body, headers } = options.next();
    sent += 1;
    inFlight += 1;
    late.push(performance.now() - dueAt);
    const req = request(
      {
        agent,
        method: "POST",
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        headers: { ...headers, "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => {
          const at = performance.now();
          responses.push({ at, ms: at - dueAt, status: res.statusCode ?? 0 });
          settle();
        });
      },
    );
    req.on("error", () => {
      errors += 1;
      settle();
    });
    req.end(body);
  };

  const tick = () => {
    if (stopped) return;
    const now = performance.now();
    if (now >= endAt) {
      stop();
      return;
    }
    for (let due = start + sent * intervalMs; due <= now; due = start + sent * intervalMs) send(due);
    const wait = start + sent * intervalMs - performance.now();
    setTimeout(tick, Math.max(0, Math.floor(wait)));
  };

  function stop() {
    if (stopped) return;
    stopped = true;
    stoppedAt = Math.min(performance.now(), endAt);
    if (inFlight === 0) finish();
  }

  const done: Promise<SteadyLoadResult> = drained.then(() => {
    agent.destroy();
    const times = responses.map((r) => r.ms);
    return {
      sent,
      answered: responses.length,
      non2xx: responses.filter((r) => r.status < 200 || r.status >= 300).length,
      errors,
      rate: sent / ((stoppedAt - start) / 1000),
      p50: quantile(times, 0.5) ?? 0,
      p99: quantile(times, 0.99) ?? 0,
      max: quantile(times, 1) ?? 0,
      lateP99: quantile(late, 0.99) ?? 0,
    };
  });

  tick();
  return {
    done,
    stop,
    /** The p99 of the responses that ended between `from` and `to` (performance.now()), or null when none did. */
    p99Between: (from = Number.NEGATIVE_INFINITY, to = Number.POSITIVE_INFINITY): number | null =>
      quantile(
        responses.filter((r) => r.at >= from && r.at < to).map((r) => r.ms),
        0.99,
      ),
  };
}
