import { canonicalText, canonicalTokens } from "@xks/shared/text/fold-vietnamese";
import type { Understanding } from "../understanding/candidate.ts";
import { closestUnits } from "./closest-units.ts";
import type { PendingQuestion } from "./conversation-state.ts";
import { decideAnswer } from "./decide-answer.ts";
import { echoOf } from "./echo-of.ts";
import { formerNameTyped, matchUnit, type UnitOption } from "./match-unit.ts";
import { PROFILE_BUTTON, PROFILE_TEXT } from "./profile-texts.ts";
import { recogniseStepAnswer } from "./recognise-command.ts";
import { assertNever, renderStep, replyButton, stepButtons } from "./render-step.ts";
import { BUTTON, fill, TEXT } from "./texts.ts";
import { activeStep, currentButtons, showMenu, type Turn } from "./turn.ts";
import { unitButton, unitPage } from "./unit-buttons.ts";

/** Closest communes offered when a typed name matched nothing: with "Xem thêm" they fill a message's buttons. */
export const CLOSEST_UNITS_SHOWN = 3;
/**
 * A message longer than this while the bot waits for a commune is something else (a question, a step's answer):
 * it is answered as such rather than read as a misspelt commune.
 */
const MAX_COMMUNE_WORDS = 6;
/**
 * While the commune is asked, a message of at least this many words that matches no commune and that the
 * understanding module can answer is a new question ("lam sao chuyen tien bang ma qr"), not a misspelt commune.
 * Shorter ones ("hoang dau") stay commune names: the closest communes are offered.
 */
export const MIN_QUESTION_WORDS_FOR_UNIT = 3;

type AskUnit = Extract<PendingQuestion, { kind: "ask-unit" }>;

/** The resident's commune as the product knows it: the stored one (current after a merge), else this conversation's. */
export function knownUnit(turn: Turn): UnitOption | null {
  const code = turn.ctx.profile?.unitCode ?? turn.state.unitCode;
  return (code && turn.ctx.units.find((u) => u.code === code)) || null;
}

/**
 * After the resident's first finished step, the commune is asked once ("Bạn ở xã/phường nào để đoàn viên gần nhất
 * hỗ trợ?"), unless it is known, was asked before, or the turn already asks something of its own. The step they
 * are on was shown just before, so tapping its buttons carries on with it.
 */
export function askUnitAfterFirstStep(turn: Turn): void {
  const { profile, units } = turn.ctx;
  if (!profile || profile.unitAskedAt !== null || units.length === 0 || knownUnit(turn)) return;
  if (turn.state.pending !== null) return;
  if (turn.effects.some((e) => e.type === "mark-unit-asked")) return;
  const finishedStep = turn.effects.some(
    (e) => e.type === "record-step-event" && (e.kind === "DONE" || e.kind === "COMPLETED"),
  );
  if (!finishedStep) return;
  turn.do({ type: "mark-unit-asked" });
  turn.state.pending = { kind: "ask-unit", reason: "after-step", page: 0 };
  turn.say(unitPage(turn, 0, PROFILE_TEXT.askUnitAfterStep, [replyButton(PROFILE_BUTTON.skip)]));
}

/** "đổi xã": the commune question, at any time. */
export function askUnitChange(turn: Turn): void {
  if (turn.ctx.units.length === 0) {
    turn.say({ text: PROFILE_TEXT.unitSkipped, buttons: currentButtons(turn) });
    return;
  }
  turn.do({ type: "mark-unit-asked" });
  turn.state.pending = { kind: "ask-unit", reason: "change", page: 0 };
  turn.say(unitPage(turn, 0, PROFILE_TEXT.askUnitChange));
}

/**
 * The answer to the commune question. Returns false when the message is not about the commune (a step's answer,
 * a longer question): the question is dropped (it was asked, once) and the message is answered as usual.
 */
export function answerAskUnit(turn: Turn, pending: AskUnit, text: string, understanding: Understanding): boolean {
  const typed = canonicalText(text);
  if (typed === canonicalText(PROFILE_BUTTON.skip) || typed === "khong" || typed === "thoi") {
    turn.state.pending = null;
    continueAfter(turn, PROFILE_TEXT.unitSkipped);
    return true;
  }
  if (typed === canonicalText(BUTTON.more)) {
    turn.state.pending = { ...pending, page: pending.page + 1 };
    turn.say(unitPage(turn, pending.page + 1, TEXT.askUnitShort, skipFor(pending)));
    return true;
  }
  const match = matchUnit(text, turn.ctx.units);
  switch (match.kind) {
    case "one": {
      const { unit } = match;
      turn.do({ type: "set-unit", unitCode: unit.code });
      turn.state.unitCode = unit.code;
      turn.state.pending = null;
      const saved = fill(pending.reason === "change" ? PROFILE_TEXT.unitChanged : PROFILE_TEXT.unitSaved, {
        unit: unit.name,
      });
      const former = formerNameTyped(text, unit);
      const said = former ? `${fill(PROFILE_TEXT.formerUnitNow, { former, unit: unit.name })}\n${saved}` : saved;
      continueAfter(turn, said);
      return true;
    }
    case "many":
      turn.say({
        text: TEXT.askUnitAmbiguous,
        buttons: [...match.units.slice(0, CLOSEST_UNITS_SHOWN).map(unitButton), replyButton(BUTTON.more)],
      });
      return true;
    case "none": {
      const inStep = pending.reason === "after-step" && isStepAnswer(turn, text);
      // The commune is asked in passing (it can be skipped): a question typed instead is answered, and the wait ends.
      const words = canonicalTokens(text).length;
      const question =
        words >= MIN_QUESTION_WORDS_FOR_UNIT && decideAnswer(understanding.candidates).kind !== "nothing";
      if (inStep || question || words > MAX_COMMUNE_WORDS) {
        turn.state.pending = null;
        return false;
      }
      sayClosest(turn, text, skipFor(pending));
      return true;
    }
    default:
      return assertNever(match);
  }
}

/** "Mình chưa tìm thấy xã «…»": the closest communes, "Xem thêm" for the full list, never a dead end. */
export function sayClosest(turn: Turn, text: string, extra: ReturnType<typeof replyButton>[] = []): void {
  // Three closest and "Xem thêm" fill the four buttons a message carries; an extra button ("Bỏ qua") takes one.
  const closest = closestUnits(text, turn.ctx.units, CLOSEST_UNITS_SHOWN - extra.length);
  turn.say({
    text: fill(PROFILE_TEXT.unitClosest, { typed: echoOf(text).slice(0, 40) }),
    buttons: [...closest.map(unitButton), replyButton(BUTTON.more), ...extra],
  });
}

function skipFor(pending: AskUnit) {
  return pending.reason === "after-step" ? [replyButton(PROFILE_BUTTON.skip)] : [];
}

/** A step's answer ("Xong", "Gặp khó khăn") or one of its buttons, while the commune question waits. */
function isStepAnswer(turn: Turn, text: string): boolean {
  if (recogniseStepAnswer(text) !== null) return true;
  const current = activeStep(turn);
  if (!current) return false;
  const typed = canonicalText(text);
  return stepButtons(current.step, turn.ctx.checklists).some(
    (b) => b.kind === "reply" && canonicalText(b.payload) === typed,
  );
}

/** After the commune question: back to the step they are on, or to the menu. */
function continueAfter(turn: Turn, said: string): void {
  const current = activeStep(turn);
  if (current) {
    turn.say(renderStep(current.checklist, current.step, turn.ctx, said));
    return;
  }
  showMenu(turn, said);
}
