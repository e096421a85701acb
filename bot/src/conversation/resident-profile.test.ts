import { CHECKLISTS } from "@xks/shared/checklists/index";
import { describe, expect, it } from "vitest";
import type { InboundMessage } from "../channel/messages.ts";
import { buildUnderstandingIndex } from "../understanding/build-understanding-index.ts";
import { FIXTURE_KNOWLEDGE } from "../understanding/fixtures/fixture-knowledge.ts";
import { understand } from "../understanding/understand.ts";
import { type ConversationState, initialConversationState } from "./conversation-state.ts";
import type { Effect } from "./effects.ts";
import { PROFILE_BUTTON, PROFILE_TEXT } from "./profile-texts.ts";
import { recogniseCommand } from "./recognise-command.ts";
import { type ConversationContext, runConversationTurn, type TurnResult } from "./run-conversation-turn.ts";
import { BUTTON } from "./texts.ts";
import type { ResidentProfile } from "./turn.ts";

/**
 * The resident's profile in the conversation: the commune asked once (after the first finished step, or by the
 * help flow), used again without asking, changed with "đổi xã"; the phone number and hamlet asked only for a help
 * request, with consent, through the consent card or typed.
 */

const USER = "2468000000000000003";
// 08:00 in Vietnam: four time choices are still ahead ("Sáng nay" … "Ngày mai").
const NOW = new Date("2026-11-30T01:00:00Z");
// 17:00 in Vietnam: "Tối nay" and "Ngày mai" only, so "Đổi xã" fits beside them.
const AFTERNOON = new Date("2026-11-30T10:00:00Z");
const UNITS = [
  { code: "BUT_SON", name: "Thị trấn Bút Sơn" },
  { code: "HOANG_DAO", name: "Xã Hoằng Đạo" },
  { code: "HOANG_GIANG", name: "Xã Hoằng Giang" },
  { code: "HOANG_HA", name: "Xã Hoằng Hà" },
  { code: "HOANG_TIEN", name: "Xã Hoằng Tiến", formerNames: ["Xã Hoằng Hải"] },
];
const INDEX = buildUnderstandingIndex({ knowledge: FIXTURE_KNOWLEDGE, checklists: CHECKLISTS });

function context(profile: ResidentProfile | undefined, now = NOW): ConversationContext {
  return {
    checklists: CHECKLISTS,
    overrides: new Map(),
    knowledge: FIXTURE_KNOWLEDGE,
    units: UNITS,
    now,
    ...(profile ? { profile } : {}),
  };
}

type Message = string | InboundMessage;

/** Plays turns as the inbound job does: the profile follows the effects (the job stores them on the resident). */
function play(
  messages: Message[],
  options: { profile?: ResidentProfile | null; now?: Date; state?: ConversationState } = {},
) {
  let profile: ResidentProfile | undefined =
    options.profile === null ? undefined : (options.profile ?? { unitCode: null, unitAskedAt: null });
  let state = options.state ?? initialConversationState();
  const turns: TurnResult[] = [];
  for (const message of messages) {
    const ctx = context(profile, options.now);
    const inbound: InboundMessage =
      typeof message === "string"
        ? {
            kind: "text",
            userId: USER,
            text: message,
            at: NOW,
            maskedSensitive: false,
            understanding: understand(INDEX, message, { activeStep: state.active }),
          }
        : message;
    const result = runConversationTurn(state, inbound, ctx);
    turns.push(result);
    state = result.state;
    if (profile) {
      for (const effect of result.effects) {
        if (effect.type === "mark-unit-asked" && profile.unitAskedAt === null)
          profile = { ...profile, unitAskedAt: NOW };
        if (effect.type === "set-unit") profile = { ...profile, unitCode: effect.unitCode };
      }
    }
  }
  const last = turns.at(-1) as TurnResult;
  return { state, turns, last, profile, effects: turns.flatMap((t) => t.effects) };
}

const texts = (result: TurnResult) => result.replies.map((r) => r.text).join("\n");
const titles = (result: TurnResult) => result.replies.flatMap((r) => (r.buttons ?? []).map((b) => b.title));
const ofType = <T extends Effect["type"]>(effects: Effect[], type: T) =>
  effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
const shared = (phone: string | null, address: string | null = null): InboundMessage => ({
  kind: "contact-shared",
  userId: USER,
  at: NOW,
  phone,
  address,
});

