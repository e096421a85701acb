import { describe, expect, it } from "vitest";
import { limitJsonDepth, TOO_DEEP } from "./limit-json-depth.ts";

describe("limitJsonDepth", () => {
  it("keeps an event's usual depth untouched", () => {
    const event = {
      event_name: "user_send_text",
      sender: { id: "7" },
      message: { attachments: [{ payload: { a: 1 } }] },
    };
    expect(limitJsonDepth(event)).toEqual(event);
  });

  it("cuts what lies deeper than the limit", () => {
    expect(limitJsonDepth({ a: { b: { c: [1] } }, d: 1 }, 2)).toEqual({ a: { b: TOO_DEEP }, d: 1 });
    let deep: unknown = [];
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(JSON.stringify(limitJsonDepth({ extra: deep }, 3))).toBe(`{"extra":[["${TOO_DEEP}"]]}`);
  });
});
