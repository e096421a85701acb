import { describe, expect, it } from "vitest";
import { convertZaloEvent } from "./convert-zalo-event.ts";

const USER = "2468000000000000003";
const OA = "3886000000000000002";
const AT = "1732780000000";
const fromUser = (event_name: string, message: Record<string, unknown>) => ({
  app_id: "1",
  sender: { id: USER },
  recipient: { id: OA },
  event_name,
  message: { msg_id: "m1", ...message },
  timestamp: AT,
});

describe("convertZaloEvent", () => {
  it("turns follow and unfollow into neutral messages", () => {
    const follow = { oa_id: OA, follower: { id: USER }, event_name: "follow", timestamp: AT };
    expect(convertZaloEvent(follow)).toEqual({ kind: "follow", userId: USER, at: new Date(Number(AT)) });
    expect(convertZaloEvent({ ...follow, event_name: "unfollow" })?.kind).toBe("unfollow");
  });

  it("carries the text and whether the webhook masked something", () => {
    expect(convertZaloEvent(fromUser("user_send_text", { text: " menu " }))).toMatchObject({
      kind: "text",
      text: "menu",
      maskedSensitive: false,
    });
    const masked = {
      ...fromUser("user_send_text", { text: "so [số định danh đã ẩn]" }),
      privacy: { masked: ["CITIZEN_ID"] },
    };
    expect(convertZaloEvent(masked)).toMatchObject({ kind: "text", maskedSensitive: true });
  });

  it("maps attachments and locations", () => {
    const sticker = fromUser("user_send_sticker", {
      attachments: [{ type: "sticker", payload: { id: "s", url: "https://x" } }],
    });
    expect(convertZaloEvent(sticker)).toMatchObject({ kind: "attachment", attachment: "sticker" });
    expect(convertZaloEvent(fromUser("user_send_audio", {}))).toMatchObject({
      kind: "attachment",
      attachment: "audio",
    });
    const location = fromUser("user_send_location", {
      attachments: [{ type: "location", payload: { coordinates: { latitude: "19.85", longitude: "105.87" } } }],
    });
    expect(convertZaloEvent(location)).toMatchObject({ kind: "location", latitude: 19.85, longitude: 105.87 });
  });

  it("returns null for the OA's own sends, receipts and unknown events", () => {
    const oaSend = { ...fromUser("oa_send_text", { text: "hi" }), sender: { id: OA }, recipient: { id: USER } };
    expect(convertZaloEvent(oaSend)).toBeNull();
    expect(convertZaloEvent({ ...oaSend, event_name: "user_seen_message" })).toBeNull();
    expect(convertZaloEvent(fromUser("user_reacted_message", {}))).toBeNull();
    expect(convertZaloEvent({})).toBeNull();
  });
});
