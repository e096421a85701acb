import { CHECKLISTS } from "@xks/shared/checklists/index";
import type { Checklist } from "@xks/shared/checklists/types";
import { MAX_BUTTONS_PER_MESSAGE, MAX_MESSAGE_CHARS } from "@xks/shared/checklists/types";
import type { KnowledgeEntry } from "@xks/shared/knowledge/types";
import { describe, expect, it } from "vitest";
import type { InboundMessage } from "../channel/messages.ts";
import { buildUnderstandingIndex } from "../understanding/build-understanding-index.ts";
import { FIXTURE_KNOWLEDGE } from "../understanding/fixtures/fixture-knowledge.ts";
import { understand } from "../understanding/understand.ts";
import { type ConversationState, initialConversationState } from "./conversation-state.ts";
import type { Effect } from "./effects.ts";
import { timeOptions } from "./help-flow.ts";
import { renderStep } from "./render-step.ts";
import { type ConversationContext, runConversationTurn, type TurnResult } from "./run-conversation-turn.ts";
import { BUTTON, fill, TEXT } from "./texts.ts";

const USER = "2468000000000000003";
// 08:00 in Vietnam.
const NOW = new Date("2026-11-30T01:00:00Z");
const UNITS = [
  { code: "BUT_SON", name: "Thị trấn Bút Sơn" },
  { code: "HOANG_DAO", name: "Xã Hoằng Đạo" },
  { code: "HOANG_DONG_1", name: "Xã Hoằng Đông" },
  { code: "HOANG_DONG_2", name: "Xã Hoằng Đồng" },
  { code: "HOANG_GIANG", name: "Xã Hoằng Giang" },
  { code: "HOANG_HA", name: "Xã Hoằng Hà" },
];

function context(overrides: Partial<ConversationContext> = {}): ConversationContext {
  return {
    checklists: CHECKLISTS,
    overrides: new Map(),
    knowledge: FIXTURE_KNOWLEDGE,
    units: UNITS,
    now: NOW,
    ...overrides,
  };
}

/** What the inbound job does before the turn: the understanding module's candidates, with the active step. */
const INDEX = buildUnderstandingIndex({ knowledge: FIXTURE_KNOWLEDGE, checklists: CHECKLISTS });
function understood(message: InboundMessage, state: ConversationState, ctx: ConversationContext): InboundMessage {
  if (message.kind !== "text") return message;
  const index =
    ctx.checklists === CHECKLISTS
      ? INDEX
      : buildUnderstandingIndex({ knowledge: ctx.knowledge, checklists: ctx.checklists });
  const options = { activeStep: state.active, previousAnswer: state.answered };
  return { ...message, understanding: understand(index, message.text, options) };
}

function text(value: string, maskedSensitive = false): InboundMessage {
  return { kind: "text", userId: USER, text: value, at: NOW, maskedSensitive };
}

/** Plays a conversation: each message is a turn on the state left by the previous one. */
function play(
  messages: Array<string | InboundMessage>,
  start: ConversationState = initialConversationState(),
  ctx = context(),
) {
  let state = start;
  const turns: TurnResult[] = [];
  for (const message of messages) {
    const inbound = understood(typeof message === "string" ? text(message) : message, state, ctx);
    const result = runConversationTurn(state, inbound, ctx);
    turns.push(result);
    state = result.state;
  }
  const last = turns.at(-1) as TurnResult;
  return { state, turns, last, effects: turns.flatMap((t) => t.effects) };
}

const titles = (result: TurnResult) => result.replies.flatMap((r) => (r.buttons ?? []).map((b) => b.title));
const ofType = <T extends Effect["type"]>(effects: Effect[], type: T) =>
  effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);

describe("welcome and menu", () => {
  it("welcomes a new follower with the menu, four buttons per message at most", () => {
    const { last, state } = play([{ kind: "follow", userId: USER, at: NOW }]);
    expect(last.replies[0]?.text).toContain("Chào mừng");
    expect(last.replies.every((r) => (r.buttons?.length ?? 0) <= MAX_BUTTONS_PER_MESSAGE)).toBe(true);
    expect(titles(last)).toEqual([...CHECKLISTS.map((c) => c.title), BUTTON.help]);
    expect(state.greeted).toBe(true);
  });

  it("says nothing on unfollow", () => {
    const { last } = play([{ kind: "unfollow", userId: USER, at: NOW }]);
    expect(last).toMatchObject({ replies: [], effects: [] });
  });

  it("greets once when the chat is opened", () => {
    const open: InboundMessage = { kind: "open-chat", userId: USER, at: NOW };
    const { turns } = play([open, open]);
    expect(turns[0]?.replies.length).toBeGreaterThan(0);
    expect(turns[1]?.replies).toEqual([]);
  });

  // Issue 9 changed this reply: it now says honestly there is no answer, and records the question for admins.
  it("answers unrecognised text honestly, with the menu and a volunteer, never silence, and records it", () => {
    const { last } = play(["hôm nay trời đẹp quá"]);
    expect(last.replies[0]?.text).toBe(
      `${TEXT.noAnswer}\n\n${TEXT.menuIntro}\n${CHECKLISTS.map((c, i) => `${i + 1}. ${c.title}`).join("\n")}`,
    );
    expect(titles(last)).toContain(CHECKLISTS[0]?.title);
    expect(titles(last)).toContain(BUTTON.help);
    expect(last.effects).toEqual([
      { type: "record-unanswered", text: "hôm nay trời đẹp quá", bestGuess: null, confidence: 0 },
    ]);
  });

  it("starts a checklist by its number", () => {
    const { effects } = play(["2"]);
    expect(ofType(effects, "start-checklist")).toEqual([
      { type: "start-checklist", checklistId: "chip-id", version: 1, stepId: "start" },
    ]);
  });
});

