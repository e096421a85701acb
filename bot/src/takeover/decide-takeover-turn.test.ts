import { describe, expect, it } from "vitest";
import type { InboundMessage } from "../channel/messages.ts";
import { decideTakeoverTurn } from "./decide-takeover-turn.ts";

const now = new Date("2026-12-01T08:00:00Z");
const later = new Date(now.getTime() + 3_600_000);
const text = (t: string): InboundMessage => ({ kind: "text", userId: "u", text: t, at: now, maskedSensitive: false });
const decide = (inbound: InboundMessage, until: Date | null = later, awaitingDeleteConfirmation = false) =>
  decideTakeoverTurn({ humanTakeoverUntil: until, inbound, awaitingDeleteConfirmation, now });

describe("decideTakeoverTurn", () => {
  it("answers when nobody took over or the silence ran out", () => {
    expect(decide(text("vneid"), null)).toBe("answer");
    expect(decide(text("vneid"), now)).toBe("answer");
  });

  it("stays silent for anything else while taken over, stickers and follows included", () => {
    expect(decide(text("vneid"))).toBe("silent");
    expect(decide(text("nhờ đoàn viên hỗ trợ"))).toBe("silent");
    expect(decide({ kind: "attachment", userId: "u", attachment: "sticker", at: now })).toBe("silent");
    expect(decide({ kind: "follow", userId: "u", at: now })).toBe("silent");
  });

  it("gives back on menu and its loose variants", () => {
    for (const t of ["menu", "MENU", "mở menu", "cho xem menu nhé", "Trợ lý", "tra lai cho tro ly"]) {
      expect(decide(text(t)), t).toBe("give-back");
    }
  });

  it("lets a privacy deletion request and its confirmation through", () => {
    expect(decide(text("xóa dữ liệu của tôi"))).toBe("engine-keeps-silence");
    expect(decide(text("Đồng ý xóa"), later, true)).toBe("engine-keeps-silence");
  });
});
