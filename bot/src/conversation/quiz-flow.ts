import { MAX_BUTTONS_PER_MESSAGE } from "@xks/shared/checklists/types";
import { canonicalText, foldVietnamese } from "@xks/shared/text/fold-vietnamese";
import type { OutboundButton, OutboundMessage } from "../channel/messages.ts";
import type { Understanding } from "../understanding/candidate.ts";
import { answersSurely } from "./decide-answer.ts";
import { echoOf } from "./echo-of.ts";
import { matchUnit, type UnitOption } from "./match-unit.ts";
import { QUIZ_BUTTON, QUIZ_TEXT } from "./quiz-texts.ts";
import { mentionsAny, mentionsMarked, recogniseCommand } from "./recognise-command.ts";
import { assertNever, replyButton } from "./render-step.ts";
import { BUTTON, fill } from "./texts.ts";
import type { Turn } from "./turn.ts";

/**
 * Quizzes on the OA: a quiz is data (the admins' questions, loaded by the inbound job into `ctx.quizzes`), and this
 * file is its interpreter. A resident starts one by sending its keyword (typed loosely, or prefilled by its QR code);
 * questions come one at a time with a button per choice; the attempt is stored as it goes (`QuizAttempt`, through
 * the effects), so it survives "menu", a day away or a new worker, and sending the keyword again resumes it. One
 * attempt per resident; the score and the explanations come at the end.
 */

/** One quiz as the engine sees it, with this resident's attempt. Times arrive formatted in the organisation's zone. */
export interface QuizForTurn {
  id: string;
  title: string;
  keyword: string;
  intro: string;
  opensAt: Date;
  closesAt: Date;
  /** "08:00 ngày 02/03/2026", in the organisation's time zone. */
  opensAtText: string;
  closesAtText: string;
  questions: readonly QuizQuestionForTurn[];
  attempt: { answers: readonly number[]; finishedAt: Date | null; score: number } | null;
}

export interface QuizQuestionForTurn {
  text: string;
  choices: readonly string[];
  correctIndex: number;
  explanation: string | null;
}

const LETTERS = ["A", "B", "C", "D"] as const;

function fillIn(template: string, values: Record<string, string | number>): string {
  return fill(template, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])));
}

function letterOf(index: number): string {
  return LETTERS[index] ?? String(index + 1);
}

/** The keyword as matched: case, diacritics and punctuation fold away ("#Thi Đoàn" = "thi doan"). */
export function quizKeywordKey(keyword: string): string {
  return canonicalText(keyword);
}

function findQuiz(turn: Turn, quizId: string): QuizForTurn | undefined {
  return turn.ctx.quizzes?.find((q) => q.id === quizId);
}

function byKeyword(turn: Turn, text: string): QuizForTurn | undefined {
  const key = quizKeywordKey(text);
  if (key === "") return undefined;
  return turn.ctx.quizzes?.find((q) => quizKeywordKey(q.keyword) === key);
}

/**
 * The hook the engine calls on every text, before global commands: answers the question waiting, the commune
 * asked before a quiz, or starts (resumes) the quiz whose keyword this is. False: not about a quiz.
 */
export function handleQuizText(turn: Turn, text: string): boolean {
  const pending = turn.state.pending;
  if (pending?.kind === "quiz-unit" && !recogniseCommand(text)) {
    answerQuizUnit(turn, pending.quizId, text);
    return true;
  }
  if (answerQuizQuestion(turn, text)) return true;
  const quiz = byKeyword(turn, text);
  if (!quiz) return false;
  openQuiz(turn, quiz);
  return true;
}

/** Starts, resumes or refuses (not open yet, closed, already done) the quiz. */
function openQuiz(turn: Turn, quiz: QuizForTurn): void {
  const now = turn.ctx.now.getTime();
  const attempt = quiz.attempt;
  const vars = { title: quiz.title, keyword: quiz.keyword, opensAt: quiz.opensAtText, closesAt: quiz.closesAtText };
  if (attempt?.finishedAt) {
    leaveQuiz(turn, fillIn(QUIZ_TEXT.alreadyDone, { ...vars, score: attempt.score, count: quiz.questions.length }));
    return;
  }
  if (now < quiz.opensAt.getTime()) {
    leaveQuiz(turn, fillIn(QUIZ_TEXT.notOpenYet, vars));
    return;
  }
  if (now >= quiz.closesAt.getTime()) {
    leaveQuiz(turn, fillIn(attempt ? QUIZ_TEXT.closedDuringAttempt : QUIZ_TEXT.closed, vars));
    return;
  }
  if (attempt) {
    turn.state.pending = null;
    turn.state.quiz = { quizId: quiz.id };
    const left = quiz.questions.length - attempt.answers.length;
    turn.say(...questionMessages(quiz, attempt.answers.length, fillIn(QUIZ_TEXT.resumed, { ...vars, left })));
    return;
  }
  // The commune first (once), so the score counts for it on the leaderboard.
  if (turn.state.unitCode === null && turn.ctx.units.length > 0) {
    turn.state.quiz = null;
    turn.state.pending = { kind: "quiz-unit", quizId: quiz.id };
    turn.say({ text: QUIZ_TEXT.askUnit, buttons: unitButtons(turn.ctx.units) });
    return;
  }
  startQuiz(turn, quiz);
}

