import { CHECKLISTS } from "@xks/shared/checklists/index";
import { MAX_BUTTONS_PER_MESSAGE } from "@xks/shared/checklists/types";
import { describe, expect, it } from "vitest";
import { FIXTURE_KNOWLEDGE } from "../understanding/fixtures/fixture-knowledge.ts";
import { type ConversationState, initialConversationState } from "./conversation-state.ts";
import type { Effect } from "./effects.ts";
import { parseQuizAnswer, type QuizForTurn, scoreQuiz } from "./quiz-flow.ts";
import { type ConversationContext, runConversationTurn, type TurnResult } from "./run-conversation-turn.ts";

const USER = "2468000000000000077";
const NOW = new Date("2026-03-10T03:00:00Z");
const UNITS = [
  { code: "HOANG_DAO", name: "Xã Hoằng Đạo" },
  { code: "HOANG_CAT", name: "Xã Hoằng Cát" },
];

const QUESTIONS = [
  {
    text: "Đại hội Đoàn toàn quốc lần thứ XII họp năm nào?",
    choices: ["2017", "2022", "2024"],
    correctIndex: 1,
    explanation: "Đại hội XII họp tháng 12/2022.",
  },
  {
    text: "Tài khoản định danh mức 2 đăng ký ở đâu?",
    choices: ["Công an xã", "Bưu điện"],
    correctIndex: 0,
    explanation: null,
  },
  {
    text: "Có nên đưa mã OTP cho người gọi tự xưng công an?",
    choices: ["Có", "Không", "Tùy", "Hỏi người nhà"],
    correctIndex: 1,
    explanation: "Công an không bao giờ hỏi mã OTP.",
  },
];

function quiz(overrides: Partial<QuizForTurn> = {}): QuizForTurn {
  return {
    id: "quiz-1",
    title: "Tìm hiểu Nghị quyết Đại hội Đoàn",
    keyword: "THI DOAN",
    intro: "",
    opensAt: new Date("2026-03-01T01:00:00Z"),
    closesAt: new Date("2026-03-31T10:00:00Z"),
    opensAtText: "08:00 ngày 01/03/2026",
    closesAtText: "17:00 ngày 31/03/2026",
    questions: QUESTIONS,
    attempt: null,
    ...overrides,
  };
}

/**
 * Plays a conversation as the inbound job would: each turn sees the quiz with the attempt as the previous turns'
 * effects left it (start, answers, finish), so resuming and one-attempt are decided on stored data.
 */
function play(messages: string[], options: { state?: ConversationState; quiz?: QuizForTurn; now?: Date } = {}) {
  let state = options.state ?? { ...initialConversationState(), greeted: true, unitCode: "HOANG_DAO" };
  let current = options.quiz ?? quiz();
  const turns: TurnResult[] = [];
  for (const message of messages) {
    const ctx: ConversationContext = {
      checklists: CHECKLISTS,
      overrides: new Map(),
      knowledge: FIXTURE_KNOWLEDGE,
      units: UNITS,
      now: options.now ?? NOW,
      quizzes: [current],
    };
    const result = runConversationTurn(
      state,
      { kind: "text", userId: USER, text: message, at: NOW, maskedSensitive: false },
      ctx,
    );
    current = applyEffects(current, result.effects);
    state = result.state;
    turns.push(result);
  }
  return { turns, state, quiz: current, last: turns[turns.length - 1] as TurnResult };
}

function applyEffects(current: QuizForTurn, effects: Effect[]): QuizForTurn {
  let attempt = current.attempt;
  for (const effect of effects) {
    if (effect.type === "start-quiz") attempt ??= { answers: [], finishedAt: null, score: 0 };
    if (effect.type === "answer-quiz" && attempt && attempt.answers.length === effect.position) {
      attempt = { ...attempt, answers: [...attempt.answers, effect.choice] };
    }
    if (effect.type === "finish-quiz" && attempt) attempt = { ...attempt, finishedAt: NOW, score: effect.score };
  }
  return { ...current, attempt };
}

