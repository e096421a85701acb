import { describe, expect, it } from "vitest";
import { describeZaloEvent, zaloEventSchema } from "./zalo-event.ts";

const USER = "2468000000000000003";
const OA = "3886000000000000002";

describe("describeZaloEvent", () => {
  it("reads the user of a user_send_text event from sender and dedups on msg_id", () => {
    const event = zaloEventSchema.parse({
      app_id: "1",
      sender: { id: USER },
      recipient: { id: OA },
      event_name: "user_send_text",
      message: { msg_id: "abc", text: "xin chao" },
      timestamp: "1732780000000",
    });
    expect(describeZaloEvent(event)).toEqual({
      eventName: "user_send_text",
      oaUserId: USER,
      dedupKey: "msg:abc",
      fromUser: true,
    });
  });

  it("reads follow events from follower.id and keys them by event, user and time", () => {
    const event = zaloEventSchema.parse({
      oa_id: OA,
      follower: { id: USER },
      event_name: "follow",
      timestamp: "1732780000000",
    });
    expect(describeZaloEvent(event)).toMatchObject({ oaUserId: USER, dedupKey: `evt:follow:${USER}:1732780000000` });
  });

  it("marks the OA's own sends and receipts as not from the user", () => {
    for (const name of ["oa_send_text", "user_received_message", "user_seen_message"]) {
      const event = zaloEventSchema.parse({
        sender: { id: OA },
        recipient: { id: USER },
        event_name: name,
        timestamp: "1",
        message: { msg_id: `m-${name}` },
      });
      expect(describeZaloEvent(event)).toMatchObject({ fromUser: false, oaUserId: USER });
    }
  });

  it("reads the flat user_click_chatnow shape", () => {
    const event = zaloEventSchema.parse({ oa_id: OA, user_id: USER, event_name: "user_click_chatnow", timestamp: "5" });
    expect(describeZaloEvent(event)).toMatchObject({ oaUserId: USER, fromUser: true });
  });
});