/** VNeID level 1: "Chưa có tài khoản" opens the install step; "Xong" finishes it (the first finished step). */
const FIRST_STEP_DONE = ["vneid", "Chưa có tài khoản", BUTTON.done];

describe("the commune, asked once after the first finished step", () => {
  it("asks after the step is shown, with a way to skip, and records that it asked", () => {
    const { last, state } = play(FIRST_STEP_DONE);
    expect(last.replies.at(-1)?.text).toBe(PROFILE_TEXT.askUnitAfterStep);
    expect(last.replies.at(-1)?.buttons?.map((b) => b.title)).toContain(PROFILE_BUTTON.skip);
    expect(last.replies.length).toBeGreaterThan(1);
    expect(ofType(last.effects, "mark-unit-asked")).toHaveLength(1);
    expect(state.pending).toEqual({ kind: "ask-unit", reason: "after-step", page: 0 });
  });

  it("keeps the typed commune and goes back to the step", () => {
    const { last, state, profile } = play([...FIRST_STEP_DONE, "hoang dao"]);
    expect(ofType(last.effects, "set-unit")).toEqual([{ type: "set-unit", unitCode: "HOANG_DAO" }]);
    expect(texts(last)).toContain("Cảm ơn bạn! Mình đã ghi nhận bạn ở Xã Hoằng Đạo");
    expect(state.pending).toBeNull();
    expect(state.active).not.toBeNull();
    expect(profile?.unitCode).toBe("HOANG_DAO");
  });

  it("understands an old merged commune's name as its successor", () => {
    const { last } = play([...FIRST_STEP_DONE, "xã hoằng hải"]);
    expect(ofType(last.effects, "set-unit")).toEqual([{ type: "set-unit", unitCode: "HOANG_TIEN" }]);
    // Said, so an older resident knows why another name comes back.
    expect(texts(last)).toContain("Xã Hoằng Hải nay thuộc Xã Hoằng Tiến.");
    expect(texts(play([...FIRST_STEP_DONE, "hoang tien"]).last)).not.toContain("nay thuộc");
  });

  it("says a former commune's successor in the help flow too", () => {
    const { turns } = play([BUTTON.help, "ba o hoang hai"]);
    expect(texts(turns[1] as TurnResult)).toContain("Xã Hoằng Hải nay thuộc Xã Hoằng Tiến.");
  });

  it("answers a commune that matches nothing with the closest ones, never a dead end", () => {
    const { last, state } = play([...FIRST_STEP_DONE, "hoang dau"]);
    expect(texts(last)).toContain("Mình chưa tìm thấy xã «hoang dau»");
    expect(titles(last)[0]).toBe("Xã Hoằng Đạo");
    expect(titles(last)).toContain(BUTTON.more);
    expect(titles(last)).toContain(PROFILE_BUTTON.skip);
    expect(state.pending?.kind).toBe("ask-unit");
  });

  it("lets the resident skip, and never asks again on its own", () => {
    const skipped = play([...FIRST_STEP_DONE, PROFILE_BUTTON.skip]);
    expect(texts(skipped.last)).toContain(PROFILE_TEXT.unitSkipped);
    expect(skipped.state.pending).toBeNull();
    expect(ofType(skipped.last.effects, "set-unit")).toEqual([]);
    // The next finished step does not ask again.
    const again = play(["Xong"], { profile: skipped.profile ?? null, state: skipped.state });
    expect(ofType(again.effects, "mark-unit-asked")).toEqual([]);
    expect(texts(again.last)).not.toContain(PROFILE_TEXT.askUnitAfterStep);
  });

  it("reads a step's answer as the step's, not as a misspelt commune", () => {
    const { last, state } = play([...FIRST_STEP_DONE, BUTTON.done]);
    expect(texts(last)).not.toContain("Mình chưa tìm thấy xã");
    expect(state.pending).toBeNull();
  });

  it("does not ask when the commune is known, or when the profile is unknown", () => {
    expect(texts(play(FIRST_STEP_DONE, { profile: { unitCode: "HOANG_HA", unitAskedAt: null } }).last)).not.toContain(
      PROFILE_TEXT.askUnitAfterStep,
    );
    expect(texts(play(FIRST_STEP_DONE, { profile: null }).last)).not.toContain(PROFILE_TEXT.askUnitAfterStep);
  });
});

