// Event-to-reply latency: from the emulator posting a signed resident message to the OA's first reply arriving
// back at the emulator, through the real chain (webhook → PostgreSQL → inbound queue → engine → outbound queue →
// Zalo client → emulator). Baseline in the same run: the same emulator round trip for a direct OA send, which is
// the floor any reply pays. Reported as medians, p95 and the ratio to the baseline; not a timed test.
import type { AddressInfo } from "node:net";
import { buildApp } from "../bot/src/app.ts";
import { loadConfig } from "../bot/src/config.ts";
import { startWorkers } from "../bot/src/worker-runtime.ts";
import { buildEmulator } from "../emulator/src/build-emulator.ts";
import type { Resident } from "../emulator/src/emulator-state.ts";
import { TEST_ZALO, testEnv } from "../tests/support/test-app.ts";
import { createMigratedDatabase } from "../tests/support/test-db.ts";
import { figure, QUICK, reportFigures } from "./support/bench-figures.ts";

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? (QUICK ? 20 : 60));
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 4);

const db = await createMigratedDatabase("bench_reply");
const emulator = await buildEmulator({ webhookUrl: null, logger: false });
await emulator.app.listen({ port: 0, host: "127.0.0.1" });
const emulatorUrl = `http://127.0.0.1:${(emulator.app.server.address() as AddressInfo).port}`;
const config = loadConfig(
  testEnv({
    DATABASE_URL: db.url,
    ZALO_OPENAPI_URL: `${emulatorUrl}/openapi`,
    ZALO_OAUTH_URL: `${emulatorUrl}/oauth`,
    ZALO_GRAPH_URL: `${emulatorUrl}/graph`,
  }),
);
const app = await buildApp({ config, logger: false });
const appUrl = await app.listen({ port: 0, host: "127.0.0.1" });
const emulatorWithWebhook = await buildEmulator({ webhookUrl: `${appUrl}/webhooks/zalo`, logger: false });
const workers = await startWorkers({ config, queues: ["inbound", "outbound"], recurring: false });

/** Resolves when the OA's next message to `userId` reaches the emulator. */
function nextOaMessage(userId: string): Promise<number> {
  return new Promise((resolve) => {
    const stop = emulator.state.subscribe((event) => {
      if (event.type === "message" && event.userId === userId && event.message.from === "oa") {
        stop();
        resolve(performance.now());
      }
    });
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function measureReply(resident: Resident, text: string): Promise<number> {
  const arrived = nextOaMessage(resident.userId);
  const started = performance.now();
  // The product's webhook gets the event signed by the same secret; the reply goes to `emulator`.
  await emulatorWithWebhook.deliverer.deliver({
    app_id: TEST_ZALO.appId,
    sender: { id: resident.userId },
    recipient: { id: TEST_ZALO.oaId },
    user_id_by_app: resident.userIdByApp,
    event_name: "user_send_text",
    message: { msg_id: `bench-${resident.userId}-${started}`, text },
    timestamp: String(Date.now()),
  } as never);
  return (await arrived) - started;
}

async function measureDirectSend(resident: Resident): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${emulatorUrl}/openapi/v3.0/oa/message/cs`, {
    method: "POST",
    headers: { "content-type": "application/json", access_token: emulator.state.currentOaTokens().accessToken },
    body: JSON.stringify({ recipient: { user_id: resident.userId }, message: { text: "ping" } }),
  });
  await response.json();
  return performance.now() - started;
}

try {
  const residents = Array.from({ length: CONCURRENT }, (_, i) => {
    const r = emulator.state.createResident(`Người dân ${i + 1}`);
    emulator.state.setFollower(r, true);
    emulator.state.recordInteraction(r);
    return r;
  });
  // Warm up: each resident says hello once (creates their rows, JIT-compiles the path).
  await Promise.all(residents.map((r) => measureReply(r, "xin chao")));

  const baseline: number[] = [];
  for (let i = 0; i < SAMPLES; i++) baseline.push(await measureDirectSend(residents[0] as Resident));

  const latencies: number[] = [];
  const texts = ["kich hoat dinh danh muc 2", "xong", "menu", "tiep tuc", "1"];
  for (let round = 0; latencies.length < SAMPLES; round++) {
    const batch = await Promise.all(
      residents.map((r, i) => measureReply(r, texts[(round + i) % texts.length] as string)),
    );
    latencies.push(...batch);
  }
  const fmt = (v: number) => `${v.toFixed(1)} ms`;
  console.log(`\nEvent-to-reply, ${latencies.length} turns, ${CONCURRENT} residents at once`);
  console.log(`direct OA send (baseline)  p50 ${fmt(percentile(baseline, 50))}  p95 ${fmt(percentile(baseline, 95))}`);
  console.log(
    `event → first reply        p50 ${fmt(percentile(latencies, 50))}  p95 ${fmt(percentile(latencies, 95))}  max ${fmt(Math.max(...latencies))}`,
  );
  console.log(`ratio p50: ${(percentile(latencies, 50) / percentile(baseline, 50)).toFixed(1)}x the bare send`);
  reportFigures("event-to-reply", [
    figure("reply.p95", "ms", percentile(latencies, 95), {
      baseline: { name: "direct OA send p95", value: Number(percentile(baseline, 95).toFixed(1)) },
      target: `< 250 ms (${CONCURRENT} residents at once)`,
      meetsTarget: percentile(latencies, 95) < 250,
    }),
  ]);
} finally {
  await workers.close();
  await Promise.all(Object.values(app.queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
  await app.close();
  await emulator.app.close();
  await emulatorWithWebhook.app.close();
  await db.drop();
}
// Every connection is closed above; a stray keep-alive timer in a dependency must not keep a finished bench alive.
process.exit(0);