describe("understanding what people type", () => {
  it("lands 'kich hoat dinh danh muc 2' (no diacritics) on the VNeID level-2 activation step", () => {
    const { last, state } = play(["kich hoat dinh danh muc 2"]);
    expect(last.effects).toContainEqual({
      type: "start-checklist",
      checklistId: "vneid",
      version: 1,
      stepId: "l2-activate",
    });
    expect(state.active).toEqual({ checklistId: "vneid", version: 1, stepId: "l2-activate" });
    expect(last.replies[0]?.text).toContain("mã kích hoạt");
    expect(titles(last)).toEqual([BUTTON.done, BUTTON.stuck, BUTTON.help]);
  });

  it.each([
    ["vneid", "vneid"],
    ["Định danh điện tử", "vneid"],
    ["lam cccd gan chip", "chip-id"],
    ["dvc", "public-services"],
    ["chuyen khoan the nao", "cashless"],
    ["lua dao qua mang", "online-safety"],
    ["ban hang online", "ecommerce"],
  ])("'%s' opens %s", (typed, checklistId) => {
    const { effects } = play([typed]);
    expect(ofType(effects, "start-checklist")[0]?.checklistId).toBe(checklistId);
  });

  // Issue 9 changed this one: "bị lừa đảo" used to open the online-safety checklist; with a knowledge-base entry
  // about being scammed, the resident now gets that answer first (and the guide is a button away).
  it("answers 'bi lua dao' with the scam entry rather than the start of a checklist", () => {
    const { last } = play(["bi lua dao"]);
    expect(last.replies[0]?.text).toBe(FIXTURE_KNOWLEDGE.find((e) => e.id === "safety.scammed-get-money-back")?.answer);
  });

  it("does not let a keyword hijack a checklist waiting for an answer, and says how to switch", () => {
    const { last, state } = play(["vneid", "Chưa có tài khoản", "chuyển khoản thế nào"]);
    expect(state.active?.stepId).toBe("l1-install");
    expect(ofType(last.effects, "start-checklist")).toEqual([]);
    expect(last.replies[0]?.text).toContain("menu");
    expect(last.replies[0]?.text).toContain("Thanh toán không tiền mặt");
  });

  it("lets a global command through at any step", () => {
    const { last, state } = play(["vneid", "Chưa có tài khoản", "menu"]);
    expect(state.active).toBeNull();
    expect(titles(last)).toContain(BUTTON.resume);
  });
});

