// Webhook acknowledgement: throughput and p99 latency of signed Zalo events through the real webhook
// (verify, mask, store in PostgreSQL, queue in Redis), against a bare Fastify route that only parses JSON,
// in the same run on the same machine. Reported as ratios; not a timed test.
import autocannon from "autocannon";
import Fastify from "fastify";
import { buildApp } from "../bot/src/app.ts";
import { loadConfig } from "../bot/src/config.ts";
import { computeZaloMac } from "../bot/src/zalo/verify-zalo-signature.ts";
import { TEST_ZALO, testEnv } from "../tests/support/test-app.ts";
import { createMigratedDatabase } from "../tests/support/test-db.ts";
import { figure, QUICK, reportFigures } from "./support/bench-figures.ts";

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? (QUICK ? 3 : 10));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);

let counter = 0;
function nextSignedEvent(): { body: string; signature: string } {
  counter += 1;
  const body = JSON.stringify({
    app_id: TEST_ZALO.appId,
    sender: { id: `24680000000${String(counter % 5000).padStart(8, "0")}` },
    recipient: { id: TEST_ZALO.oaId },
    event_name: "user_send_text",
    message: { msg_id: `bench-${process.pid}-${counter}`, text: "kich hoat dinh danh muc 2" },
    timestamp: String(Date.now()),
  });
  const timestamp = String(JSON.parse(body).timestamp);
  return { body, signature: `mac=${computeZaloMac(TEST_ZALO.appId, body, timestamp, TEST_ZALO.oaSecretKey)}` };
}

async function load(url: string): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
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

const db = await createMigratedDatabase("bench");
const config = loadConfig(testEnv({ DATABASE_URL: db.url }));
const app = await buildApp({ config, logger: false });
const appUrl = await app.listen({ port: 0, host: "127.0.0.1" });

const bare = Fastify();
bare.post("/webhooks/zalo", async () => ({ ok: true }));
const bareUrl = await bare.listen({ port: 0, host: "127.0.0.1" });

try {
  const baseline = await load(`${bareUrl}/webhooks/zalo`);
  const real = await load(`${appUrl}/webhooks/zalo`);
  // Requests still in flight when the load stopped finish on the server: let them land before counting.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const stored = await app.prisma.inboundEvent.count();
  const queued = await app.queues.inbound.count();
  const row = (name: string, r: autocannon.Result) =>
    `${name.padEnd(22)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms   non-2xx ${r.non2xx}   errors ${r.errors}`;
  console.log(`\nWebhook acknowledgement, ${CONNECTIONS} connections, ${DURATION_S} s each`);
  console.log(row("bare Fastify route", baseline));
  console.log(row("signed webhook (real)", real));
  console.log(
    `ratio: throughput ${(real.requests.average / baseline.requests.average).toFixed(2)}x of bare, p99 ${(real.latency.p99 / Math.max(baseline.latency.p99, 1)).toFixed(1)}x; ` +
      `stored ${stored} events, ${queued} jobs queued; p99 within Zalo's 2 s ack: ${real.latency.p99 < 2000 ? "yes" : "NO"}`,
  );
  const ratio = real.requests.average / baseline.requests.average;
  reportFigures("webhook-ack", [
    figure("webhook.throughput", "req/s", real.requests.average, {
      baseline: { name: "bare Fastify route", value: Math.round(baseline.requests.average) },
      target: "≥ 0.4× bare",
      meetsTarget: ratio >= 0.4,
    }),
    figure("webhook.p99-saturated", "ms", real.latency.p99, {
      baseline: { name: "bare route p99", value: baseline.latency.p99 },
    }),
    figure("webhook.stored-of-acknowledged", "events", stored, {
      baseline: { name: "acknowledged (2xx)", value: real.requests.total - real.non2xx },
      target: "every acknowledged event stored",
      meetsTarget: stored >= real.requests.total - real.non2xx,
    }),
  ]);
} finally {
  await Promise.all(Object.values(app.queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
  await app.close();
  await bare.close();
  await db.drop();
}
// Every connection is closed above; a stray keep-alive timer in a dependency must not keep a finished bench alive.
process.exit(0);
