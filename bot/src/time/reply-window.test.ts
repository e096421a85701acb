import { describe, expect, it } from "vitest";
import { costBandAt, unreachableReason } from "./reply-window.ts";

const HOUR_MS = 3_600_000;
const at = new Date("2026-12-01T10:00:00Z");
const ago = (hours: number) => new Date(at.getTime() - hours * HOUR_MS);
const resident = (hours: number | null) => ({
  followState: "FOLLOWING" as const,
  remindersOptOut: false,
  lastInteractionAt: hours === null ? null : ago(hours),
});

describe("costBandAt", () => {
  it("is free under 48 hours, paid from 48 hours to 7 days, closed after or without an interaction", () => {
    expect(costBandAt(ago(0), at)).toBe("free");
    expect(costBandAt(ago(47.99), at)).toBe("free");
    expect(costBandAt(ago(48), at)).toBe("paid");
    expect(costBandAt(ago(7 * 24 - 0.01), at)).toBe("paid");
    expect(costBandAt(ago(7 * 24), at)).toBe("closed");
    expect(costBandAt(null, at)).toBe("closed");
  });
});

describe("unreachableReason", () => {
  it("counts the billed band as unreachable only when paid sends are not allowed", () => {
    expect(unreachableReason(resident(50), at, false)).toBe("paid-band");
    expect(unreachableReason(resident(50), at, true)).toBeNull();
    expect(unreachableReason(resident(10), at, false)).toBeNull();
    expect(unreachableReason(resident(200), at, true)).toBe("outside-window");
    expect(unreachableReason({ ...resident(10), followState: "UNFOLLOWED" }, at)).toBe("unfollowed");
  });
});
