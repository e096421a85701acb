import type { Checklist, Step } from "@xks/shared/checklists/types";
import { MAX_BUTTON_TITLE_CHARS, MAX_BUTTONS_PER_MESSAGE, MAX_MESSAGE_CHARS } from "@xks/shared/checklists/types";
import type { KnowledgeEntry } from "@xks/shared/knowledge/types";
import { canonicalText, canonicalTokens, STOP_WORDS } from "@xks/shared/text/fold-vietnamese";
import type { OutboundButton } from "../channel/messages.ts";
import { type ContentCandidate, candidateRef, type Understanding } from "../understanding/candidate.ts";
import { jumpToStep, moveTo, openChecklist } from "./checklist-moves.ts";
import { decideAnswer, namesMoreThanTheReply } from "./decide-answer.ts";
import { echoOf } from "./echo-of.ts";
import { entryTitle, startHelp } from "./help-flow.ts";
import { asksSomething, recogniseStepAnswer, wordsBeyondStepReply } from "./recognise-command.ts";
import { fittedReplyButton, renderStep, replyButton, stepButtons } from "./render-step.ts";
import { BUTTON, fill, TEXT } from "./texts.ts";
import { activeStep, findChecklist, showMenu, type Turn } from "./turn.ts";

/** What the engine assumes when the job sent no understanding (a test, an old job): nothing matched. */
export const NO_UNDERSTANDING: Understanding = {
  candidates: [{ kind: "none", confidence: 1 }],
  wantsPerson: false,
  contentBeyondStepReply: 0,
};

/** `UnansweredQuestion.text` keeps at most this much of a question. */
export const MAX_RECORDED_QUESTION_CHARS = 500;
/** Inside a step, an unmatched message this short ("ừ", "hả") is not a question worth an admin's time. */
const MIN_RECORDED_WORDS = 3;

/** A place the resident may be sent to, resolved from a candidate or a stored ref. */
type Place =
  | { kind: "entry"; entry: KnowledgeEntry }
  | { kind: "checklist"; checklist: Checklist }
  | { kind: "step"; checklist: Checklist; step: Step };

function placeRef(candidate: ContentCandidate): string {
  return `${candidate.kind}:${candidateRef(candidate)}`;
}

function resolvePlace(turn: Turn, ref: string): Place | null {
  const [kind, id = ""] = ref.split(/:(.*)/s);
  if (kind === "entry") {
    const entry = turn.ctx.knowledge.find((e) => e.id === id);
    return entry ? { kind: "entry", entry } : null;
  }
  const [checklistId = "", stepId] = id.split("#");
  const checklist = findChecklist(turn, checklistId);
  if (!checklist) return null;
  if (kind === "checklist") return { kind: "checklist", checklist };
  const step = checklist.steps.find((s) => s.id === stepId);
  return kind === "step" && step ? { kind: "step", checklist, step } : null;
}

export function recordUnanswered(turn: Turn, text: string, best: ContentCandidate | null): void {
  turn.do({
    type: "record-unanswered",
    text: echoOf(text).slice(0, MAX_RECORDED_QUESTION_CHARS),
    bestGuess: best ? candidateRef(best) : null,
    confidence: best?.confidence ?? 0,
  });
}

/** "Tiếp tục bước «Nhập mã OTP»", or a shorter label when the step's title would not fit a button. */
export function backToStepTitle(step: Step): string {
  const full = fill(BUTTON.backToStep, { step: step.title });
  return full.length <= MAX_BUTTON_TITLE_CHARS ? full : BUTTON.backToStepShort;
}

export function isBackToStep(text: string): boolean {
  return canonicalText(text).startsWith(canonicalText("Tiếp tục bước"));
}

