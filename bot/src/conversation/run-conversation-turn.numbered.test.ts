import { CHECKLISTS } from "@xks/shared/checklists/index";
import { describe, expect, it } from "vitest";
import type { InboundMessage } from "../channel/messages.ts";
import { listNumberedChoices } from "../channel/numbered-choices.ts";
import { initialConversationState } from "./conversation-state.ts";
import { type ConversationContext, runConversationTurn } from "./run-conversation-turn.ts";
import { BUTTON } from "./texts.ts";

const NOW = new Date("2026-11-30T01:00:00Z");
const ctx = (numberedChoices?: readonly string[]): ConversationContext => ({
  checklists: CHECKLISTS,
  overrides: new Map(),
  knowledge: [],
  units: [],
  now: NOW,
  ...(numberedChoices ? { numberedChoices } : {}),
});
const text = (value: string): InboundMessage => ({
  kind: "text",
  userId: "1",
  text: value,
  at: NOW,
  maskedSensitive: false,
});

describe("typed numbers in plain-text mode", () => {
  it("answer an instruction step's buttons by their number, as the channel numbered them", () => {
    const opened = runConversationTurn(initialConversationState(), text("vneid"), ctx());
    const installing = runConversationTurn(opened.state, text("Chưa có tài khoản"), ctx());
    expect(installing.state.active?.stepId).toBe("l1-install");
    const choices = listNumberedChoices(installing.replies).map((b) => b.payload);
    expect(choices).toEqual([BUTTON.done, BUTTON.stuck, BUTTON.help]);

    const stuck = runConversationTurn(installing.state, text("2"), ctx(choices));
    expect(stuck.state.active?.stepId).toBe("l1-install-help");
    const done = runConversationTurn(installing.state, text(" 1. "), ctx(choices));
    expect(done.state.active?.stepId).toBe("l1-register");
  });

  it("leave numbers alone outside that mode, and numbers beyond the list", () => {
    const opened = runConversationTurn(initialConversationState(), text("vneid"), ctx());
    const installing = runConversationTurn(opened.state, text("Chưa có tài khoản"), ctx());
    expect(runConversationTurn(installing.state, text("2"), ctx()).state.active?.stepId).toBe("l1-install");
    expect(runConversationTurn(installing.state, text("9"), ctx(["Xong"])).state.active?.stepId).toBe("l1-install");
  });
});
