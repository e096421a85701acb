import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyZaloSignature } from "../bot/src/zalo/verify-zalo-signature.ts";
import { DOC_SIGNATURE_VECTOR, replayable, ZALO_DOC_SAMPLES } from "./fixtures/zalo-doc-samples.ts";
import { createTestApp, signedWebhook, TEST_ZALO, type TestApp } from "./support/test-app.ts";
import { startTestRelay, waitForInboundJob } from "./support/test-relay.ts";

/** Zalo's own sample payloads, signed with the formula and replayed through the real webhook. */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const ids = { appId: TEST_ZALO.appId, oaId: TEST_ZALO.oaId };

async function replay(sample: (typeof ZALO_DOC_SAMPLES)[keyof typeof ZALO_DOC_SAMPLES]) {
  const body = replayable(sample, ids);
  const response = await t.app.inject(signedWebhook(body));
  expect(response.statusCode, sample.source).toBe(200);
  return t.app.prisma.inboundEvent.findFirstOrThrow({ orderBy: { receivedAt: "desc" } });
}

describe("documented Zalo payloads through the webhook", () => {
  it("verifies the captured sample against the signature computed outside the project", () => {
    const v = DOC_SIGNATURE_VECTOR;
    expect(verifyZaloSignature(v.raw, v.signature, v.timestamp, v.appId, v.secret)).toBe(true);
    expect(JSON.stringify(ZALO_DOC_SAMPLES.userSendTextCapture.event)).toBe(v.raw);
  });

  it("takes user_send_text (both samples) as the resident's message", async () => {
    for (const sample of [ZALO_DOC_SAMPLES.userSendTextCapture, ZALO_DOC_SAMPLES.userSendText]) {
      const stored = await replay(sample);
      expect(stored).toMatchObject({
        eventName: "user_send_text",
        status: "RECEIVED",
        oaUserId: sample.event.sender.id,
      });
    }
  });

  it("takes follow as the follower's, by follower.id", async () => {
    const stored = await replay(ZALO_DOC_SAMPLES.follow);
    expect(stored).toMatchObject({ eventName: "follow", status: "RECEIVED", oaUserId: "24684588352919792" });
  });

  it("takes the 2026 user_submit_info without storing the personal details", async () => {
    const stored = await replay(ZALO_DOC_SAMPLES.userSubmitInfo2026);
    expect(stored).toMatchObject({ eventName: "user_submit_info", oaUserId: "246845883529697922" });
    const kept = JSON.stringify(stored.payload);
    expect(kept).not.toContain("84912345678");
    expect(kept).not.toContain("Name Example");
    expect(kept).not.toContain("Tân Thuận");
  });

  it("acknowledges tag events and receipts without queueing a conversation turn", async () => {
    // With the worker's relay listening: a text stored after them is queued, so the relay has had its turn at
    // everything stored before it, and these still have no job.
    const relay = await startTestRelay(t);
    try {
      const ignored = [];
      for (const sample of [ZALO_DOC_SAMPLES.addUserToTag, ZALO_DOC_SAMPLES.userReceivedMessage]) {
        const stored = await replay(sample);
        expect(stored, sample.source).toMatchObject({ eventName: sample.event.event_name, status: "IGNORED" });
        ignored.push(stored.id);
      }
      const text = await replay(ZALO_DOC_SAMPLES.userSendText);
      await waitForInboundJob(t, text.id);
      for (const id of ignored) expect(await t.app.queues.inbound.getJob(`event-${id}`)).toBeUndefined();
    } finally {
      await relay.close();
    }
  });
});
