// Webhook acknowledgement: throughput and p99 latency of signed Zalo events through the real webhook
// (verify, mask, store in PostgreSQL; the worker's relay queues them in Redis), against a bare Fastify route that
// only parses JSON, in the same run on the same machine. Each server runs in its own process, as deployed, with the
// production logger, and so does the relay (in production it is part of the worker), loading the same machine
// while the webhook is measured; the load generator (autocannon) stays in this one, so it never shares the
// measured server's event loop.
// Between them, the guarantee's floor: the bare route storing each body through the webhook's group commit and doing
// nothing else (`webhook.durable-floor`), which tells how much of the gap durability alone explains.
// Then a steady 1,000 events/s, the province's burst, evenly spaced and open loop (steady-load.ts), for the p99
// Zalo's ack deadline cares about. Reported as
// ratios; not a timed test. `BENCH_CPU_PROF=file.cpuprofile` writes the real server's CPU profile of the saturated
// phase there.
import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { testEnv } from "../tests/support/test-app.ts";
import { createMigratedDatabase } from "../tests/support/test-db.ts";
import { figure, QUICK, reportFigures } from "./support/bench-figures.ts";
import { signedTextEvents } from "./support/signed-events.ts";
import { steadyLoad } from "./support/steady-load.ts";

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? (QUICK ? 2 : 10));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const STEADY_EVENTS_PER_SECOND = 1_000;
const SERVER_SCRIPT = fileURLToPath(new URL("./support/webhook-server-process.ts", import.meta.url));
/** Production refuses the committed development secrets: this run signs with secrets of its own. */
const OA_SECRET_KEY = randomBytes(16).toString("hex");

const nextSignedEvent = signedTextEvents("bench", OA_SECRET_KEY);

async function load(url: string, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => {
          const { body, signature } = nextSignedEvent();
          return {
            ...request,
            body,
            headers: { "content-type": "application/json", "x-zevent-signature": signature },
          };
        },
      },
    ],
  });
}

interface Server {
  url: string;
  ask<T>(message: { type: "cpu" | "count" | "profile" } | { type: "profile-stop"; file: string }): Promise<T>;
  close(): Promise<void>;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const child: ChildProcess = fork(SERVER_SCRIPT, [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, ...env },
    // stdout is the production JSON log: discarded, as a log shipper would take it off the process.
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const next = <T>() => new Promise<T>((resolve) => child.once("message", (m) => resolve(m as T)));
  const { port } = await next<{ port: number }>();
  return {
    url: `http://127.0.0.1:${port}/webhooks/zalo`,
    ask: <T>(message: Parameters<Server["ask"]>[0]) => {
      const answer = next<T>();
      child.send(message);
      return answer;
    },
    close: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.send({ type: "close" });
      }),
  };
}

/** The server process's CPU time per request over one load: robust to whatever else loads the machine. */
async function cpuPerRequest(server: Server, run: () => Promise<autocannon.Result>) {
  const before = await server.ask<{ cpuMicros: number }>({ type: "cpu" });
  const result = await run();
  const after = await server.ask<{ cpuMicros: number }>({ type: "cpu" });
  return { result, micros: (after.cpuMicros - before.cpuMicros) / Math.max(result.requests.total, 1) };
}

const db = await createMigratedDatabase("bench");
const env = testEnv({
  DATABASE_URL: db.url,
  NODE_ENV: "production",
  LOG_LEVEL: "info",
  ZALO_APP_SECRET: randomBytes(16).toString("hex"),
  ZALO_OA_SECRET_KEY: OA_SECRET_KEY,
  ZALO_OA_ACCESS_TOKEN: randomBytes(16).toString("hex"),
  ZALO_OA_REFRESH_TOKEN: randomBytes(16).toString("hex"),
  // Loopback only: nothing here calls Zalo.
  ZALO_OPENAPI_URL: "http://127.0.0.1:9",
  ZALO_OAUTH_URL: "http://127.0.0.1:9",
  ZALO_GRAPH_URL: "http://127.0.0.1:9",
});
const profileFile = process.env.BENCH_CPU_PROF;

