import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEXT } from "../bot/src/conversation/texts.ts";
import { RESIDENT_TURNS_PER_MINUTE } from "../bot/src/jobs/throttle-resident-turns.ts";
import { readOutboundPayload } from "../bot/src/outbound/queue-outbound-message.ts";
import { startWorkers, type WorkerRuntime } from "../bot/src/worker-runtime.ts";
import { createTestApp, signedWebhook, TEST_ZALO, type TestApp } from "./support/test-app.ts";

/**
 * A flood from one resident is absorbed in the worker, not refused at the webhook (issue 8, item 3): every message
 * is stored and processed in order, only RESIDENT_TURNS_PER_MINUTE are answered plus one "wait a minute" notice,
 * and another resident's message is answered without waiting for the flood to be worked through.
 */
const FLOODER = "2468000000000000101";
const OTHER = "2468000000000000102";
const FLOOD_SIZE = 200;

let t: TestApp;
let runtime: WorkerRuntime | undefined;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await runtime?.close();
  await t.close();
});

let counter = 0;
function textEvent(userId: string, text: string) {
  return {
    app_id: TEST_ZALO.appId,
    sender: { id: userId },
    recipient: { id: TEST_ZALO.oaId },
    event_name: "user_send_text",
    message: { msg_id: `flood-${++counter}`, text },
    timestamp: String(Date.now()),
  };
}

describe("a flood from one resident", () => {
  it(`stores all ${FLOOD_SIZE}, answers ${RESIDENT_TURNS_PER_MINUTE} in order plus one notice, and does not hold up another resident`, async () => {
    for (let i = 0; i < FLOOD_SIZE; i++) {
      const response = await t.app.inject(signedWebhook(textEvent(FLOODER, i % 2 === 0 ? "menu" : `tin số ${i}`)));
      expect(response.statusCode).toBe(200);
    }
    expect((await t.app.inject(signedWebhook(textEvent(OTHER, "menu")))).statusCode).toBe(200);

    // The worker's clock starts at the top of a minute, so the whole flood falls in one window of the limit.
    const offsetMs = Date.now() % 60_000;
    runtime = await startWorkers({
      config: t.config,
      queues: ["inbound"],
      recurring: false,
      now: () => new Date(Date.now() - offsetMs),
    });
    const prisma = t.app.prisma;
    const deadline = Date.now() + 90_000;
    while ((await prisma.inboundEvent.count({ where: { status: "RECEIVED" } })) > 0) {
      if (Date.now() > deadline) throw new Error("the flood was not worked through in 90 s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const flood = await prisma.inboundEvent.findMany({
      where: { oaUserId: FLOODER },
      orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
    });
    expect(flood).toHaveLength(FLOOD_SIZE);
    const answered = flood.slice(0, RESIDENT_TURNS_PER_MINUTE);
    const held = flood.slice(RESIDENT_TURNS_PER_MINUTE);
    expect(answered.every((e) => e.status === "PROCESSED")).toBe(true);
    expect(held.every((e) => e.status === "IGNORED" && e.error?.startsWith("throttled"))).toBe(true);
    // In order: each event was processed no earlier than the one received before it.
    for (let i = 1; i < flood.length; i++) {
      expect(flood[i]?.processedAt?.getTime()).toBeGreaterThanOrEqual(flood[i - 1]?.processedAt?.getTime() ?? 0);
    }

    const replies = await prisma.outboundMessage.findMany({
      where: { oaUserId: FLOODER },
      orderBy: { createdAt: "asc" },
    });
    const turnReplies = replies.filter((r) => r.idempotencyKey.startsWith("reply:"));
    expect(turnReplies.map((r) => r.idempotencyKey).sort()).toEqual(answered.map((e) => `reply:${e.id}`).sort());
    const notices = replies.filter((r) => r.idempotencyKey.startsWith("busy:"));
    expect(notices).toHaveLength(1);
    expect(readOutboundPayload(notices[0]?.payload ?? null)[0]?.text).toBe(TEXT.tooManyMessages);
    expect(replies).toHaveLength(RESIDENT_TURNS_PER_MINUTE + 1);

    // The other resident was answered once, before the flood was worked through.
    const other = await prisma.inboundEvent.findFirstOrThrow({ where: { oaUserId: OTHER } });
    expect(other.status).toBe("PROCESSED");
    expect(await prisma.outboundMessage.count({ where: { oaUserId: OTHER } })).toBe(1);
    const floodDone = Math.max(...flood.map((e) => e.processedAt?.getTime() ?? 0));
    expect(other.processedAt?.getTime()).toBeLessThan(floodDone);
  }, 120_000);
});