describe("walking a checklist", () => {
  it("goes through VNeID level 1 with buttons and records progress and funnel events", () => {
    const { effects, state, last } = play([
      "vneid",
      "Chưa có tài khoản",
      BUTTON.done,
      BUTTON.done,
      "xong rồi",
      "ok",
      "Để sau",
    ]);
    expect(ofType(effects, "advance-step").map((e) => e.stepId)).toEqual([
      "l1-install",
      "l1-register",
      "l1-otp",
      "l1-password",
      "l1-next",
    ]);
    expect(ofType(effects, "complete-checklist")).toEqual([
      { type: "complete-checklist", checklistId: "vneid", version: 1, stepId: "done-l1" },
    ]);
    expect(
      ofType(effects, "record-step-event")
        .filter((e) => e.kind === "DONE")
        .map((e) => e.stepId),
    ).toEqual(["l1-install", "l1-register", "l1-otp", "l1-password"]);
    expect(state.active).toBeNull();
    expect(state.progress.vneid).toMatchObject({ done: true, stepId: "done-l1" });
    expect(titles(last)).toEqual(["Thẻ căn cước gắn chip", "An toàn trên mạng, chống lừa đảo", BUTTON.menu]);
  });

  it("takes the stuck branch, then continues after 'đã được rồi'", () => {
    const { turns, state, effects } = play(["vneid", "Chưa có tài khoản", "ko dc"]);
    expect(state.active?.stepId).toBe("l1-install-help");
    expect(ofType(effects, "record-step-event")).toContainEqual({
      type: "record-step-event",
      checklistId: "vneid",
      stepId: "l1-install",
      kind: "STUCK",
    });
    expect(titles(turns[2] as TurnResult)).toEqual([BUTTON.resolved, BUTTON.retry, BUTTON.help]);
    const after = play([BUTTON.resolved], state);
    expect(after.state.active?.stepId).toBe("l1-register");
    const retry = play([BUTTON.retry], state);
    expect(retry.state.active?.stepId).toBe("l1-install");
  });

  it("reads 'chưa xong' as stuck, not done", () => {
    const { state } = play(["vneid", "Chưa có tài khoản", "chưa xong"]);
    expect(state.active?.stepId).toBe("l1-install-help");
  });

  it("offers retry, skip and help on a step without a troubleshooting branch", () => {
    const { last, state } = play(["vneid", "Chưa có tài khoản", "xong", "gặp khó khăn"]);
    expect(state.active?.stepId).toBe("l1-register");
    expect(titles(last)).toEqual([BUTTON.retry, BUTTON.skip, BUTTON.help]);
    expect(play([BUTTON.skip], state).state.active?.stepId).toBe("l1-otp");
  });

  it("re-asks a question it did not understand, with its buttons", () => {
    const { last, state } = play(["vneid", "hmm"]);
    expect(state.active?.stepId).toBe("start");
    expect(last.replies[0]?.text).toContain("chưa hiểu");
    expect(titles(last)).toContain("Chưa có tài khoản");
  });

  it("resumes the last unfinished checklist with 'tiếp tục' days later", () => {
    const first = play(["vneid", "Chưa có tài khoản", "xong", "menu"]);
    const later = play(["tiep tuc"], first.state, context({ now: new Date("2026-12-03T01:00:00Z") }));
    expect(later.state.active?.stepId).toBe("l1-register");
    expect(later.last.replies[0]?.text).toContain("tiếp tục hướng dẫn «Định danh điện tử VNeID»");
  });

  it("resumes rather than restarts when the menu button of an unfinished checklist is tapped", () => {
    const first = play(["vneid", "Chưa có tài khoản", "xong", "menu"]);
    const again = play(["Định danh điện tử VNeID"], first.state);
    expect(again.state.active?.stepId).toBe("l1-register");
    expect(ofType(again.effects, "start-checklist")).toEqual([]);
  });

  it("restarts the active checklist with 'bắt đầu lại'", () => {
    const { state, last } = play(["vneid", "Chưa có tài khoản", "xong", "bat dau lai"]);
    expect(state.active?.stepId).toBe("start");
    expect(last.effects).toContainEqual({ type: "start-checklist", checklistId: "vneid", version: 1, stepId: "start" });
  });

  it("restarts safely when a saved step vanished in a new checklist version", () => {
    const { state } = play(["vneid", "Chưa có tài khoản", "menu"]);
    const changed: Checklist[] = CHECKLISTS.map((c) =>
      c.id === "vneid" ? { ...c, version: 2, steps: c.steps.filter((s) => s.id !== "l1-install") } : c,
    );
    const later = play(["tiếp tục"], state, context({ checklists: changed }));
    expect(later.last.effects).toContainEqual({
      type: "start-checklist",
      checklistId: "vneid",
      version: 2,
      stepId: "start",
    });
  });

  it("shows an admin's text override instead of the file's", () => {
    const overrides = new Map([["vneid/l2-activate", "Văn bản đã sửa bởi quản trị."]]);
    const { last } = play(["kich hoat muc 2"], initialConversationState(), context({ overrides }));
    expect(last.replies[0]?.text).toContain("Văn bản đã sửa bởi quản trị.");
  });
});

