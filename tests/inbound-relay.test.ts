import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type InboundRelay, startInboundRelay } from "../bot/src/inbox/inbound-relay.ts";
import { createTestApp, signedWebhook, TEST_ZALO, type TestApp } from "./support/test-app.ts";
import { startTestRelay, waitForInboundJob } from "./support/test-relay.ts";
import { waitFor } from "./support/wait-for.ts";
import { textEvent } from "./support/webhook-turns.ts";

/**
 * The worker's inbound relay (bot/src/inbox/inbound-relay.ts): the webhook only stores events; the relay hears each
 * commit and queues its RECEIVED events. Nothing stored waits for the recovery job when it need not: what was stored
 * while no relay listened, or while Redis was away, is queued as soon as a relay listens again or Redis is back.
 * Exactly one relay queues, however many workers run.
 */

const USER = "2468000000000000051";

/** A receipt: stored IGNORED, never queued. */
function receipt(msgId: string) {
  return {
    app_id: TEST_ZALO.appId,
    sender: { id: TEST_ZALO.oaId },
    recipient: { id: USER },
    event_name: "user_received_message",
    message: { msg_ids: [msgId] },
    timestamp: String(Date.now()),
  };
}

/** A TCP hop to Redis that the test can cut and restore on the same port: Redis "away", then back. */
function redisHop(target: URL) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  return {
    url: () => `redis://127.0.0.1:${port}${target.pathname}`,
    up: () =>
      new Promise<void>((resolve) => {
        server = net.createServer((client) => {
          const upstream = net.connect(Number(target.port || 6379), target.hostname);
          const end = () => {
            client.destroy();
            upstream.destroy();
            sockets.delete(client);
            sockets.delete(upstream);
          };
          for (const socket of [client, upstream]) {
            sockets.add(socket);
            socket.on("error", end);
            socket.on("close", end);
          }
          client.pipe(upstream).pipe(client);
        });
        server.listen(port, "127.0.0.1", () => {
          port = (server?.address() as net.AddressInfo).port;
          resolve();
        });
      }),
    down: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        if (server) server.close(() => resolve());
        else resolve();
      }),
  };
}

describe("the inbound relay", () => {
  let t: TestApp;
  const relays: InboundRelay[] = [];
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    for (const relay of relays) await relay.close();
    await t.close();
  });

  const post = async (body: object) => expect((await t.app.inject(signedWebhook(body))).statusCode).toBe(200);
  /** Posts a resident's text; answers its Zalo msg_id. */
  const postText = async () => {
    const event = textEvent(USER, "kích hoạt định danh mức 2");
    await post(event);
    return event.message.msg_id;
  };
  const stored = (msgId: string) =>
    t.app.prisma.inboundEvent.findUniqueOrThrow({ where: { dedupKey: `msg:${msgId}` } });

  it("queues what was stored while no relay listened as soon as one starts, and no receipt", async () => {
    const msgIds = [await postText(), await postText()];
    await post(receipt(msgIds[0] ?? ""));
    const events = await Promise.all(msgIds.map(stored));
    for (const event of events) expect(await t.app.queues.inbound.getJob(`event-${event.id}`)).toBeUndefined();

    const relay = await startTestRelay(t);
    relays.push(relay);
    expect(relay.listening).toBe(true);
    // Starting swept the inbox: queued by the time the relay is up.
    for (const event of events) expect(await t.app.queues.inbound.getJob(`event-${event.id}`)).toBeDefined();
    const ignored = await t.app.prisma.inboundEvent.findFirstOrThrow({ where: { eventName: "user_received_message" } });
    expect(ignored.status).toBe("IGNORED");
    expect(await t.app.queues.inbound.getJob(`event-${ignored.id}`)).toBeUndefined();

    // Then what the webhook stores is heard and queued without waiting for anything else.
    const after = await postText();
    expect(await waitForInboundJob(t, (await stored(after)).id)).toBeDefined();
  });

  it("has one relay listening however many start; another takes over when it stops, and queues what it missed", async () => {
    const [first] = relays.splice(0, 1) as [InboundRelay];
    const second = await startTestRelay(t);
    relays.push(second);
    expect(first.listening).toBe(true);
    expect(second.listening).toBe(false);

    await first.close();
    // Stored while neither listens: the first has stopped, the second has not taken over yet.
    const gap = await postText();
    await waitFor(() => second.listening, "the second relay taking over");
    expect(await waitForInboundJob(t, (await stored(gap)).id)).toBeDefined();
  });

  it("queues what could not be queued while Redis was away once it is back", async () => {
    for (const relay of relays.splice(0)) await relay.close();
    const hop = redisHop(new URL(t.config.REDIS_URL));
    await hop.up();
    const warnings: string[] = [];
    const log = { warn: (_: unknown, message?: string) => void warnings.push(message ?? ""), info: () => undefined };
    const relay = await startInboundRelay({ config: { ...t.config, REDIS_URL: hop.url() }, log });
    relays.push(relay);
    expect(relay.listening).toBe(true);

    await hop.down();
    const away = await postText();
    // Heard, but Redis is away: left for later.
    await waitFor(() => warnings.some((w) => w.includes("queueing left")), "the relay giving up on Redis");
    const event = await stored(away);
    expect(await t.app.queues.inbound.getJob(`event-${event.id}`)).toBeUndefined();

    await hop.up();
    expect(await waitForInboundJob(t, event.id)).toBeDefined();
    await hop.down();
  });
});
