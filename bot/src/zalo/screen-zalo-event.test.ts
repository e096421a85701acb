import { describe, expect, it } from "vitest";
import { REDELIVERY_HORIZON_MS, screenZaloEvent } from "./screen-zalo-event.ts";
import { type ZaloEvent, zaloEventSchema } from "./zalo-event.ts";

const APP = "1234567890123456789";
const OA = "4321098765432109876";
const USER = "2468000000000000003";
const NOW = 1_800_000_000_000;
const audience = { appId: APP, oaId: OA };

function event(fields: Record<string, unknown>): ZaloEvent {
  return zaloEventSchema.parse({ event_name: "user_send_text", timestamp: String(NOW), ...fields });
}

describe("screenZaloEvent", () => {
  it("accepts our events, and events whose identifying fields are absent", () => {
    expect(screenZaloEvent(event({ app_id: APP, sender: { id: USER }, recipient: { id: OA } }), audience, NOW)).toBe(
      null,
    );
    expect(screenZaloEvent(event({}), audience, NOW)).toBe(null);
    expect(screenZaloEvent(event({ event_name: "follow", oa_id: OA, follower: { id: USER } }), audience, NOW)).toBe(
      null,
    );
    // An echo of our own send has sender = OA, recipient = the resident.
    const echo = event({ event_name: "oa_send_text", app_id: APP, sender: { id: OA }, recipient: { id: USER } });
    expect(screenZaloEvent(echo, audience, NOW)).toBe(null);
    // A ZNS receipt's recipient is a phone number: not a reason to refuse it.
    const receipt = event({ event_name: "user_received_message", sender: { id: "1" }, recipient: { id: "8491" } });
    expect(screenZaloEvent(receipt, audience, NOW)).toBe(null);
  });

  it("refuses another app, or another OA in whichever field carries it", () => {
    expect(screenZaloEvent(event({ app_id: "99" }), audience, NOW)).toEqual({ reason: "other-app", field: "app_id" });
    expect(screenZaloEvent(event({ event_name: "follow", oa_id: "99" }), audience, NOW)).toEqual({
      reason: "other-oa",
      field: "oa_id",
    });
    expect(screenZaloEvent(event({ sender: { id: USER }, recipient: { id: "99" } }), audience, NOW)).toEqual({
      reason: "other-oa",
      field: "recipient.id",
    });
    const echo = event({ event_name: "oa_send_text", sender: { id: "99" }, recipient: { id: USER } });
    expect(screenZaloEvent(echo, audience, NOW)).toEqual({ reason: "other-oa", field: "sender.id" });
  });

  it("accepts an event up to the redelivery horizon and refuses one beyond it", () => {
    expect(screenZaloEvent(event({ timestamp: String(NOW - REDELIVERY_HORIZON_MS) }), audience, NOW)).toBe(null);
    expect(screenZaloEvent(event({ timestamp: String(NOW - REDELIVERY_HORIZON_MS - 1) }), audience, NOW)).toEqual({
      reason: "beyond-redelivery-horizon",
      ageMs: REDELIVERY_HORIZON_MS + 1,
    });
    // The last retry (1 h 50 min 30 s after the event) is well inside the horizon.
    const lastRetry = (30 + 5 * 60 + 15 * 60 + 30 * 60 + 60 * 60) * 1000;
    expect(screenZaloEvent(event({ timestamp: String(NOW - lastRetry) }), audience, NOW)).toBe(null);
  });
});