describe("help from a volunteer", () => {
  it("asks the commune, then the time, then opens the help request for that unit", () => {
    const { turns, effects, state } = play(["vneid", "Chưa có tài khoản", BUTTON.help, "hoang dao", "Chiều nay"]);
    const askUnit = turns[2] as TurnResult;
    expect(askUnit.replies[0]?.text).toContain("xã/phường nào");
    expect(titles(askUnit)).toEqual(["Thị trấn Bút Sơn", "Xã Hoằng Đạo", "Xã Hoằng Đông", BUTTON.more]);
    expect(titles(turns[3] as TurnResult)).toEqual(["Sáng nay", "Chiều nay", "Tối nay", "Ngày mai"]);
    expect(ofType(effects, "set-unit")).toEqual([{ type: "set-unit", unitCode: "HOANG_DAO" }]);
    expect(ofType(effects, "open-help-request")).toEqual([
      {
        type: "open-help-request",
        unitCode: "HOANG_DAO",
        preferredTime: "Chiều nay",
        topic: "Định danh điện tử VNeID – Cài ứng dụng VNeID",
      },
    ]);
    expect(ofType(effects, "record-step-event")).toContainEqual({
      type: "record-step-event",
      checklistId: "vneid",
      stepId: "l1-install",
      kind: "HELP",
    });
    expect((turns[4] as TurnResult).replies[0]?.text).toContain("Xã Hoằng Đạo");
    // Then the phone number and the hamlet are asked (resident-profile.test.ts); both may be skipped.
    expect(state.pending).toEqual({ kind: "help-phone", unitCode: "HOANG_DAO" });
    const after = play(["Bỏ qua", "Bỏ qua"], state).state;
    expect(after.pending).toBeNull();
    expect(after.active?.stepId).toBe("l1-install");
    expect(play(["xong"], after).state.active?.stepId).toBe("l1-register");
  });

  it("pages the units with 'Xem thêm'", () => {
    const { last } = play([BUTTON.help, BUTTON.more]);
    expect(titles(last)).toEqual(["Xã Hoằng Đồng", "Xã Hoằng Giang", "Xã Hoằng Hà", BUTTON.more]);
  });

  it("asks which commune when two names fold alike, and tells them apart by their marks", () => {
    const ambiguous = play([BUTTON.help, "hoang dong"]);
    expect(titles(ambiguous.last)).toEqual(["Xã Hoằng Đông", "Xã Hoằng Đồng"]);
    const exact = play(["Xã Hoằng Đồng"], ambiguous.state);
    expect(exact.effects).toContainEqual({ type: "set-unit", unitCode: "HOANG_DONG_2" });
  });

  it("keeps asking, kindly, for a commune it cannot find, and accepts a typed time", () => {
    const { turns, effects } = play([BUTTON.help, "xã không tồn tại", "Hoằng Giang", "8 giờ sáng thứ bảy"]);
    expect((turns[1] as TurnResult).replies[0]?.text).toContain("chưa tìm thấy");
    expect(ofType(effects, "open-help-request")[0]).toMatchObject({
      unitCode: "HOANG_GIANG",
      preferredTime: "8 giờ sáng thứ bảy",
      topic: TEXT.topicGeneral,
    });
  });

  it("never echoes a secret the webhook did not mask, nor hands it to a volunteer as the preferred time", () => {
    // An event stored before the guard knew this form arrives unmasked (maskedSensitive false).
    const { turns, effects } = play([BUTTON.help, "xã 038123456789", "Hoằng Giang", "chiều mai, mk là Hoa@1990"]);
    const echo = (turns[1] as TurnResult).replies.map((r) => r.text).join(" ");
    expect(echo).toContain("chưa tìm thấy");
    expect(echo).not.toContain("038123456789");
    const [opened] = ofType(effects, "open-help-request");
    expect(opened?.preferredTime).toContain("chiều mai");
    expect(opened?.preferredTime).not.toContain("Hoa@1990");
    const confirmation = (turns[3] as TurnResult).replies.map((r) => r.text).join(" ");
    expect(confirmation).not.toContain("Hoa@1990");
  });

  it("answers a new question asked instead of the commune, and the volunteer is one tap away", () => {
    const { last, state, effects } = play([BUTTON.help, "quên mật khẩu ngân hàng BIDV thì làm sao"]);
    expect(last.replies[0]?.text).toBe(TEXT.helpPausedForQuestion);
    expect(last.replies[1]?.text).toBe(FIXTURE_KNOWLEDGE[3]?.answer);
    expect(titles(last)).toContain(BUTTON.help);
    expect(last.replies.map((r) => r.text).join(" ")).not.toContain("chưa tìm thấy");
    expect(state.pending).toMatchObject({ kind: "help-unit", afterQuestion: true });
    expect(ofType(effects, "set-unit")).toEqual([]);
    // Tapping the button takes the request up again where it was.
    const again = play([BUTTON.help, "Xã Hoằng Đạo", "Chiều nay"], state);
    expect(ofType(again.effects, "open-help-request")[0]).toMatchObject({ unitCode: "HOANG_DAO" });
  });

  it("after the question in between, a commune typed next still carries the request on", () => {
    const { state } = play([BUTTON.help, "quên mật khẩu ngân hàng BIDV thì làm sao"]);
    const next = play(["hoằng giang", "Chiều nay"], state);
    expect(ofType(next.effects, "open-help-request")[0]).toMatchObject({ unitCode: "HOANG_GIANG" });
  });

  it("after the question in between, anything but a commune is read as usual and ends the wait", () => {
    const { state } = play([BUTTON.help, "quên mật khẩu ngân hàng BIDV thì làm sao"]);
    const done = play([BUTTON.done], state);
    expect(done.last.replies[0]?.text).toBe(TEXT.answerDone);
    expect(done.state.pending).toBeNull();
    const other = play(["hôm nay trời đẹp quá"], state);
    expect(other.last.replies[0]?.text).toContain(TEXT.noAnswer);
    expect(other.state.pending).toBeNull();
  });

  it("inside a step, a question asked instead of the commune gets its answer and a way back to the step", () => {
    const { last, state } = play(["vneid", "Chưa có tài khoản", BUTTON.help, "quên mật khẩu vneid thì làm sao"]);
    expect(last.replies[1]?.text).toContain(FIXTURE_KNOWLEDGE[0]?.answer);
    expect(titles(last)[0]).toBe("Tiếp tục bước «Cài ứng dụng VNeID»");
    expect(state.active?.stepId).toBe("l1-install");
  });

  it("still reads a short or misspelt name as a commune, and a question it cannot answer as one it did not find", () => {
    expect(play([BUTTON.help, "hoang dau"]).last.replies[0]?.text).toContain("chưa tìm thấy");
    const unknown = play([BUTTON.help, "xã không tồn tại ở đây"]);
    expect(unknown.last.replies[0]?.text).toContain("chưa tìm thấy");
    expect(unknown.state.pending).toMatchObject({ kind: "help-unit" });
  });

  it("answers a question asked instead of the time, and never files it as the preferred time", () => {
    const { last, state, effects } = play([BUTTON.help, "Hoằng Giang", "quên mật khẩu ngân hàng BIDV thì làm sao"]);
    expect(ofType(effects, "open-help-request")).toEqual([]);
    expect(last.replies[0]?.text).toBe(TEXT.helpPausedForQuestion);
    expect(last.replies[1]?.text).toBe(FIXTURE_KNOWLEDGE[3]?.answer);
    expect(state.pending).toMatchObject({ kind: "help-time", unitCode: "HOANG_GIANG", afterQuestion: true });
    // Then a time button carries the request on; a typed text is read as usual.
    expect(ofType(play(["Chiều nay"], state).effects, "open-help-request")[0]).toMatchObject({
      preferredTime: "Chiều nay",
    });
    expect(ofType(play(["cảm ơn cháu"], state).effects, "open-help-request")).toEqual([]);
    // A time stays a time, however it is typed.
    for (const time of ["chiều mai", "8 giờ sáng thứ bảy", "Ngày mai", "tối nay sau 7 giờ con tôi ở nhà"]) {
      const timed = play([BUTTON.help, "Hoằng Giang", time]);
      expect(ofType(timed.effects, "open-help-request")[0]?.preferredTime, time).toBe(time);
    }
  });

  it("lets the resident cancel the help flow", () => {
    const { state, effects } = play([BUTTON.help, "hủy"]);
    expect(state.pending).toBeNull();
    expect(ofType(effects, "open-help-request")).toEqual([]);
  });

  it("offers only the times still ahead today", () => {
    expect(timeOptions(new Date("2026-11-30T12:00:00Z"))).toEqual(["Tối nay", "Ngày mai"]);
    expect(timeOptions(new Date("2026-11-30T15:00:00Z"))).toEqual(["Ngày mai"]);
  });
});