const texts = (turn: TurnResult) => turn.replies.map((r) => r.text).join("\n");
const buttons = (turn: TurnResult) => turn.replies.flatMap((r) => r.buttons ?? []).map((b) => b.title);
const payloads = (turn: TurnResult) =>
  turn.replies.flatMap((r) => r.buttons ?? []).flatMap((b) => (b.kind === "reply" ? [b.payload] : []));

describe("quiz flow", () => {
  it("starts by the keyword typed loosely and asks the first question with one button per choice", () => {
    for (const typed of ["THI DOAN", "thi đoàn", "#Thi Doan", "  thi   doàn "]) {
      const { last } = play([typed]);
      expect(texts(last)).toContain("Cuộc thi «Tìm hiểu Nghị quyết Đại hội Đoàn»");
      expect(texts(last)).toContain("Câu 1/3: Đại hội Đoàn toàn quốc lần thứ XII họp năm nào?");
      expect(buttons(last)).toEqual(["A. 2017", "B. 2022", "C. 2024"]);
      expect(last.effects).toContainEqual({ type: "start-quiz", quizId: "quiz-1" });
    }
  });

  it("never needs more buttons than a message carries", () => {
    const { last } = play(["thi doan", "B", "A"]);
    expect(last.replies.every((r) => (r.buttons?.length ?? 0) <= MAX_BUTTONS_PER_MESSAGE)).toBe(true);
    expect(buttons(last)).toHaveLength(4);
  });

  it("scores at the end and gives the explanations", () => {
    const { last, quiz: after, state } = play(["thi doan", "Câu 1: B. 2022", "b", "Câu 3: B. Không"]);
    expect(texts(last)).toContain("Kết quả: đúng 2/3 câu.");
    expect(texts(last)).toContain("Câu 1: B. 2022 – bạn trả lời đúng.");
    expect(texts(last)).toContain("Đại hội XII họp tháng 12/2022.");
    expect(texts(last)).toContain("Câu 2: đáp án đúng là A. Công an xã (bạn chọn B).");
    expect(texts(last)).toContain("Công an không bao giờ hỏi mã OTP.");
    expect(last.effects).toContainEqual({ type: "finish-quiz", quizId: "quiz-1", score: 2 });
    expect(after.attempt?.answers).toEqual([1, 1, 1]);
    expect(state.quiz).toBeNull();
  });

  it("an answer that is not a choice gets the buttons again, and records nothing", () => {
    const { turns } = play(["thi doan", "không biết nữa", "E", "5"]);
    for (const turn of turns.slice(1)) {
      expect(texts(turn)).toContain("Mình chưa nhận được đáp án");
      expect(buttons(turn)).toEqual(["A. 2017", "B. 2022", "C. 2024"]);
      expect(turn.effects.filter((e) => e.type === "answer-quiz")).toEqual([]);
    }
  });

  it("a late second tap on the previous question's button is not an answer to this one", () => {
    const { last, quiz: after } = play(["thi doan", "Câu 1: B. 2022", "Câu 1: B. 2022"]);
    expect(texts(last)).toContain("Câu 1 bạn đã trả lời rồi");
    expect(payloads(last)).toEqual(["Câu 2: A. Công an xã", "Câu 2: B. Bưu điện"]);
    expect(after.attempt?.answers).toEqual([1]);
  });

  it("pauses on «menu» and resumes at the same question when the keyword is sent again", () => {
    const first = play(["thi doan", "B", "menu"]);
    expect(first.state.quiz).toBeNull();
    expect(texts(first.last)).not.toContain("Câu 2/3");
    const again = play(["Thi Đoàn"], { state: first.state, quiz: first.quiz });
    expect(texts(again.last)).toContain("Mời bạn làm tiếp cuộc thi «Tìm hiểu Nghị quyết Đại hội Đoàn» (còn 2 câu).");
    expect(texts(again.last)).toContain("Câu 2/3");
    expect(again.last.effects.filter((e) => e.type === "start-quiz")).toEqual([]);
  });

  it("allows one attempt: the keyword after finishing gives the score, not the quiz again", () => {
    const done = play(["thi doan", "B", "A", "B"]);
    const again = play(["thi doan"], { state: done.state, quiz: done.quiz });
    expect(texts(again.last)).toContain(
      "Bạn đã làm cuộc thi «Tìm hiểu Nghị quyết Đại hội Đoàn» rồi (mỗi người 1 lần): đúng 3/3 câu.",
    );
    expect(again.last.effects).toEqual([]);
  });

  it("refuses before opening and after closing, saying when", () => {
    const early = play(["thi doan"], { now: new Date("2026-02-28T01:00:00Z") });
    expect(texts(early.last)).toBe(
      "Cuộc thi «Tìm hiểu Nghị quyết Đại hội Đoàn» bắt đầu lúc 08:00 ngày 01/03/2026. Mời bạn quay lại khi đó và gõ «THI DOAN» nhé.",
    );
    expect(early.last.effects).toEqual([]);
    const late = play(["thi doan"], { now: new Date("2026-04-01T01:00:00Z") });
    expect(texts(late.last)).toContain("đã kết thúc lúc 17:00 ngày 31/03/2026");
    expect(late.last.effects).toEqual([]);
  });

  it("an answer after the closing time is not recorded", () => {
    const started = play(["thi doan"]);
    const after = play(["B"], { state: started.state, quiz: started.quiz, now: new Date("2026-04-01T01:00:00Z") });
    expect(texts(after.last)).toContain("bài làm dở không được tính");
    expect(after.last.effects).toEqual([]);
    expect(after.state.quiz).toBeNull();
  });

  it("asks the commune first when it is not known, then starts", () => {
    const state = { ...initialConversationState(), greeted: true };
    const { turns, state: after } = play(["thi doan", "hoang cat"], { state });
    expect(texts(turns[0] as TurnResult)).toContain("Bạn ở xã/phường nào?");
    expect(buttons(turns[0] as TurnResult)).toEqual(["Xã Hoằng Đạo", "Xã Hoằng Cát", "Bỏ qua"]);
    expect((turns[1] as TurnResult).effects).toContainEqual({ type: "set-unit", unitCode: "HOANG_CAT" });
    expect(texts(turns[1] as TurnResult)).toContain("Câu 1/3");
    expect(after.unitCode).toBe("HOANG_CAT");
    const skipped = play(["thi doan", "Bỏ qua"], { state });
    expect(texts(skipped.last)).toContain("Câu 1/3");
    expect(skipped.last.effects.some((e) => e.type === "set-unit")).toBe(false);
  });

  it("«xóa dữ liệu của tôi» still works in the middle of a quiz", () => {
    const { last } = play(["thi doan", "xóa dữ liệu của tôi"]);
    expect(texts(last)).toContain("xóa");
    expect(last.state.pending).toEqual({ kind: "confirm-delete" });
  });
});

