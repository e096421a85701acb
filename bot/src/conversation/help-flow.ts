import { MAX_BUTTONS_PER_MESSAGE } from "@xks/shared/checklists/types";
import { canonicalText } from "@xks/shared/text/fold-vietnamese";
import { knownUnit, sayClosest } from "./ask-commune.ts";
import { askContact } from "./ask-contact.ts";
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

export function answerHelpUnit(turn: Turn, topic: string, page: number, text: string): void {
  if (isCancel(text)) {
    cancelHelp(turn);
    return;
  }
  if (canonicalText(text) === canonicalText(BUTTON.more)) {
    turn.state.pending = { kind: "help-unit", topic, page: page + 1 };
    turn.say(unitPage(turn, page + 1, TEXT.askUnitShort));
    return;
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
      return;
    }
    case "many": {
      const units = match.units.slice(0, MAX_BUTTONS_PER_MESSAGE);
      turn.say({ text: TEXT.askUnitAmbiguous, buttons: units.map(unitButton) });
      return;
    }
    case "none":
      // The closest names first ("hoang dau" → Hoằng Đạo), "Xem thêm" for the full list: never a dead end.
      sayClosest(turn, text);
      return;
    default:
      assertNever(match);
  }
}

export function answerHelpTime(turn: Turn, topic: string, unitCode: string, text: string): void {
  if (isCancel(text)) {
    cancelHelp(turn);
    return;
  }
  if (canonicalText(text) === canonicalText(PROFILE_BUTTON.changeUnit)) {
    turn.state.pending = { kind: "help-unit", topic, page: 0 };
    turn.do({ type: "mark-unit-asked" });
    turn.say(unitPage(turn, 0, PROFILE_TEXT.askUnitChange));
    return;
  }
  const unit = turn.ctx.units.find((u) => u.code === unitCode);
  const preferredTime = echoOf(text).replace(/\s+/g, " ");
  if (!unit) {
    turn.state.pending = { kind: "help-unit", topic, page: 0 };
    turn.say(unitPage(turn, 0, TEXT.askUnitShort));
    return;
  }
  if (preferredTime.length === 0 || preferredTime.length > MAX_PREFERRED_TIME_CHARS) {
    turn.say({ text: TEXT.timeTooLong, buttons: timeOptions(turn.ctx.now).map((t) => replyButton(t)) });
    return;
  }
  turn.do({ type: "open-help-request", unitCode: unit.code, preferredTime, topic });
  askContact(turn, unit, preferredTime);
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