/** The entry's answer, with the buttons to go on from it. Inside a step the first button leads back to the step. */
function sayEntry(turn: Turn, entry: KnowledgeEntry): void {
  const current = activeStep(turn);
  const buttons: OutboundButton[] = [
    replyButton(current ? backToStepTitle(current.step) : BUTTON.done),
    replyButton(BUTTON.stillNotWorking),
    replyButton(BUTTON.help),
  ];
  const linkedStep =
    entry.step && !(current?.checklist.id === entry.step.checklistId && current.step.id === entry.step.stepId);
  // A follow-up read as the entry just answered ("mất bao lâu thì có" after the birth-registration answer): said
  // plainly that this is the same answer, which may or may not say it.
  const again = `${fill(TEXT.sameAnswerAgain, { title: entry.title })}\n${entry.answer}`;
  let text = entry.id === turn.answeredBefore && again.length <= MAX_MESSAGE_CHARS ? again : entry.answer;
  if (linkedStep) buttons.push(replyButton(BUTTON.followSteps));
  else if (entry.link) buttons.push({ kind: "link", title: entry.link.title, url: entry.link.url });
  const addLine = (line: string) => {
    if (text.length + line.length + 2 <= MAX_MESSAGE_CHARS) text = `${text}\n\n${line}`;
  };
  if (entry.link && linkedStep && !text.includes(entry.link.url)) addLine(`🔗 ${entry.link.title}: ${entry.link.url}`);
  if (current) addLine(fill(TEXT.answerInStep, { step: current.step.title }));
  turn.state.pending = null;
  turn.state.answered = { entryId: entry.id };
  turn.say({ text, buttons: buttons.slice(0, MAX_BUTTONS_PER_MESSAGE) });
}

/** Sends the resident where a chosen candidate (or a tapped "A hay B" button) leads. */
function goTo(turn: Turn, place: Place): void {
  switch (place.kind) {
    case "entry":
      sayEntry(turn, place.entry);
      return;
    case "checklist":
      openChecklist(turn, place.checklist);
      return;
    case "step":
      jumpToStep(turn, place.checklist, place.step);
      return;
  }
}

/** The "A hay B?" tap (or typing an option's title or its number). Returns false when the text picks none. */
export function answerChoice(turn: Turn, options: readonly { ref: string; title: string }[], text: string): boolean {
  const typed = canonicalText(text);
  const byNumber = /^\d$/.test(typed) ? options[Number(typed) - 1] : undefined;
  const chosen = byNumber ?? options.find((o) => canonicalText(o.title) === typed);
  const place = chosen ? resolvePlace(turn, chosen.ref) : null;
  if (!place) return false;
  goTo(turn, place);
  return true;
}

/**
 * Follow-ups to an answer just given: "Vẫn chưa được" (offer a volunteer and the related checklist), "Làm theo
 * từng bước" (the entry's checklist step) and, outside a step, "Xong". Returns false when the text is none of them.
 */
export function answerFollowUp(turn: Turn, entryId: string, text: string, understanding: Understanding): boolean {
  const entry = turn.ctx.knowledge.find((e) => e.id === entryId);
  if (!entry) return false;
  const typed = canonicalText(text);
  const step = entry.step ? findChecklist(turn, entry.step.checklistId) : undefined;
  if (typed === canonicalText(BUTTON.followSteps) && step && entry.step) {
    const target = step.steps.find((s) => s.id === entry.step?.stepId);
    if (target) {
      jumpToStep(turn, step, target);
      return true;
    }
  }
  // "thế có mất tiền không" holds "có" (yes, done) but asks something: a reply only when nothing beyond it is answerable.
  const asksMore = decideAnswer(understanding.candidates).kind === "answer" && namesMoreThanTheReply(understanding);
  const reply = asksMore ? null : recogniseStepAnswer(text);
  if (typed === canonicalText(BUTTON.stillNotWorking) || (reply === "stuck" && canonicalTokens(text).length <= 4)) {
    const related = step ?? turn.ctx.checklists.find((c) => c.service === entry.topic);
    const current = activeStep(turn);
    const buttons = [
      replyButton(BUTTON.help),
      ...(current ? [replyButton(backToStepTitle(current.step))] : []),
      ...(entry.step && step ? [replyButton(BUTTON.followSteps)] : related ? [replyButton(related.title)] : []),
      replyButton(BUTTON.menu),
    ];
    // Keep the entry in mind: "Làm theo từng bước" on this message still leads to its step.
    turn.state.answered = { entryId: entry.id };
    turn.say({ text: TEXT.answerNotHelped, buttons: buttons.slice(0, MAX_BUTTONS_PER_MESSAGE) });
    return true;
  }
  // "Thế thì làm sao?" names nothing at all: it asks the answer just given again (said to be the same answer).
  if (understanding.candidates[0]?.kind === "none" && reply === null && asksSomething(text)) {
    sayEntry(turn, entry);
    return true;
  }
  if (reply === "done" && entry.topic === "ONLINE_SAFETY" && saysWhatWasDone(text)) {
    // «tôi đọc rồi», «chuyển rồi» after a scam answer: the resident already did what the scammer asked. Not
    // «Tuyệt vời!»: the steps above, now, and a person; the answer stays the context of what they ask next.
    turn.state.answered = { entryId: entry.id };
    turn.say({ text: TEXT.scamAlreadyDone, buttons: [replyButton(BUTTON.help), replyButton(BUTTON.menu)] });
    return true;
  }
  if (!turn.state.active && (typed === canonicalText(BUTTON.done) || reply === "done")) {
    turn.say({ text: TEXT.answerDone, buttons: [replyButton(BUTTON.menu)] });
    return true;
  }
  return false;
}

