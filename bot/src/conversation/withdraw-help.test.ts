import { KNOWLEDGE_BASE } from "@xks/shared/knowledge/knowledge-base";
import { describe, expect, it } from "vitest";
import { RESIDENT_TEXT } from "../help-requests/help-request-messages.ts";
import { play, playContext, replyText, buttonTitles as titles } from "./fixtures/play-with-knowledge-base.ts";
import type { TurnResult } from "./run-conversation-turn.ts";
import { BUTTON, TEXT } from "./texts.ts";
import type { OpenHelpRequest } from "./turn.ts";

const context = (openHelpRequests?: readonly OpenHelpRequest[]) =>
  playContext(openHelpRequests ? { openHelpRequests } : {});
const withdrawals = (result: { effects: { type: string }[] }) =>
  result.effects.filter((e) => e.type === "withdraw-help-requests").length;

const CLAIMED: OpenHelpRequest = { topic: "Quên mật khẩu VNeID", claimedBy: "Lê Văn Hùng" };
const WAITING: OpenHelpRequest = { topic: "Hỗ trợ chung", claimedBy: null };

describe("a resident withdraws their help request from the chat", () => {
  it("asks first, naming the request and its volunteer; «Đồng ý hủy» withdraws and says the volunteer is told", () => {
    const asked = play(["thôi không cần đoàn viên đến nữa"], context([CLAIMED]));
    expect(replyText(asked.last)).toContain("«Quên mật khẩu VNeID»");
    expect(replyText(asked.last)).toContain("Lê Văn Hùng");
    expect(titles(asked.last)).toEqual([BUTTON.confirmWithdraw, BUTTON.keepRequest]);
    expect(asked.state.pending).toEqual({ kind: "confirm-withdraw" });
    expect(withdrawals(asked)).toBe(0);

    const done = play([BUTTON.confirmWithdraw], context([CLAIMED]), asked.state);
    expect(withdrawals(done)).toBe(1);
    expect(replyText(done.last)).toContain(TEXT.helpRequestWithdrawn);
    expect(replyText(done.last)).toContain("Lê Văn Hùng");
    expect(done.state.pending).toBeNull();
  });

  it("understands the ways residents say it, and a typed yes", () => {
    for (const [first, yes] of [
      ["hủy yêu cầu hỗ trợ", "có"],
      ["tôi tự làm được rồi không cần hỗ trợ nữa", "ok hủy đi"],
      ["huy yeu cau", "dong y"],
      [RESIDENT_TEXT.withdrawButton, BUTTON.confirmWithdraw],
      ["con tôi về làm giúp rồi, các cháu không phải đến nữa", "không cần nữa"],
    ] as const) {
      const result = play([first, yes], context([WAITING]));
      expect(replyText(result.turns[0] as TurnResult), first).toContain("«Hỗ trợ chung»");
      expect(withdrawals(result), `${first} → ${yes}`).toBe(1);
    }
  });

  it("keeps the request on «Giữ yêu cầu» or a bare «không»; anything else is a new message and keeps it too", () => {
    for (const no of [BUTTON.keepRequest, "không", "thôi khỏi, giữ lại"]) {
      const result = play(["hủy yêu cầu hỗ trợ", no], context([WAITING]));
      expect(withdrawals(result), no).toBe(0);
      expect(replyText(result.last), no).toBe(TEXT.helpRequestKept);
    }
    const other = play(["hủy yêu cầu hỗ trợ", "quên mật khẩu vneid thì làm sao"], context([WAITING]));
    expect(withdrawals(other)).toBe(0);
    expect(other.state.pending).toBeNull();
    expect(replyText(other.last)).not.toContain(TEXT.helpRequestKept);
    expect(replyText(other.last).toLowerCase()).toContain("mật khẩu");
  });

  it("is offered while the bot still asks how to reach the resident, right after the request opened", () => {
    const opened = play(["nhờ đoàn viên hỗ trợ", "Xã Hoằng Hà", "Ngày mai"], context([]));
    expect(opened.effects.some((e) => e.type === "open-help-request")).toBe(true);
    expect(opened.state.pending?.kind).toBe("help-phone");
    const result = play(["thôi không cần đoàn viên đến nữa", BUTTON.confirmWithdraw], context([WAITING]), opened.state);
    expect(replyText(result.turns[0] as TurnResult)).toContain("«Hỗ trợ chung»");
    expect(withdrawals(result)).toBe(1);
  });

  it("names every open request when there are several, and withdraws them in one effect", () => {
    const result = play(["không cần đoàn viên đến nữa", BUTTON.confirmWithdraw], context([CLAIMED, WAITING]));
    expect(replyText(result.turns[0] as TurnResult)).toContain("2 yêu cầu");
    expect(withdrawals(result)).toBe(1);
  });

  it("says so when nothing is open, and never offers a volunteer to someone declining one", () => {
    const none = play(["thôi không cần đoàn viên đến nữa"], context([]));
    expect(replyText(none.last)).toBe(TEXT.noOpenHelpRequest);
    expect(none.state.pending).toBeNull();
    expect(none.effects.some((e) => e.type === "open-help-request")).toBe(false);
  });

  it("gives the entry's general answer when the job did not say what is open", () => {
    const result = play(["hủy yêu cầu hỗ trợ"], context());
    const entry = KNOWLEDGE_BASE.find((e) => e.id === "volunteer.cancel-request");
    expect(replyText(result.last)).toContain(entry?.answer.split("\n")[0]);
  });
});