function startQuiz(turn: Turn, quiz: QuizForTurn): void {
  turn.do({ type: "start-quiz", quizId: quiz.id });
  turn.state.pending = null;
  turn.state.quiz = { quizId: quiz.id };
  const intro = quiz.intro ? `${quiz.intro}\n` : "";
  const lead = fillIn(QUIZ_TEXT.start, {
    title: quiz.title,
    intro,
    count: quiz.questions.length,
    keyword: quiz.keyword,
  });
  turn.say(...questionMessages(quiz, 0, lead));
}

/** A small list of communes fits in buttons with "Bỏ qua"; a long one is typed (matched loosely, former names too). */
function unitButtons(units: readonly UnitOption[]): OutboundButton[] {
  const shown =
    units.length < MAX_BUTTONS_PER_MESSAGE ? units.map((u) => replyButton(u.name.slice(0, 35), u.name)) : [];
  return [...shown, replyButton(QUIZ_BUTTON.skipUnit)];
}

function answerQuizUnit(turn: Turn, quizId: string, text: string): void {
  const quiz = findQuiz(turn, quizId);
  if (!quiz) {
    leaveQuiz(turn, QUIZ_TEXT.gone);
    return;
  }
  if (foldVietnamese(text) === foldVietnamese(QUIZ_BUTTON.skipUnit)) {
    startQuiz(turn, quiz);
    return;
  }
  const match = matchUnit(text, turn.ctx.units);
  switch (match.kind) {
    case "one":
      turn.do({ type: "set-unit", unitCode: match.unit.code });
      turn.state.unitCode = match.unit.code;
      startQuiz(turn, quiz);
      return;
    case "many":
      turn.say({
        text: QUIZ_TEXT.askUnitAmbiguous,
        buttons: [
          ...match.units.slice(0, MAX_BUTTONS_PER_MESSAGE - 1).map((u) => replyButton(u.name.slice(0, 35), u.name)),
          replyButton(QUIZ_BUTTON.skipUnit),
        ],
      });
      return;
    case "none":
      turn.say({
        text: fillIn(QUIZ_TEXT.askUnitAgain, { typed: echoOf(text).slice(0, 40) }),
        buttons: unitButtons(turn.ctx.units),
      });
      return;
    default:
      assertNever(match);
  }
}

/**
 * While a quiz waits for an answer: a choice answers it; a global command ("menu", "xóa dữ liệu của tôi") pauses it
 * and runs; the keyword resumes it (below, in `openQuiz`); anything else gets the question's buttons again.
 */
function answerQuizQuestion(turn: Turn, text: string): boolean {
  const active = turn.state.quiz;
  if (!active) return false;
  const quiz = findQuiz(turn, active.quizId);
  const attempt = quiz?.attempt;
  if (!quiz || !attempt || attempt.finishedAt) {
    turn.state.quiz = null;
    return false;
  }
  if (byKeyword(turn, text)?.id === quiz.id) return false;
  const position = attempt.answers.length;
  const question = quiz.questions[position];
  if (!question) {
    turn.state.quiz = null;
    return false;
  }
  const answer = parseQuizAnswer(text, question, position);
  if (answer.kind === "none" && recogniseCommand(text)) {
    turn.state.quiz = null;
    return false;
  }
  if (turn.ctx.now.getTime() >= quiz.closesAt.getTime()) {
    leaveQuiz(turn, fillIn(QUIZ_TEXT.closedDuringAttempt, { title: quiz.title, closesAt: quiz.closesAtText }));
    return true;
  }
  switch (answer.kind) {
    case "choice":
      recordAnswer(turn, quiz, position, answer.index);
      return true;
    case "stale":
      turn.say(...questionMessages(quiz, position, fillIn(QUIZ_TEXT.staleTap, { number: answer.number })));
      return true;
    case "none":
      turn.say(...questionMessages(quiz, position, QUIZ_TEXT.notAChoice));
      return true;
    default:
      return assertNever(answer);
  }
}

function recordAnswer(turn: Turn, quiz: QuizForTurn, position: number, index: number): void {
  turn.do({ type: "answer-quiz", quizId: quiz.id, position, choice: index });
  const answers = [...(quiz.attempt?.answers ?? []), index];
  if (answers.length < quiz.questions.length) {
    turn.say(...questionMessages(quiz, answers.length));
    return;
  }
  const score = scoreQuiz(quiz.questions, answers);
  turn.do({ type: "finish-quiz", quizId: quiz.id, score });
  turn.state.quiz = null;
  turn.say(...resultMessages(quiz, answers, score));
}

/** Correct answers: the score. */
export function scoreQuiz(questions: readonly QuizQuestionForTurn[], answers: readonly number[]): number {
  return questions.reduce((sum, q, i) => sum + (answers[i] === q.correctIndex ? 1 : 0), 0);
}