describe("privacy and commands", () => {
  it("warns kindly after a masked message, then carries on", () => {
    const { last } = play([text("toi muon lam vneid, so cua toi la [số định danh đã ẩn]", true)]);
    expect(last.replies[0]?.text).toBe(TEXT.privacyWarning);
    expect(last.effects).toContainEqual({ type: "start-checklist", checklistId: "vneid", version: 1, stepId: "start" });
  });

  it("only warns when the message just hands over the value, and still answers what is asked beside it", () => {
    for (const handed of [
      "số cccd của chị là [số định danh đã ẩn] nhé",
      "mã otp là [mã đã ẩn]",
      "cccd [số định danh đã ẩn], otp [mã đã ẩn] ạ",
    ]) {
      const { last } = play([text(handed, true)]);
      expect(
        last.replies.map((r) => r.text),
        handed,
      ).toEqual([TEXT.privacyWarning]);
      expect(ofType(last.effects, "record-unanswered"), handed).toEqual([]);
    }
    const asked = play([text("mã otp là [mã đã ẩn] mà quên mật khẩu vneid thì làm sao", true)]).last;
    expect(asked.replies[0]?.text).toBe(TEXT.privacyWarning);
    expect(asked.replies).toHaveLength(2);
  });

  it("keeps the step buttons when a masked message carried nothing else", () => {
    const { last, state } = play(["vneid", "Chưa có tài khoản", text("[mã đã ẩn]", true)]);
    expect(last.replies).toHaveLength(1);
    expect(titles(last)).toContain(BUTTON.done);
    expect(state.active?.stepId).toBe("l1-install");
  });

  it("deletes data only after confirmation", () => {
    const asked = play(["vneid", "xóa dữ liệu của tôi"]);
    expect(asked.last.effects).toEqual([]);
    expect(titles(asked.last)).toEqual([BUTTON.confirmDelete, BUTTON.keepData]);
    const confirmed = play([BUTTON.confirmDelete], asked.state);
    expect(confirmed.last.effects).toEqual([{ type: "request-data-deletion" }]);
    expect(confirmed.state.progress).toEqual({});
    const kept = play([BUTTON.keepData], asked.state);
    expect(kept.last.effects).toEqual([]);
    expect(kept.last.replies[0]?.text).toBe(TEXT.deleteCancelled);
  });

  it("turns reminders off and on", () => {
    expect(play(["dừng nhắc"]).last.effects).toEqual([{ type: "set-reminders", optOut: true }]);
    expect(play(["nhac lai"]).last.effects).toEqual([{ type: "set-reminders", optOut: false }]);
  });

  it("answers stickers, images, voice and locations honestly, keeping the step's buttons", () => {
    const { state } = play(["vneid", "Chưa có tài khoản"]);
    const sticker = play([{ kind: "attachment", userId: USER, attachment: "sticker", at: NOW }], state);
    expect(sticker.last.replies[0]?.text).toContain("Cảm ơn");
    expect(titles(sticker.last)).toContain(BUTTON.done);
    const voice = play([{ kind: "attachment", userId: USER, attachment: "audio", at: NOW }]);
    expect(voice.last.replies[0]?.text).toContain("thoại");
    const image = play([{ kind: "attachment", userId: USER, attachment: "image", at: NOW }]);
    expect(image.last.replies[0]?.text).toContain("ảnh thẻ căn cước");
    const location = play([{ kind: "location", userId: USER, latitude: 19.85, longitude: 105.87, at: NOW }]);
    expect(location.last.replies[0]?.text).toContain("chưa tra được");
    expect(titles(location.last)).toContain(BUTTON.help);
  });
});

