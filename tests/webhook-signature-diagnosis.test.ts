import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, signedWebhook, TEST_ZALO, type TestApp } from "./support/test-app.ts";

/**
 * A wrong OA Secret Key makes every event 401; Zalo retries, then disables the webhook. The product refuses every
 * such event, and after a few Zalo-shaped ones tells admins once what is likely wrong, and shows it on /ready.
 */

let t: TestApp;
let counter = 0;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

function event() {
  return {
    app_id: TEST_ZALO.appId,
    sender: { id: "2468000000000000003" },
    recipient: { id: TEST_ZALO.oaId },
    event_name: "user_send_text",
    message: { msg_id: `sig-${++counter}`, text: "Xin chào" },
    timestamp: String(Date.now()),
  };
}

describe("signature failures", () => {
  it("ignores junk for the diagnosis, refuses every badly signed event, and raises one alert naming the App Secret", async () => {
    const junk = await t.app.inject({
      method: "POST",
      url: "/webhooks/zalo",
      headers: { "content-type": "application/json", "x-zevent-signature": "mac=00" },
      payload: JSON.stringify({ hello: "world" }),
    });
    expect(junk.statusCode).toBe(401);
    expect((await t.app.inject("/ready")).json().warnings).toEqual([]);

    for (let i = 0; i < 4; i++) {
      // Signed with the App Secret, as if Zalo used it (or the keys were swapped).
      const response = await t.app.inject(signedWebhook(event(), TEST_ZALO.appSecret));
      expect(response.statusCode).toBe(401);
    }
    expect(await t.app.prisma.inboundEvent.count()).toBe(0);
    const alerts = await t.app.prisma.alert.findMany({ where: { kind: "WEBHOOK_SIGNATURE_FAILING" } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.message).toContain("ZALO_APP_SECRET");

    const ready = await t.app.inject("/ready");
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: "ready",
      failing: [],
      warnings: [{ code: "WEBHOOK_SIGNATURE_FAILING", cause: "signed-with-app-secret" }],
    });

    // A correctly signed event is still accepted.
    expect((await t.app.inject(signedWebhook(event()))).statusCode).toBe(200);
  });
});