describe("đổi xã", () => {
  it.each(["đổi xã", "doi xa", "đổi phường", "chuyển xã", "tôi muốn đổi xã"])("recognises «%s»", (typed) => {
    expect(recogniseCommand(typed)).toBe("change-unit");
  });

  it("changes the commune at any time, even while a step waits", () => {
    const { last, state, profile } = play(["vneid", "Chưa có tài khoản", "doi xa", "hoang giang"], {
      profile: { unitCode: "HOANG_DAO", unitAskedAt: NOW },
    });
    expect(texts(last)).toContain("Đã đổi xã của bạn thành Xã Hoằng Giang ✅");
    expect(profile?.unitCode).toBe("HOANG_GIANG");
    expect(state.active?.stepId).toBeDefined();
  });

  it("changes the commune of a help request being made", () => {
    const { effects } = play([BUTTON.help, PROFILE_BUTTON.changeUnit, "hoang ha", "Tối nay"], {
      profile: { unitCode: "HOANG_DAO", unitAskedAt: NOW },
      now: AFTERNOON,
    });
    expect(ofType(effects, "open-help-request")[0]).toMatchObject({ unitCode: "HOANG_HA", preferredTime: "Tối nay" });
  });
});

describe("a help request uses the stored commune", () => {
  it("asks only the time, with «Đổi xã» beside it", () => {
    const { turns, effects } = play([BUTTON.help, "Tối nay"], {
      profile: { unitCode: "HOANG_DAO", unitAskedAt: NOW },
      now: AFTERNOON,
    });
    expect(texts(turns[0] as TurnResult)).toContain("Đoàn viên Xã Hoằng Đạo có thể đến hỗ trợ bạn lúc nào?");
    expect(titles(turns[0] as TurnResult)).toEqual(["Tối nay", "Ngày mai", PROFILE_BUTTON.changeUnit]);
    expect(ofType(effects, "mark-unit-asked")).toEqual([]);
    expect(ofType(effects, "open-help-request")).toEqual([
      expect.objectContaining({ unitCode: "HOANG_DAO", preferredTime: "Tối nay" }),
    ]);
  });

  it("asks the commune first when it is not known, and records that it asked", () => {
    const { turns, effects } = play([BUTTON.help, "hoang dao", "Chiều nay"]);
    expect(texts(turns[0] as TurnResult)).toContain("Bạn ở xã/phường nào?");
    expect(ofType(effects, "mark-unit-asked")).toHaveLength(1);
    expect(ofType(effects, "open-help-request")[0]).toMatchObject({ unitCode: "HOANG_DAO" });
  });

  it("offers the closest communes when the typed one matches nothing", () => {
    const { last } = play([BUTTON.help, "hoang giag"]);
    expect(texts(last)).toContain("Mình chưa tìm thấy xã «hoang giag»");
    expect(titles(last)[0]).toBe("Xã Hoằng Giang");
  });
});

const OPEN_HELP = [BUTTON.help, "hoang dao", "Chiều nay"];