function leaveQuiz(turn: Turn, text: string): void {
  turn.state.quiz = null;
  if (turn.state.pending?.kind === "quiz-unit") turn.state.pending = null;
  const buttons = turn.state.active
    ? [replyButton(BUTTON.resume), replyButton(BUTTON.menu)]
    : [replyButton(BUTTON.menu)];
  turn.say({ text, buttons });
}

export type QuizAnswer = { kind: "choice"; index: number } | { kind: "stale"; number: number } | { kind: "none" };

/**
 * Reads an answer to question `position` (0-based): a tapped button ("Câu 2: B. …", which names its question, so a
 * late second tap on the previous question is not taken as an answer to this one), a letter ("b", "Đáp án B"), a
 * number 1–4, or the choice's text as typed, loosely.
 */
export function parseQuizAnswer(text: string, question: QuizQuestionForTurn, position: number): QuizAnswer {
  const folded = foldVietnamese(text);
  const count = question.choices.length;
  const inRange = (index: number): QuizAnswer =>
    index >= 0 && index < count ? { kind: "choice", index } : { kind: "none" };
  const tapped = /^cau (\d{1,3}) ([a-d])\b/.exec(folded);
  if (tapped) {
    const number = Number(tapped[1]);
    if (number !== position + 1) return { kind: "stale", number };
    return inRange(letterIndex(tapped[2] as string));
  }
  const letter = /^(?:dap an |chon |phuong an )?([a-d])$/.exec(folded);
  if (letter) return inRange(letterIndex(letter[1] as string));
  const digit = /^([1-4])$/.exec(folded);
  if (digit) return inRange(Number(digit[1]) - 1);
  const byText = question.choices.findIndex(
    (choice, i) => foldVietnamese(choice) === folded || foldVietnamese(`${letterOf(i)} ${choice}`) === folded,
  );
  return byText >= 0 ? { kind: "choice", index: byText } : { kind: "none" };
}

function letterIndex(letter: string): number {
  return letter.charCodeAt(0) - "a".charCodeAt(0);
}

/** The question, its choices written out in full (a button title is cut at 35 characters), a button per choice. */
function questionMessages(quiz: QuizForTurn, position: number, lead?: string): OutboundMessage[] {
  const question = quiz.questions[position];
  if (!question) return lead ? [{ text: lead }] : [];
  const choices = question.choices.map((choice, i) => `${letterOf(i)}. ${choice}`).join("\n");
  const body = fillIn(QUIZ_TEXT.question, {
    number: position + 1,
    count: quiz.questions.length,
    text: question.text,
    choices,
  });
  const buttons = question.choices.map((choice, i) =>
    replyButton(`${letterOf(i)}. ${choice}`, `Câu ${position + 1}: ${letterOf(i)}. ${choice}`),
  );
  return [{ text: lead ? `${lead}\n\n${body}` : body, buttons }];
}

function resultMessages(quiz: QuizForTurn, answers: readonly number[], score: number): OutboundMessage[] {
  const lines = quiz.questions.map((q, i) => {
    const correct = `${letterOf(q.correctIndex)}. ${q.choices[q.correctIndex] ?? ""}`;
    const chosen = answers[i] ?? -1;
    const head =
      chosen === q.correctIndex
        ? fillIn(QUIZ_TEXT.answerRight, { number: i + 1, correct })
        : fillIn(QUIZ_TEXT.answerWrong, { number: i + 1, correct, chosen: letterOf(chosen) });
    return q.explanation ? `${head}\n${fillIn(QUIZ_TEXT.explanation, { explanation: q.explanation })}` : head;
  });
  const summary = fillIn(QUIZ_TEXT.finished, { title: quiz.title, score, count: quiz.questions.length });
  return [
    { text: summary },
    { text: `${QUIZ_TEXT.answersHeading}\n${lines.join("\n")}`, buttons: [replyButton(BUTTON.menu)] },
  ];
}

/**
 * Words that ask about the quizzes themselves ("có cuộc thi gì không", "hội thi tìm hiểu"). "cuộc thi" and "hội thi"
 * count only typed with their marks: folded, they are "căn cước thì làm sao" and "cho hỏi thì…". A message the
 * knowledge base answers for sure keeps its answer: a scam story that names "bình chọn cuộc thi" is about the scam.
 */
const QUIZ_QUESTION_MARKED = ["cuộc thi", "hội thi"];
const QUIZ_QUESTION_FOLDED = ["quiz", "thi trac nghiem", "thi tim hieu"];

/**
 * Handles a question about which quizzes there are: the job lists the open ones. A quiz's own keyword was read
 * first (`handleQuizText`), so "#Thi Đoàn" still starts its quiz.
 */
export function answerQuizListQuestion(turn: Turn, text: string, understanding: Understanding): boolean {
  if (!mentionsMarked(text, QUIZ_QUESTION_MARKED) && !mentionsAny(text, QUIZ_QUESTION_FOLDED)) return false;
  if (answersSurely(understanding)) return false;
  turn.do({ type: "show-quizzes" });
  return true;
}