/** A reply that says what was done ("tôi đọc rồi": «đọc»), not only that it was ("xong", "rồi ạ", "ok"). */
function saysWhatWasDone(text: string): boolean {
  return (wordsBeyondStepReply(text) ?? "").split(" ").some((word) => word !== "" && !STOP_WORDS.has(word));
}

/** Back to the step waiting for an answer, as it was. */
export function backToStep(turn: Turn): boolean {
  const current = activeStep(turn);
  if (!current) return false;
  turn.say(
    renderStep(
      current.checklist,
      current.step,
      turn.ctx,
      fill(TEXT.resumed, { title: current.checklist.title, step: current.step.title }),
    ),
  );
  return true;
}

/** "có ai đến nhà hướng dẫn bà không": a volunteer at once, naming what they asked about when that is clear. */
export function offerVolunteer(turn: Turn, understanding: Understanding, answeredEntryId?: string): void {
  const decision = decideAnswer(understanding.candidates);
  // What this message asks about, else the answer just given ("cài VNeID thế nào?" … "có ai đến nhà giúp không").
  const about = decision.kind === "answer" ? decision.candidate.title : entryTitle(turn, answeredEntryId);
  startHelp(turn, { about, lead: TEXT.personLead });
}

/**
 * A question from the menu (no step waiting): answer when confident, ask "A hay B?" on a close call, else say
 * honestly there is no answer, with the menu and the volunteer button, and record the question.
 */
export function answerIdleQuestion(turn: Turn, text: string, understanding: Understanding, quiet: boolean): void {
  const decision = decideAnswer(understanding.candidates);
  switch (decision.kind) {
    case "answer": {
      const place = placeOf(turn, decision.candidate);
      if (place) {
        goTo(turn, place);
        if (!decision.sure) recordUnanswered(turn, text, decision.candidate);
        return;
      }
      // The index is older than the knowledge given to the turn (an entry just deleted): nothing to answer with.
      recordUnanswered(turn, text, decision.candidate);
      showMenu(turn, quiet ? undefined : TEXT.noAnswer);
      return;
    }
    case "ask":
      askWhich(turn, decision.options, []);
      recordUnanswered(turn, text, decision.options[0]);
      return;
    case "nothing":
      if (recogniseStepAnswer(text) !== null) {
        showMenu(turn, TEXT.nothingStarted);
        return;
      }
      recordUnanswered(turn, text, decision.best);
      showMenu(turn, quiet ? undefined : TEXT.noAnswer);
      return;
  }
}

/**
 * A question inside a step (the text was not an answer to the step): answered with a way back to the step.
 * Returns false when nothing matched at all, so the caller says "chưa hiểu" with the step's buttons.
 */