describe("parseQuizAnswer", () => {
  const question = QUESTIONS[2] as (typeof QUESTIONS)[number];
  it("reads taps, letters, digits and the choice's text", () => {
    expect(parseQuizAnswer("Câu 3: D. Hỏi người nhà", question, 2)).toEqual({ kind: "choice", index: 3 });
    expect(parseQuizAnswer("Câu 2: D. Hỏi người nhà", question, 2)).toEqual({ kind: "stale", number: 2 });
    expect(parseQuizAnswer("d", question, 2)).toEqual({ kind: "choice", index: 3 });
    expect(parseQuizAnswer("Đáp án C", question, 2)).toEqual({ kind: "choice", index: 2 });
    expect(parseQuizAnswer("2", question, 2)).toEqual({ kind: "choice", index: 1 });
    expect(parseQuizAnswer("khong", question, 2)).toEqual({ kind: "choice", index: 1 });
    expect(parseQuizAnswer("hoi nguoi nha", question, 2)).toEqual({ kind: "choice", index: 3 });
    expect(parseQuizAnswer("có lẽ là không", question, 2)).toEqual({ kind: "none" });
    expect(parseQuizAnswer("c", QUESTIONS[1] as (typeof QUESTIONS)[number], 1)).toEqual({ kind: "none" });
  });

  it("scores correct answers only", () => {
    expect(scoreQuiz(QUESTIONS, [1, 0, 1])).toBe(3);
    expect(scoreQuiz(QUESTIONS, [0, 1])).toBe(0);
  });
});
