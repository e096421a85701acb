import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboundRelay } from "../bot/src/inbox/inbound-relay.ts";
import { computeZaloMac } from "../bot/src/zalo/verify-zalo-signature.ts";
import { createTestApp, signedWebhook, TEST_ZALO, type TestApp } from "./support/test-app.ts";
import { startTestRelay, waitForInboundJob } from "./support/test-relay.ts";

/**
 * The webhook cannot be knocked over (issue 8, item 3): any bytes Zalo relays are stored, events for another app or
 * OA are acknowledged and ignored, and a body older than Zalo's redelivery ladder is not processed.
 */
const USER = "2468000000000000013";
const HOUR_MS = 3_600_000;

function textEvent(msgId: string, text: string, fields: Record<string, unknown> = {}) {
  return {
    app_id: TEST_ZALO.appId,
    sender: { id: USER },
    recipient: { id: TEST_ZALO.oaId },
    event_name: "user_send_text",
    message: { msg_id: msgId, text },
    timestamp: String(Date.now()),
    ...fields,
  };
}

/** Signs raw bytes, for bodies that JSON.stringify cannot produce (invalid UTF-8, raw escapes). */
function signedBytes(raw: Buffer, timestamp: string) {
  const mac = computeZaloMac(TEST_ZALO.appId, raw, timestamp, TEST_ZALO.oaSecretKey);
  return {
    method: "POST" as const,
    url: "/webhooks/zalo",
    headers: { "content-type": "application/json", "x-zevent-signature": `mac=${mac}` },
    payload: raw,
  };
}

describe("webhook robustness", () => {
  let t: TestApp;
  let relay: InboundRelay;
  beforeAll(async () => {
    t = await createTestApp();
    relay = await startTestRelay(t);
  });
  afterAll(async () => {
    await relay.close();
    await t.close();
  });

  const stored = (msgId: string) => t.app.prisma.inboundEvent.findUnique({ where: { dedupKey: `msg:${msgId}` } });

  it("stores a text with a NUL character (U+FFFD in its place) and queues it, on the first delivery", async () => {
    const response = await t.app.inject(signedWebhook(textEvent("nul-1", "xin\u0000 chào")));
    expect(response.statusCode).toBe(200);
    const event = await stored("nul-1");
    expect(event?.status).toBe("RECEIVED");
    expect(event?.payload).toMatchObject({ message: { text: "xin\uFFFD chào" } });
    // Queueing follows the commit, off the request's path: the worker's relay hears it and queues the event.
    expect(await waitForInboundJob(t, event?.id)).toBeDefined();
  });

  it("stores unpaired surrogates and NUL in keys and nested fields, and NUL in the message id", async () => {
    const body = textEvent("sur\u0000-2", "a\ud800b \udc00 ok 👋", { "extra\u0000key": { deep: ["\ud83d"] } });
    const response = await t.app.inject(signedWebhook(body));
    expect(response.statusCode).toBe(200);
    const event = await stored("sur\uFFFD-2");
    expect(event?.payload).toMatchObject({
      message: { text: "a\uFFFDb \uFFFD ok 👋" },
      "extra\uFFFDkey": { deep: ["\uFFFD"] },
    });
  });

  it("stores a body that is not valid UTF-8, verified over the bytes received", async () => {
    const timestamp = String(Date.now());
    const json = JSON.stringify(textEvent("bytes-3", "XX", { timestamp }));
    const [before, after] = json.split("XX") as [string, string];
    const raw = Buffer.concat([Buffer.from(before), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from(after)]);
    const response = await t.app.inject(signedBytes(raw, timestamp));
    expect(response.statusCode).toBe(200);
    const event = await stored("bytes-3");
    expect(event?.status).toBe("RECEIVED");
    expect((event?.payload as { message: { text: string } }).message.text).toContain("\uFFFD");
  });

  it("one bad event does not fail the next: a NUL event then a plain one are both stored", async () => {
    const first = await t.app.inject(signedWebhook(textEvent("seq-1", "\u0000\u0000")));
    const second = await t.app.inject(signedWebhook(textEvent("seq-2", "menu")));
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect((await stored("seq-1"))?.status).toBe("RECEIVED");
    expect((await stored("seq-2"))?.status).toBe("RECEIVED");
  });

  it("acknowledges and ignores events for another app or another OA (nothing stored, nothing queued)", async () => {
    const cases = [
      textEvent("other-app", "hi", { app_id: "1111111111111111111" }),
      textEvent("other-oa", "hi", { recipient: { id: "2222222222222222222" } }),
      {
        app_id: TEST_ZALO.appId,
        sender: { id: "3333333333333333333" },
        recipient: { id: USER },
        event_name: "oa_send_text",
        message: { msg_id: "other-echo", text: "hi" },
        timestamp: String(Date.now()),
      },
    ];
    for (const body of cases) {
      const response = await t.app.inject(signedWebhook(body));
      expect(response.statusCode).toBe(200);
      expect(response.json().ignored).toMatch(/^other-(app|oa)$/);
    }
    const follow = {
      app_id: TEST_ZALO.appId,
      oa_id: "4444444444444444444",
      follower: { id: USER },
      event_name: "follow",
      timestamp: String(Date.now() + 17),
    };
    expect((await t.app.inject(signedWebhook(follow))).json()).toMatchObject({ ok: true, ignored: "other-oa" });
    for (const id of ["other-app", "other-oa", "other-echo"]) expect(await stored(id)).toBeNull();
    expect(await t.app.prisma.inboundEvent.count({ where: { eventName: "follow" } })).toBe(0);
  });

  it("drops an event older than the redelivery horizon (200, not stored), keeps one inside it", async () => {
    const replay = await t.app.inject(
      signedWebhook(textEvent("old-1", "menu", { timestamp: String(Date.now() - 4 * HOUR_MS) })),
    );
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toMatchObject({ ok: true, ignored: "beyond-redelivery-horizon" });
    expect(await stored("old-1")).toBeNull();
    // Zalo's last retry comes 1 h 50 min after the event; two hours (with a clock ahead) is still genuine.
    const lastRetry = await t.app.inject(
      signedWebhook(textEvent("late-1", "menu", { timestamp: String(Date.now() - 2 * HOUR_MS) })),
    );
    expect(lastRetry.json()).toEqual({ ok: true });
    expect((await stored("late-1"))?.status).toBe("RECEIVED");
  });
});