/** `quiet`: the message had sensitive data masked; the guide's own step is then not repeated as an answer. */
export function answerQuestionInStep(turn: Turn, text: string, understanding: Understanding, quiet = false): boolean {
  const current = activeStep(turn);
  if (!current) return false;
  const decision = decideAnswer(understanding.candidates);
  const back = replyButton(backToStepTitle(current.step));
  switch (decision.kind) {
    case "answer": {
      const { candidate } = decision;
      if (candidate.kind !== "entry" && candidate.checklistId !== current.checklist.id) {
        // Another checklist does not hijack the one waiting for an answer; say how to switch instead.
        const other = findChecklist(turn, candidate.checklistId);
        turn.say({
          text: fill(TEXT.otherTopicInStep, {
            step: current.step.title,
            current: current.checklist.title,
            other: other?.title ?? candidate.title,
          }),
          buttons: stepButtons(current.step, turn.ctx.checklists),
        });
        return true;
      }
      if (candidate.kind === "checklist" || (candidate.kind === "step" && candidate.stepId === current.step.id)) {
        // The question is about the guide the resident is in ("vneid là gì vậy"): the step in front of them, again,
        // says more than "chưa hiểu".
        if (quiet) return false;
        repeatStepForQuestion(turn, text, candidate);
        return true;
      }
      if (candidate.kind === "step") {
        moveTo(turn, current.checklist, candidate.stepId);
        return true;
      }
      const place = placeOf(turn, candidate);
      if (!place) return false;
      goTo(turn, place);
      if (!decision.sure) recordUnanswered(turn, text, candidate);
      return true;
    }
    case "ask":
      askWhich(turn, decision.options, [back]);
      recordUnanswered(turn, text, decision.options[0]);
      return true;
    case "nothing": {
      const { best } = decision;
      if (!best) {
        if (canonicalTokens(text).length >= MIN_RECORDED_WORDS) recordUnanswered(turn, text, best);
        return false;
      }
      if (best.kind !== "entry" && best.checklistId === current.checklist.id) {
        // A weak match inside this very guide ("tại sao phải làm cái này"): something matched, so not "chưa hiểu".
        if (quiet) {
          if (canonicalTokens(text).length >= MIN_RECORDED_WORDS) recordUnanswered(turn, text, best);
          return false;
        }
        repeatStepForQuestion(turn, text, best);
        return true;
      }
      turn.state.pending = { kind: "choose", options: [{ ref: placeRef(best), title: best.title }] };
      turn.say({
        text: fill(TEXT.suggestInStep, { a: best.title, step: current.step.title }),
        buttons: [fittedReplyButton(best.title), back, replyButton(BUTTON.help)],
      });
      recordUnanswered(turn, text, best);
      return true;
    }
  }
}

/**
 * A question about the guide the resident is in, with no answer of its own: the current step again, introduced as
 * such, with its buttons; the question is recorded so admins can write the answer that was missing.
 */
function repeatStepForQuestion(turn: Turn, text: string, candidate: ContentCandidate): void {
  const current = activeStep(turn);
  if (!current) return;
  const lead = fill(TEXT.sameGuideInStep, { title: current.checklist.title, step: current.step.title });
  turn.say(renderStep(current.checklist, current.step, turn.ctx, lead));
  if (canonicalTokens(text).length >= MIN_RECORDED_WORDS) recordUnanswered(turn, text, candidate);
}

function placeOf(turn: Turn, candidate: ContentCandidate): Place | null {
  return resolvePlace(turn, placeRef(candidate));
}

function askWhich(
  turn: Turn,
  options: readonly [ContentCandidate, ContentCandidate],
  extra: readonly OutboundButton[],
): void {
  const [a, b] = options;
  turn.state.pending = {
    kind: "choose",
    options: options.map((o) => ({ ref: placeRef(o), title: o.title })),
  };
  turn.say({
    text: fill(TEXT.askWhich, { a: a.title, b: b.title }),
    buttons: [fittedReplyButton(a.title), fittedReplyButton(b.title), ...extra, replyButton(BUTTON.help)].slice(
      0,
      MAX_BUTTONS_PER_MESSAGE,
    ),
  });
}