describe("the contact for a help request, with consent", () => {
  it("sends the consent card once the request is open, then asks the hamlet", () => {
    const { last, state } = play(OPEN_HELP);
    expect(last.replies[0]?.text).toContain("Đã gửi yêu cầu hỗ trợ đến đoàn viên Xã Hoằng Đạo ✅");
    const card = last.replies.find((r) => r.requestContact);
    expect(card?.requestContact?.title).toBe(PROFILE_TEXT.contactCardTitle);
    expect(card?.requestContact?.subtitle).toContain("Chỉ đoàn viên Xã Hoằng Đạo nhận hỗ trợ bạn");
    expect(card?.requestContact?.subtitle).toContain("30 ngày");
    expect(titles(last)).toEqual([PROFILE_BUTTON.skip]);
    expect(state.pending).toEqual({ kind: "help-phone", unitCode: "HOANG_DAO" });
  });

  it("keeps a phone shared through the card (Zalo's 84… form) and the shared address", () => {
    const { last, state } = play([...OPEN_HELP, shared("84912345678", "Thôn Trung, Xã Hoằng Đạo, Thanh Hóa")]);
    expect(ofType(last.effects, "set-help-contact")).toEqual([
      { type: "set-help-contact", phone: "0912345678", address: "Thôn Trung, Xã Hoằng Đạo, Thanh Hóa" },
    ]);
    expect(texts(last)).toContain("Đoàn viên sẽ gọi số 0912 xxx 678 trước khi đến");
    expect(texts(last)).not.toContain("0912345678");
    expect(state.pending).toEqual({ kind: "help-address", unitCode: "HOANG_DAO" });
  });

  it("keeps a typed phone, then the typed hamlet, and finishes", () => {
    const { turns, effects, state } = play([...OPEN_HELP, "số của bà là 0987 654 321", "Thôn 3, gần chợ"]);
    expect(ofType(effects, "set-help-contact")).toEqual([
      { type: "set-help-contact", phone: "0987654321" },
      { type: "set-help-contact", address: "Thôn 3, gần chợ" },
    ]);
    expect(texts(turns.at(-1) as TurnResult)).toContain(PROFILE_TEXT.contactDone);
    expect(state.pending).toBeNull();
  });

  it("reads an «ok» at the hamlet question as nothing to add, inside a guide too", () => {
    const { last, state } = play(["vneid", BUTTON.help, "hoang dao", "Chiều nay", PROFILE_BUTTON.skip, "ok"]);
    expect(ofType(last.effects, "set-help-contact")).toEqual([]);
    expect(texts(last)).toContain(PROFILE_TEXT.contactDone);
    expect(titles(last)).toContain(BUTTON.resume);
    expect(state.pending).toBeNull();
    expect(state.active).not.toBeNull();
  });

  it("reads a short «ok» at the hamlet question, with no step to go back to, as nothing to add", () => {
    for (const reply of ["ok", "vâng ạ", "xong", "dạ được cảm ơn cháu"]) {
      const { last, state } = play([...OPEN_HELP, PROFILE_BUTTON.skip, reply]);
      expect(ofType(last.effects, "set-help-contact")).toEqual([]);
      expect(texts(last)).toContain(PROFILE_TEXT.contactDone);
      expect(state.pending).toBeNull();
    }
  });

  it("refuses a number that is not a Vietnamese mobile number kindly, and lets them retry or skip", () => {
    const refused = play([...OPEN_HELP, "02373 852 123"]);
    expect(texts(refused.last)).toBe(PROFILE_TEXT.phoneInvalid);
    expect(titles(refused.last)).toEqual([PROFILE_BUTTON.skip]);
    expect(ofType(refused.last.effects, "set-help-contact")).toEqual([]);
    expect(refused.state.pending?.kind).toBe("help-phone");
    const retried = play(["0912345678"], { state: refused.state });
    expect(ofType(retried.effects, "set-help-contact")).toEqual([{ type: "set-help-contact", phone: "0912345678" }]);
    const skipped = play([PROFILE_BUTTON.skip, PROFILE_BUTTON.skip], { state: refused.state });
    expect(ofType(skipped.effects, "set-help-contact")).toEqual([]);
    expect(texts(skipped.last)).toContain(PROFILE_TEXT.contactDone);
  });

  it("refuses a shared number that is not a Vietnamese mobile number", () => {
    const { last, state } = play([...OPEN_HELP, shared("842373852123")]);
    expect(texts(last)).toBe(PROFILE_TEXT.phoneSharedInvalid);
    expect(ofType(last.effects, "set-help-contact")).toEqual([]);
    expect(state.pending?.kind).toBe("help-phone");
  });

  it("still warns about an OTP typed into the answer, and keeps only the phone", () => {
    const masked: InboundMessage = {
      kind: "text",
      userId: USER,
      text: "0912345678 [mã đã ẩn]",
      at: NOW,
      maskedSensitive: true,
    };
    const { last } = play([...OPEN_HELP, masked]);
    expect(texts(last)).toContain("⚠️ Để bảo vệ bạn");
    expect(ofType(last.effects, "set-help-contact")).toEqual([{ type: "set-help-contact", phone: "0912345678" }]);
  });

  it("never asks the phone outside a help request; a late share goes to the open request only", () => {
    const idle = play(["vneid"]);
    expect(idle.turns.flatMap((t) => t.replies).some((r) => r.requestContact)).toBe(false);
    const late = play([shared("84912345678")]);
    expect(texts(late.last)).toBe(PROFILE_TEXT.contactSharedLate);
  });
});