try {
  const bare = await startServer({ ...env, BENCH_SERVER: "bare" });
  await load(bare.url, 1);
  const bareCpu = await cpuPerRequest(bare, () => load(bare.url, DURATION_S));
  const baseline = bareCpu.result;
  await bare.close();

  // The guarantee's own floor, on a database of its own: the bare route plus the webhook's group-committed insert.
  const floorDb = await createMigratedDatabase("bench-floor");
  const durable = await startServer({ ...env, DATABASE_URL: floorDb.url, BENCH_SERVER: "durable" });
  await load(durable.url, 1);
  const durableCpu = await cpuPerRequest(durable, () => load(durable.url, DURATION_S));
  await durable.close();
  await floorDb.drop();

  // The worker's relay, alone in its own process: it queues what the webhook stores, on the same cores.
  const relay = await startServer({ ...env, BENCH_SERVER: "relay" });
  const app = await startServer(env);
  const results: autocannon.Result[] = [];
  // Warm-up (JIT, pools), then saturated, then the steady burst rate.
  results.push(await load(app.url, 1));
  if (profileFile) await app.ask({ type: "profile" });
  const relayProfileFile = process.env.BENCH_RELAY_CPU_PROF;
  if (relayProfileFile) await relay.ask({ type: "profile" });
  const relayCpuBefore = await relay.ask<{ cpuMicros: number }>({ type: "cpu" });
  const realCpu = await cpuPerRequest(app, () => load(app.url, DURATION_S));
  const relayCpuAfter = await relay.ask<{ cpuMicros: number }>({ type: "cpu" });
  if (relayProfileFile) await relay.ask({ type: "profile-stop", file: relayProfileFile });
  const relayMicros = (relayCpuAfter.cpuMicros - relayCpuBefore.cpuMicros) / Math.max(realCpu.result.requests.total, 1);
  const real = realCpu.result;
  if (profileFile) await app.ask({ type: "profile-stop", file: profileFile });
  results.push(real);
  const steady = await steadyLoad({
    url: app.url,
    perSecond: STEADY_EVENTS_PER_SECOND,
    seconds: DURATION_S,
    next: () => {
      const { body, signature } = nextSignedEvent();
      return { body, headers: { "content-type": "application/json", "x-zevent-signature": signature } };
    },
  }).done;
  const { stored, queued } = await app.ask<{ stored: number; queued: number }>({ type: "count" });
  await app.close();
  await relay.close();

  const acknowledged =
    results.reduce((sum, r) => sum + r.requests.total - r.non2xx - r.errors, 0) + steady.answered - steady.non2xx;
  const row = (name: string, r: autocannon.Result) =>
    `${name.padEnd(26)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms   non-2xx ${r.non2xx}   errors ${r.errors}`;
  console.log(`\nWebhook acknowledgement, ${CONNECTIONS} connections, ${DURATION_S} s each`);
  console.log(row("bare Fastify route", baseline));
  console.log(row("bare route + durable insert", durableCpu.result));
  console.log(row("signed webhook (real)", real));
  console.log(
    `${`steady ${STEADY_EVENTS_PER_SECOND}/s (real)`.padEnd(26)} ${steady.rate.toFixed(0).padStart(7)} req/s   p50 ${steady.p50.toFixed(1)} ms   p99 ${steady.p99.toFixed(1)} ms   non-2xx ${steady.non2xx}   errors ${steady.errors}   sent late ${steady.lateP99.toFixed(1)} ms (p99)`,
  );
  const ratio = real.requests.average / baseline.requests.average;
  console.log(
    `ratio: throughput ${ratio.toFixed(2)}x of bare, p99 ${(real.latency.p99 / Math.max(baseline.latency.p99, 1)).toFixed(1)}x; ` +
      `acknowledged ${acknowledged}, stored ${stored} events, ${queued} jobs queued`,
  );
  console.log(
    `server CPU per request: bare ${bareCpu.micros.toFixed(0)} µs, real ${realCpu.micros.toFixed(0)} µs (${(realCpu.micros / bareCpu.micros).toFixed(1)}x); ` +
      `the worker's relay ${relayMicros.toFixed(0)} µs per event`,
  );
  const steadyOk = steady.non2xx === 0 && steady.errors === 0;
  reportFigures("webhook-ack", [
    figure("webhook.throughput", "req/s", real.requests.average, {
      baseline: { name: "bare Fastify route", value: Math.round(baseline.requests.average) },
      target: "≥ 0.4× bare",
      meetsTarget: ratio >= 0.4,
    }),
    figure("webhook.durable-floor", "req/s", durableCpu.result.requests.average, {
      baseline: { name: "bare Fastify route", value: Math.round(baseline.requests.average) },
    }),
    figure("webhook.durable-floor-cpu-per-event", "µs", durableCpu.micros, {
      baseline: { name: "bare route CPU per request", value: Number(bareCpu.micros.toFixed(1)) },
    }),
    figure("webhook.p99-saturated", "ms", real.latency.p99, {
      baseline: { name: "bare route p99", value: baseline.latency.p99 },
    }),
    figure("webhook.cpu-per-event", "µs", realCpu.micros, {
      baseline: { name: "bare route CPU per request", value: Number(bareCpu.micros.toFixed(1)) },
    }),
    figure("webhook.relay-cpu-per-event", "µs", relayMicros, {
      baseline: { name: "webhook server CPU per event", value: Number(realCpu.micros.toFixed(1)) },
    }),
    figure("webhook.p99-steady", "ms", steady.p99, {
      baseline: { name: "bare route p99", value: baseline.latency.p99 },
      target: `< 50 ms at ${STEADY_EVENTS_PER_SECOND} events/s`,
      meetsTarget: steady.p99 < 50 && steadyOk && steady.rate >= STEADY_EVENTS_PER_SECOND * 0.95,
    }),
    figure("webhook.stored-of-acknowledged", "events", stored, {
      baseline: { name: "acknowledged (2xx)", value: acknowledged },
      target: "every acknowledged event stored",
      meetsTarget: stored >= acknowledged,
    }),
    figure("webhook.queued-of-stored", "jobs", queued, {
      baseline: { name: "stored events", value: stored },
      target: "every stored event queued",
      meetsTarget: queued >= stored,
    }),
  ]);
} finally {
  await db.drop();
}
// Every connection is closed above; a stray keep-alive timer in a dependency must not keep a finished bench alive.
process.exit(0);