describe("every step of every checklist", () => {
  it("renders within Zalo's limits", () => {
    for (const checklist of CHECKLISTS) {
      for (const step of checklist.steps) {
        const message = renderStep(checklist, step, { overrides: new Map(), checklists: CHECKLISTS }, checklist.intro);
        expect(message.text.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
        expect(message.buttons?.length ?? 0).toBeLessThanOrEqual(MAX_BUTTONS_PER_MESSAGE);
        for (const button of message.buttons ?? []) expect(button.title.length).toBeLessThanOrEqual(35);
      }
    }
  });

  it("can be finished by tapping the first button each time", () => {
    for (const checklist of CHECKLISTS) {
      let { state } = play([checklist.title]);
      for (let i = 0; i < 30 && state.active; i++) {
        const step = checklist.steps.find((s) => s.id === state.active?.stepId);
        const button =
          step?.kind === "question"
            ? step.choices[0]?.label
            : step?.kind === "troubleshoot"
              ? BUTTON.resolved
              : BUTTON.done;
        state = play([button ?? BUTTON.done], state).state;
      }
      expect(state.progress[checklist.id]?.done, checklist.id).toBe(true);
    }
  });
});

describe("rating a completed help request", () => {
  it("turns a rating tap into a rate effect and thanks, even in the middle of a checklist", () => {
    const started = play(["1"]);
    const { last } = play(["danh gia clx2abc 4"], started.state);
    expect(ofType(last.effects, "rate-help-request")).toEqual([
      { type: "rate-help-request", helpRequestId: "clx2abc", score: 4 },
    ]);
    expect(last.replies[0]?.text).toBe(TEXT.ratingThanks);
    expect(last.state.active).toEqual(started.state.active);
  });

  it("does not read ordinary text about ratings as a rating", () => {
    const { effects } = play(["danh gia the nao"]);
    expect(ofType(effects, "rate-help-request")).toEqual([]);
  });
});

describe("answering questions (the dialogue policy)", () => {
  const answerOf = (id: string) => FIXTURE_KNOWLEDGE.find((e) => e.id === id)?.answer ?? "";

  it("answers a confident question with the entry's answer and the buttons to go on", () => {
    const { last, state } = play(["Quên mật khẩu VNeID thì làm sao?"]);
    expect(last.replies).toHaveLength(1);
    expect(last.replies[0]?.text).toBe(answerOf("vneid.forgot-password"));
    expect(titles(last)).toEqual([BUTTON.done, BUTTON.stillNotWorking, BUTTON.help, BUTTON.followSteps]);
    expect(state.answered).toEqual({ entryId: "vneid.forgot-password" });
    expect(ofType(last.effects, "record-unanswered")).toEqual([]);
  });

  it("follows the answer's checklist step with 'Làm theo từng bước'", () => {
    const { last, state } = play(["quen mk vneid", BUTTON.followSteps]);
    expect(state.active).toMatchObject({ checklistId: "vneid", stepId: "l1-password" });
    expect(ofType(last.effects, "start-checklist")).toEqual([
      { type: "start-checklist", checklistId: "vneid", version: 1, stepId: "l1-password" },
    ]);
  });

  it("offers a volunteer and the related guide after 'Vẫn chưa được'", () => {
    const { last } = play(["quen mk vneid", BUTTON.stillNotWorking]);
    expect(last.replies[0]?.text).toBe(TEXT.answerNotHelped);
    expect(titles(last)).toEqual([BUTTON.help, BUTTON.followSteps, BUTTON.menu]);
    const next = play([BUTTON.help], play(["quen mk vneid", BUTTON.stillNotWorking]).state);
    expect(next.state.pending).toMatchObject({ kind: "help-unit" });
  });

  it("acknowledges «xong» or «ok» with nothing waiting for it, and records no question", () => {
    for (const reply of ["xong", "ok", "Xong rồi"]) {
      const { last } = play([reply]);
      expect(last.replies[0]?.text, reply).toBe(TEXT.answerDone);
      expect(ofType(last.effects, "record-unanswered"), reply).toEqual([]);
    }
  });

  it("leaves «khi nào có ngày hội» to the job, which lists the registration days open for the resident", () => {
    for (const asked of ["khi nào có ngày hội hỗ trợ làm định danh ở xã", "lich ho tro o xa minh"]) {
      const { last } = play([asked]);
      expect(last.effects, asked).toEqual([{ type: "show-events" }]);
      expect(last.replies, asked).toEqual([]);
    }
    expect(ofType(play(["quên mật khẩu vneid"]).last.effects, "show-events")).toEqual([]);
    // A question the knowledge base answers for sure keeps its answer.
    expect(ofType(play(["Quên mật khẩu VNeID thì làm sao? lịch hỗ trợ"]).last.effects, "show-events")).toEqual([]);
  });

  it("leaves «có cuộc thi gì không» to the job, which lists the open quizzes", () => {
    for (const asked of ["có cuộc thi gì không", "Hội thi ở đâu", "hoi thi tim hieu o dau", "quiz"]) {
      expect(play([asked]).last.effects, asked).toEqual([{ type: "show-quizzes" }]);
    }
    // Folded, "cuộc thi" and "hội thi" are everyday words: «căn cước thì», «hỏi thì».
    for (const other of [
      "mất thẻ căn cước thì làm sao",
      "mat the can cuoc thi lam sao",
      "cho hỏi thì làm căn cước ở đâu",
    ]) {
      expect(ofType(play([other]).last.effects, "show-quizzes"), other).toEqual([]);
    }
  });

  it("goes on with the guide left unfinished on «tiếp» at the menu", () => {
    const left = play(["vneid", "Chưa có tài khoản", "menu"]).state;
    expect(left.active).toBeNull();
    const { state } = play(["tiếp"], left);
    expect(state.active).toMatchObject({ checklistId: "vneid", stepId: "l1-install" });
  });

  it("reads a yes-or-no question after an answer as a question, not as «Xong» for its «có»", () => {
    const { last } = play(["quen mk vneid", "có sao không"]);
    expect(last.replies[0]?.text).not.toBe(TEXT.answerDone);
    expect(play(["quen mk vneid", "có ạ"]).last.replies[0]?.text).toBe(TEXT.answerDone);
  });

  it("thanks after 'Xong'", () => {
    const { last, state } = play(["quen mk vneid", BUTTON.done]);
    expect(last.replies[0]?.text).toBe(TEXT.answerDone);
    expect(state.answered).toBeNull();
  });

  it("asks 'A hay B?' on a close call, and the next message picks", () => {
    const ambiguous: KnowledgeEntry[] = [
      // Answers without the message's words: the close-call rerank also reads answers, and would decide otherwise.
      {
        ...(FIXTURE_KNOWLEDGE[0] as KnowledgeEntry),
        id: "x.a",
        title: "Quên mật khẩu VNeID",
        step: undefined,
        answer: "A",
      },
      {
        ...(FIXTURE_KNOWLEDGE[0] as KnowledgeEntry),
        id: "x.b",
        title: "Đổi mật khẩu VNeID",
        step: undefined,
        answer: "B",
      },
    ];
    const ctx = context({ knowledge: ambiguous, checklists: [] });
    const asked = play(["quen mat khau vneid"], initialConversationState(), ctx);
    expect(asked.last.replies[0]?.text).toBe(
      fill(TEXT.askWhich, { a: "Quên mật khẩu VNeID", b: "Đổi mật khẩu VNeID" }),
    );
    expect(titles(asked.last).slice(0, 2)).toEqual(["Quên mật khẩu VNeID", "Đổi mật khẩu VNeID"]);
    expect(ofType(asked.last.effects, "record-unanswered")).toHaveLength(1);
    const picked = play(["Đổi mật khẩu VNeID"], asked.state, ctx);
    expect(picked.last.replies[0]?.text).toBe("B");
    expect(picked.state.pending).toBeNull();
  });

  it("offers a volunteer at once to someone who cannot do it alone, whatever else they ask", () => {
    const { last, state } = play(["bà già rồi, có ai đến nhà hướng dẫn bà làm vneid không"]);
    expect(last.replies[0]?.text).toContain(TEXT.personLead);
    expect(state.pending).toMatchObject({ kind: "help-unit" });
  });

  it("names what they asked about in the help request", () => {
    const { effects } = play(["nhờ ai đến nhà giúp, tôi quên mật khẩu vneid", "Xã Hoằng Đạo", "Chiều nay"]);
    expect(ofType(effects, "open-help-request")[0]?.topic).toBe("Quên mật khẩu VNeID");
  });

  it("names the answer just given when the volunteer is asked for right after it, by button or in words", () => {
    const asked = ["quên mật khẩu vneid thì làm sao"];
    for (const ask of [BUTTON.help, "có ai đến nhà giúp bà không"]) {
      const { effects } = play([...asked, ask, "Xã Hoằng Đạo", "Chiều nay"]);
      expect(ofType(effects, "open-help-request")[0]?.topic, ask).toBe("Quên mật khẩu VNeID");
    }
    // Also after "Vẫn chưa được", which keeps the answer in mind.
    const { effects } = play([...asked, BUTTON.stillNotWorking, BUTTON.help, "Xã Hoằng Đạo", "Chiều nay"]);
    expect(ofType(effects, "open-help-request")[0]?.topic).toBe("Quên mật khẩu VNeID");
    // Only the message just before: a later, unrelated turn forgets it.
    const later = play([...asked, "menu", BUTTON.help, "Xã Hoằng Đạo", "Chiều nay"]);
    expect(ofType(later.effects, "open-help-request")[0]?.topic).toBe(TEXT.topicGeneral);
  });
});

describe("questions inside a step", () => {
  const inStep = ["vneid", "Chưa có tài khoản"]; // waiting at "Cài ứng dụng VNeID"

  it("answers a question inside a step, with a way back to the step", () => {
    const { last, state } = play([...inStep, "quên mật khẩu vneid thì làm sao"]);
    expect(last.replies[0]?.text).toContain(FIXTURE_KNOWLEDGE[0]?.answer);
    expect(titles(last)[0]).toBe("Tiếp tục bước «Cài ứng dụng VNeID»");
    expect(state.active?.stepId).toBe("l1-install");
    const back = play([titles(last)[0] as string], state);
    expect(back.last.replies[0]?.text).toContain(
      fill(TEXT.resumed, { title: "Định danh điện tử VNeID", step: "Cài ứng dụng VNeID" }),
    );
    expect(back.state.active?.stepId).toBe("l1-install");
  });

  it("keeps back-to-step buttons within 35 characters", () => {
    const { last } = play(["vneid", "quên mật khẩu vneid thì làm sao"]); // at "Đã có tài khoản VNeID chưa"
    expect(titles(last)[0]).toBe(BUTTON.backToStepShort);
    expect(titles(last).every((t) => t.length <= 35)).toBe(true);
  });

  it("still reads short step answers as answers, and long stories with 'lỗi' as questions", () => {
    expect(play([...inStep, "bị lỗi"]).state.active?.stepId).toBe("l1-install-help");
    const long = play([...inStep, "con cài xong rồi nhưng giờ mã otp không về, nhận không được mã xác thực, lỗi hoài"]);
    expect(long.last.replies[0]?.text).toContain(FIXTURE_KNOWLEDGE[1]?.answer);
  });

  describe("a short message naming another problem, against a reply to the step", () => {
    const otp = FIXTURE_KNOWLEDGE[1] as KnowledgeEntry;
    /** The same text, understood two ways: the engine decides by what understanding returns, not by the words. */
    const turnWith = (contentBeyondStepReply: number) => {
      const { state } = play(inStep);
      const candidate = {
        kind: "entry" as const,
        entryId: otp.id,
        topic: otp.topic,
        title: otp.title,
        checklistId: "vneid",
        confidence: 0.63,
      };
      const inbound: InboundMessage = {
        kind: "text",
        userId: USER,
        text: "quet mat hoai khong duoc",
        at: NOW,
        maskedSensitive: false,
        understanding: { candidates: [candidate], wantsPerson: false, contentBeyondStepReply },
      };
      return runConversationTurn(state, inbound, context());
    };

    it("answers it when the words beyond «không được» name a place on their own", () => {
      const result = turnWith(0.6);
      expect(result.replies[0]?.text).toContain(otp.answer);
      expect(titles(result)[0]).toBe("Tiếp tục bước «Cài ứng dụng VNeID»");
      expect(result.state.active?.stepId).toBe("l1-install");
      expect(ofType(result.effects, "record-step-event")).toEqual([]);
    });

    it("takes it as the step's reply when they do not, however confident the whole message", () => {
      const result = turnWith(0.2);
      expect(result.state.active?.stepId).toBe("l1-install-help");
      expect(ofType(result.effects, "record-step-event")[0]).toMatchObject({ stepId: "l1-install", kind: "STUCK" });
    });

    it.each([
      "không được",
      "chưa được",
      "ko dc",
      "bị lỗi",
      "vẫn không được cháu ơi",
    ])("still reads «%s» as stuck", (reply) => {
      expect(play([...inStep, reply]).state.active?.stepId).toBe("l1-install-help");
    });

    it.each(["được rồi", "xong"])("still reads «%s» as done", (reply) => {
      expect(play([...inStep, reply]).state.active?.stepId).toBe("l1-register");
    });

    it("still takes a short choice of a question step, even one that names a place", () => {
      expect(play(["vneid", "chưa có tài khoản"]).state.active?.stepId).toBe("l1-install");
    });
  });

  it("offers a volunteer from inside a step", () => {
    const { state } = play([...inStep, "có ai đến nhà hướng dẫn bà không"]);
    expect(state.pending).toMatchObject({ kind: "help-unit", topic: "Định danh điện tử VNeID – Cài ứng dụng VNeID" });
  });

  it("answers a question about the guide the resident is in with its step again, not 'chưa hiểu'", () => {
    for (const question of ["vneid là gì vậy cháu", "cái vneid này dùng để làm gì"]) {
      const { last, state, effects } = play([...inStep, question]);
      expect(last.replies[0]?.text, question).toContain(
        fill(TEXT.sameGuideInStep, { title: "Định danh điện tử VNeID", step: "Cài ứng dụng VNeID" }),
      );
      expect(last.replies[0]?.text).not.toContain(fill(TEXT.notUnderstoodInStep, { step: "Cài ứng dụng VNeID" }));
      expect(titles(last)).toContain(BUTTON.done);
      expect(state.active?.stepId).toBe("l1-install");
      // Recorded for admins: the guide matched, but no answer of its own did.
      expect(ofType(effects, "record-unanswered").at(-1)?.text).toBe(question);
    }
  });

  it.each([
    ["ko nhan dc ma otp", 1],
    ["quen mk vneid r lam sao", 0],
    ["Tôi đã bị lừa đảo trực tuyến, làm cách nào để lấy lại tiền?", 4],
  ])("answers «%s» typed inside a step, with a way back", (question, entry) => {
    const { last, state } = play([...inStep, question]);
    expect(last.replies[0]?.text).toContain(FIXTURE_KNOWLEDGE[entry]?.answer);
    expect(titles(last)[0]).toBe("Tiếp tục bước «Cài ứng dụng VNeID»");
    expect(state.active?.stepId).toBe("l1-install");
  });

  it("says 'chưa hiểu' only when nothing matched at all", () => {
    const { last } = play([...inStep, "hôm nay trời đẹp quá"]);
    expect(last.replies[0]?.text).toBe(fill(TEXT.notUnderstoodInStep, { step: "Cài ứng dụng VNeID" }));
    expect(titles(last)).toContain(BUTTON.done);
  });
});
