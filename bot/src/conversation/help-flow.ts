import { MAX_BUTTONS_PER_MESSAGE } from "@xks/shared/checklists/types";
import { canonicalText, canonicalTokens } from "@xks/shared/text/fold-vietnamese";
import type { Understanding } from "../understanding/candidate.ts";
import { knownUnit, MIN_QUESTION_WORDS_FOR_UNIT, sayClosest } from "./ask-commune.ts";
import { askContact } from "./ask-contact.ts";
import type { PendingQuestion } from "./conversation-state.ts";
import { decideAnswer } from "./decide-answer.ts";
import { echoOf } from "./echo-of.ts";
import { formerNameTyped, matchUnit, sortUnits, type UnitOption } from "./match-unit.ts";
import { PROFILE_BUTTON, PROFILE_TEXT } from "./profile-texts.ts";
import { isCancel } from "./recognise-command.ts";
import { assertNever, replyButton } from "./render-step.ts";
import { BUTTON, fill, TEXT } from "./texts.ts";
import { activeStep, currentButtons, recordStep, type Turn } from "./turn.ts";
import { unitButton, unitPage } from "./unit-buttons.ts";

/** A typed preferred time longer than this is probably not a time. */
const MAX_PREFERRED_TIME_CHARS = 120;
/** Vietnam has no daylight saving: local time is UTC+7 all year. */
const VIETNAM_UTC_OFFSET_HOURS = 7;
/** A time is short ("chiều mai", "8 giờ sáng thứ bảy"): only a longer message answered with confidence is a question. */
const MIN_QUESTION_WORDS_FOR_TIME = 4;

type HelpUnit = Extract<PendingQuestion, { kind: "help-unit" }>;
type HelpTime = Extract<PendingQuestion, { kind: "help-time" }>;

/** What the volunteer reads: the step the resident is on, else what they asked about, else "Hỗ trợ chung". */
function helpTopic(turn: Turn, about: string | undefined): string {
  const current = activeStep(turn);
  if (current) return `${current.checklist.title} – ${current.step.title}`;
  return about ?? TEXT.topicGeneral;
}

/** The title of a knowledge-base entry (what a help request is about), if it still exists. */
export function entryTitle(turn: Turn, entryId: string | undefined): string | undefined {
  return entryId ? turn.ctx.knowledge.find((e) => e.id === entryId)?.title : undefined;
}

/**
 * Asks the commune (unless the resident's is known), then the time, then opens a help request and asks how to
 * reach them (`ask-contact.ts`). `about` names what the resident asked (a knowledge-base entry's title) when they
 * are not inside a step; `lead` is said before the first question.
 */
export function startHelp(turn: Turn, options: { about?: string; lead?: string } = {}): void {
  const current = activeStep(turn);
  if (current) recordStep(turn, current.checklist, current.step.id, "HELP");
  if (turn.ctx.units.length === 0) {
    const text = options.lead ? `${options.lead}\n\n${TEXT.noUnits}` : TEXT.noUnits;
    turn.say({ text, buttons: currentButtons(turn) });
    return;
  }
  const topic = helpTopic(turn, options.about);
  const known = knownUnit(turn);
  if (known) {
    // Asked once: the stored commune is used, and "Đổi xã" is one tap away.
    askTime(turn, topic, known, options.lead);
    return;
  }
  turn.do({ type: "mark-unit-asked" });
  turn.state.pending = { kind: "help-unit", topic, page: 0 };
  const example = sortUnits(turn.ctx.units)[0]?.name.replace(/^(Xã|Phường|Thị trấn)\s+/u, "") ?? "";
  const ask = fill(TEXT.askUnit, { example });
  turn.say(unitPage(turn, 0, options.lead ? `${options.lead}\n${ask}` : ask));
}

/** "Đoàn viên … có thể đến lúc nào?" with the times still ahead; with "Đổi xã" when the commune was not just chosen. */
function askTime(turn: Turn, topic: string, unit: UnitOption, lead?: string, justChosen = false): void {
  turn.state.pending = { kind: "help-time", topic, unitCode: unit.code };
  const times = timeOptions(turn.ctx.now).map((t) => replyButton(t));
  const ask = fill(TEXT.askTime, { unit: unit.name });
  const text = justChosen ? ask : `${ask}\n${PROFILE_TEXT.askTimeKnownUnit}`;
  const buttons =
    justChosen || times.length >= MAX_BUTTONS_PER_MESSAGE ? times : [...times, replyButton(PROFILE_BUTTON.changeUnit)];
  turn.say({ text: lead ? `${lead}\n${text}` : text, buttons });
}

/**
 * The answer to "Bạn ở xã/phường nào?". Returns false when the message is a new question instead (see
 * `stepAsideForQuestion`): the caller answers it as any other message.
 */
