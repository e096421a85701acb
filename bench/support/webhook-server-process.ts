// The server side of `webhook-ack.ts`, in its own process so the load generator does not share its event loop (and
// its core) with the route it measures. `BENCH_SERVER=bare` serves a bare Fastify route that only parses JSON;
// `BENCH_SERVER=durable` the same route storing each body through the webhook's group commit and nothing else;
// `BENCH_SERVER=relay` runs the worker's inbound relay alone (what queues the stored events, in the worker process
// in production); otherwise the real app from `buildApp()` with the production logger. It sends `{ port }` when
// listening (the relay: `{ port: 0 }` once it listens), answers `count` with what was stored and queued once every
// accepted event settled, and exits on `close` (normally, so a `--cpu-prof` profile is written).
// `profile` / `profile-stop <file>` record a CPU profile of one phase only.
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import Fastify from "fastify";
import pino from "pino";
import { buildApp } from "../../bot/src/app.ts";
import { loadConfig } from "../../bot/src/config.ts";
import { createPgPool } from "../../bot/src/db.ts";
import { startInboundRelay } from "../../bot/src/inbox/inbound-relay.ts";
import { InboxWriter } from "../../bot/src/inbox/inbox-writer.ts";
import { loggerOptions } from "../../bot/src/logger.ts";

type Message =
  | { type: "cpu" }
  | { type: "count" }
  | { type: "close" }
  | { type: "profile" }
  | { type: "profile-stop"; file: string };

const inspector = new Session();
async function profile(message: Message): Promise<void> {
  if (message.type === "cpu") {
    // The server's own CPU (user + system), whatever else runs on the machine: the cost per request.
    const { user, system } = process.cpuUsage();
    send({ cpuMicros: user + system });
  }
  if (message.type === "profile") {
    inspector.connect();
    await inspector.post("Profiler.enable");
    await inspector.post("Profiler.start");
    send({ profiling: true });
  } else if (message.type === "profile-stop") {
    const { profile } = await inspector.post("Profiler.stop");
    writeFileSync(message.file, JSON.stringify(profile));
    inspector.disconnect();
    send({ written: message.file });
  }
}

function send(message: unknown): void {
  process.send?.(message);
}

if (process.env.BENCH_SERVER === "bare") {
  const bare = Fastify();
  bare.post("/webhooks/zalo", async () => ({ ok: true }));
  await bare.listen({ port: 0, host: "127.0.0.1" });
  process.on("message", async (message: Message) => {
    await profile(message);
    if (message.type === "close") {
      await bare.close();
      process.exit(0);
    }
  });
  send({ port: (bare.server.address() as { port: number }).port });
} else if (process.env.BENCH_SERVER === "durable") {
  // The floor of the guarantee: a bare route that only stores each body through the webhook's own group commit
  // (`InboxWriter`) before answering. No signature, validation, privacy guard or logger: what durability alone costs.
  // The same pool as the real webhook's (`buildApp()`), so the two differ only in what the route does.
  const pool = createPgPool(loadConfig(process.env).DATABASE_URL, (err) => console.error(err.message));
  const inbox = new InboxWriter(pool);
  const durable = Fastify();
  durable.post("/webhooks/zalo", async (request) => {
    await inbox.store({
      dedupKey: randomUUID(),
      eventName: "bench",
      oaUserId: null,
      payload: request.body,
      status: "IGNORED",
    });
    return { ok: true };
  });
  await durable.listen({ port: 0, host: "127.0.0.1" });
  process.on("message", async (message: Message) => {
    await profile(message);
    if (message.type === "close") {
      await durable.close();
      await inbox.drain();
      await pool.end();
      process.exit(0);
    }
  });
  send({ port: (durable.server.address() as { port: number }).port });
} else if (process.env.BENCH_SERVER === "relay") {
  const config = loadConfig(process.env);
  const relay = await startInboundRelay({ config, log: pino(loggerOptions(config)) });
  process.on("message", async (message: Message) => {
    await profile(message);
    if (message.type === "close") {
      await relay.close();
      process.exit(0);
    }
  });
  send({ port: 0 });
} else {
  const config = loadConfig(process.env);
  const app = await buildApp({ config });
  await app.listen({ port: 0, host: "127.0.0.1" });
  process.on("message", async (message: Message) => {
    await profile(message);
    if (message.type === "count") {
      await app.inbox.drain();
      const stored = await app.prisma.inboundEvent.count();
      // The relay (its own process) queues after each commit's notification: give it a few seconds to catch up.
      let queued = await app.queues.inbound.count();
      for (const deadline = Date.now() + 15_000; queued < stored && Date.now() < deadline; ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        queued = await app.queues.inbound.count();
      }
      send({ stored, queued });
    } else if (message.type === "close") {
      await Promise.all(Object.values(app.queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
      await app.close();
      process.exit(0);
    }
  });
  send({ port: (app.server.address() as { port: number }).port });
}
