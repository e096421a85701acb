import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboundRelay } from "../bot/src/inbox/inbound-relay.ts";
import { createTestApp, signedWebhook, TEST_ZALO, type TestApp } from "./support/test-app.ts";
import { startTestRelay, waitForInboundJob } from "./support/test-relay.ts";

const USER = "2468000000000000003";

function textEvent(msgId: string, text: string) {
  return {
    app_id: TEST_ZALO.appId,
    sender: { id: USER },
    recipient: { id: TEST_ZALO.oaId },
    user_id_by_app: "5521000000000000004",
    event_name: "user_send_text",
    message: { msg_id: msgId, text },
    timestamp: String(Date.now()),
  };
}

describe("POST /webhooks/zalo", () => {
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

  it("rejects a missing or wrong signature with 401 and stores nothing", async () => {
    const good = signedWebhook(textEvent("m-unsigned", "xin chao"));
    const missing = await t.app.inject({ ...good, headers: { "content-type": "application/json" } });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().code).toBe("SIGNATURE_MISSING");
    const wrong = await t.app.inject(signedWebhook(textEvent("m-wrong", "xin chao"), "not-the-oa-secret"));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe("SIGNATURE_INVALID");
    expect(await t.app.prisma.inboundEvent.count()).toBe(0);
  });

  it("stores a signed event once, queues it, and recognises a redelivery", async () => {
    const request = signedWebhook(textEvent("m-1", "menu"));
    const first = await t.app.inject(request);
    expect(first.statusCode).toBe(200);
    const again = await t.app.inject({ ...request, headers: { ...request.headers, num_retry: "1" } });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ok: true, duplicate: true });
    const events = await t.app.prisma.inboundEvent.findMany({ where: { dedupKey: "msg:m-1" } });
    expect(events).toHaveLength(1);
    expect(events[0]?.status).toBe("RECEIVED");
    // Queueing follows the commit, off the request's path: the worker's relay hears it and queues the event.
    const job = await waitForInboundJob(t, events[0]?.id);
    expect(job.data).toEqual({ type: "process-event", eventId: events[0]?.id });
  });

  it("masks a citizen ID number before the event is stored", async () => {
    const response = await t.app.inject(signedWebhook(textEvent("m-cccd", "so cccd cua toi la 038123456789")));
    expect(response.statusCode).toBe(200);
    const event = await t.app.prisma.inboundEvent.findUniqueOrThrow({ where: { dedupKey: "msg:m-cccd" } });
    expect(JSON.stringify(event.payload)).not.toContain("038123456789");
    expect(event.payload).toMatchObject({ privacy: { masked: ["CITIZEN_ID"] } });
  });

  it("stores the OA's echoes and queues them: the worker tells its own sends from a staff member's answer", async () => {
    const body = {
      app_id: TEST_ZALO.appId,
      sender: { id: TEST_ZALO.oaId },
      recipient: { id: USER },
      event_name: "oa_send_text",
      message: { msg_id: "oa-1", text: "Xin chào" },
      timestamp: String(Date.now()),
    };
    expect((await t.app.inject(signedWebhook(body))).statusCode).toBe(200);
    const event = await t.app.prisma.inboundEvent.findUniqueOrThrow({ where: { dedupKey: "msg:oa-1" } });
    expect(event.status).toBe("RECEIVED");
    expect(await waitForInboundJob(t, event.id)).toBeDefined();
  });

  it("answers a malformed body with 400, not 5xx", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/webhooks/zalo",
      headers: { "content-type": "application/json", "x-zevent-signature": "mac=00" },
      payload: "{not json",
    });
    expect(response.statusCode).toBe(400);
  });
});

describe("POST /webhooks/zalo personal details", () => {
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

  it("keeps only the field names of a user_submit_info answer", async () => {
    const body = {
      app_id: TEST_ZALO.appId,
      sender: { id: USER },
      recipient: { id: TEST_ZALO.oaId },
      event_name: "user_submit_info",
      timestamp: String(Date.now()),
      info: { name: "Nguyễn Văn A", phone: "84912345678", address: "Thôn 3" },
    };
    expect((await t.app.inject(signedWebhook(body))).statusCode).toBe(200);
    const [event] = await t.app.prisma.inboundEvent.findMany({ where: { eventName: "user_submit_info" } });
    expect(event?.payload).toMatchObject({ info: { fields: ["name", "phone", "address"] } });
    expect(JSON.stringify(event?.payload)).not.toContain("84912345678");
  });
});
