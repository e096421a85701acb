import { describe, expect, it } from "vitest";
import { eventChangeNoticeKey, mergeEventChanges, parseEventChangeNoticeKey } from "./plan-event-change-notice.ts";

describe("event change notice keys", () => {
  const at = new Date("2026-12-10T03:00:00Z");

  it("reads back what changed", () => {
    for (const change of [
      { kind: "cancelled" as const },
      { kind: "moved" as const, time: true, place: false },
      { kind: "moved" as const, time: false, place: true },
      { kind: "moved" as const, time: true, place: true },
    ]) {
      expect(parseEventChangeNoticeKey(eventChangeNoticeKey("ev1", "res1", change, at))).toEqual({
        eventId: "ev1",
        residentId: "res1",
        change,
      });
    }
  });

  it("refuses other keys", () => {
    expect(parseEventChangeNoticeKey("event:ev1:res1:day-before:1")).toBeNull();
    expect(parseEventChangeNoticeKey("event-change:ev1:res1:colour:1")).toBeNull();
    expect(parseEventChangeNoticeKey("event-change:ev1:res1::1")).toBeNull();
  });

  it("says both changes in one notice, and a cancellation wins", () => {
    const time = { kind: "moved" as const, time: true, place: false };
    const place = { kind: "moved" as const, time: false, place: true };
    expect(mergeEventChanges(time, place)).toEqual({ kind: "moved", time: true, place: true });
    expect(mergeEventChanges(time, { kind: "cancelled" })).toEqual({ kind: "cancelled" });
    expect(mergeEventChanges({ kind: "cancelled" }, place)).toEqual({ kind: "cancelled" });
    expect(mergeEventChanges(null, place)).toEqual(place);
  });
});