export function answerHelpUnit(turn: Turn, pending: HelpUnit, text: string, understanding: Understanding): boolean {
  const { topic, page } = pending;
  if (isCancel(text)) {
    cancelHelp(turn);
    return true;
  }
  if (canonicalText(text) === canonicalText(BUTTON.more)) {
    turn.state.pending = { ...pending, page: page + 1 };
    turn.say(unitPage(turn, page + 1, TEXT.askUnitShort));
    return true;
  }
  const match = matchUnit(text, turn.ctx.units);
  switch (match.kind) {
    case "one": {
      const { unit } = match;
      turn.do({ type: "set-unit", unitCode: unit.code });
      turn.state.unitCode = unit.code;
      const former = formerNameTyped(text, unit);
      askTime(
        turn,
        topic,
        unit,
        former ? fill(PROFILE_TEXT.formerUnitNow, { former, unit: unit.name }) : undefined,
        true,
      );
      return true;
    }
    case "many": {
      const units = match.units.slice(0, MAX_BUTTONS_PER_MESSAGE);
      turn.say({ text: TEXT.askUnitAmbiguous, buttons: units.map(unitButton) });
      return true;
    }
    case "none": {
      // After a question in between, a message that names no commune is not a misspelt one: read it as usual.
      if (pending.afterQuestion) return endWait(turn);
      const decision = decideAnswer(understanding.candidates);
      const question = decision.kind !== "nothing" && !understanding.wantsPerson;
      if (question && canonicalTokens(text).length >= MIN_QUESTION_WORDS_FOR_UNIT) {
        return stepAsideForQuestion(turn, pending);
      }
      // The closest names first ("hoang dau" → Hoằng Đạo), "Xem thêm" for the full list: never a dead end.
      sayClosest(turn, text);
      return true;
    }
    default:
      return assertNever(match);
  }
}

/** The answer to "… có thể đến lúc nào?". Returns false when the message is a new question instead. */
export function answerHelpTime(turn: Turn, pending: HelpTime, text: string, understanding: Understanding): boolean {
  const { topic, unitCode } = pending;
  if (isCancel(text)) {
    cancelHelp(turn);
    return true;
  }
  if (canonicalText(text) === canonicalText(PROFILE_BUTTON.changeUnit)) {
    turn.state.pending = { kind: "help-unit", topic, page: 0 };
    turn.do({ type: "mark-unit-asked" });
    turn.say(unitPage(turn, 0, PROFILE_TEXT.askUnitChange));
    return true;
  }
  const unit = turn.ctx.units.find((u) => u.code === unitCode);
  const preferredTime = echoOf(text).replace(/\s+/g, " ");
  if (!unit) {
    turn.state.pending = { kind: "help-unit", topic, page: 0 };
    turn.say(unitPage(turn, 0, TEXT.askUnitShort));
    return true;
  }
  // After a question in between, only a time button carries the request on.
  if (pending.afterQuestion && !timeOptions(turn.ctx.now).some((t) => canonicalText(t) === canonicalText(text))) {
    return endWait(turn);
  }
  const decision = decideAnswer(understanding.candidates);
  // A time button ("Ngày mai") is shorter than MIN_QUESTION_WORDS_FOR_TIME, so it never reads as a question.
  if (
    decision.kind === "answer" &&
    decision.sure &&
    !understanding.wantsPerson &&
    canonicalTokens(text).length >= MIN_QUESTION_WORDS_FOR_TIME
  ) {
    return stepAsideForQuestion(turn, pending);
  }
  if (preferredTime.length === 0 || preferredTime.length > MAX_PREFERRED_TIME_CHARS) {
    turn.say({ text: TEXT.timeTooLong, buttons: timeOptions(turn.ctx.now).map((t) => replyButton(t)) });
    return true;
  }
  turn.do({ type: "open-help-request", unitCode: unit.code, preferredTime, topic });
  askContact(turn, unit, preferredTime);
  return true;
}

/**
 * A new question asked while the bot waits for the commune or a time: it is answered (by the caller, as any other
 * message), never filed as a commune name or a preferred time. The request had not been opened yet: the question
 * waits on after the answer (`afterQuestion`), so "hoằng giang" typed next still carries it on, and the answer
 * carries the «Nhờ đoàn viên hỗ trợ» button.
 */
function stepAsideForQuestion(turn: Turn, pending: HelpUnit | HelpTime): false {
  turn.state.pending = null;
  turn.waitAfterReply = { ...pending, afterQuestion: true };
  turn.say({ text: TEXT.helpPausedForQuestion });
  return false;
}

/** The wait for the commune or the time ends: the message is read as any other. */
function endWait(turn: Turn): false {
  turn.state.pending = null;
  return false;
}

function cancelHelp(turn: Turn): void {
  turn.state.pending = null;
  turn.say({ text: TEXT.helpCancelled, buttons: currentButtons(turn) });
}

/** The times still ahead today (Vietnam time) and "Ngày mai": never offer "Sáng nay" at 9 in the evening. */
export function timeOptions(now: Date): string[] {
  const hour = (now.getUTCHours() + VIETNAM_UTC_OFFSET_HOURS) % 24;
  const today = [
    { label: "Sáng nay", until: 10 },
    { label: "Chiều nay", until: 16 },
    { label: "Tối nay", until: 20 },
  ]
    .filter((option) => hour < option.until)
    .map((option) => option.label);
  return [...today, "Ngày mai"];
}
