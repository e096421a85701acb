import type { Step } from "@xks/shared/checklists/types";
import { canonicalText, canonicalTokens, matchKeywords, STOP_WORDS } from "@xks/shared/text/fold-vietnamese";
import type { ContentCandidate, Understanding } from "../understanding/candidate.ts";
import { answerIdleQuestion, answerQuestionInStep } from "./answer-question.ts";
import { moveTo } from "./checklist-moves.ts";
import { decideAnswer, namesMoreThanTheReply } from "./decide-answer.ts";
import { asksSomething, isThanks, mentionsAny, recogniseStepAnswer } from "./recognise-command.ts";
import { assertNever, renderStep, replyButton, stepButtons } from "./render-step.ts";
import { BUTTON, fill, TEXT } from "./texts.ts";
import { activeStep, findChecklist, recordStep, type Turn } from "./turn.ts";

/**
 * A reply this short is an answer to the step when it reads as one ("chưa được", "xong rồi"); a longer message that
 * the understanding module confidently places elsewhere ("mã OTP không về thì làm sao, bị lỗi hoài") is a question,
 * even though it contains "lỗi".
 */
const MAX_STEP_REPLY_WORDS = 5;

/**
 * The answer to the step waiting for one (global commands, pending questions and checklist titles were tried
 * before). A text that is not an answer is understood as a new question: answered with a way back to the step.
 */
export function answerStep(turn: Turn, text: string, understanding: Understanding, quiet: boolean): void {
  const current = activeStep(turn);
  if (!current) {
    // The checklist changed under the resident (new version without this step): start it afresh.
    const checklist = turn.state.active ? findChecklist(turn, turn.state.active.checklistId) : undefined;
    turn.state.active = null;
    if (checklist?.steps[0]) {
      moveTo(turn, checklist, checklist.steps[0].id, {
        start: true,
        lead: fill(TEXT.checklistUpdated, { title: checklist.title }),
      });
      return;
    }
    answerIdleQuestion(turn, text, understanding, quiet);
    return;
  }
  const { step } = current;
  if (step.kind === "done") {
    // Done steps never wait for an answer (moveTo clears `active`); treat as being at the menu.
    turn.state.active = null;
    answerIdleQuestion(turn, text, understanding, quiet);
    return;
  }
  if (!isQuestionElsewhere(turn, text, understanding) && answerStepItself(turn, step, text)) return;
  if (answerQuestionInStep(turn, text, understanding, quiet)) return;
  if (isThanks(text)) {
    // "Cảm ơn cháu" in the middle of a guide: thanked back, with the step still one tap away.
    turn.say({
      text: `${TEXT.thanksInStep}\n${fill(TEXT.inStepHint, { step: step.title })}`,
      buttons: stepButtons(step, turn.ctx.checklists),
    });
    return;
  }
  if (mentionsAny(text, LATER_PHRASES)) {
    // "Thôi để mai tính": the step waits; «tiếp tục» brings it back whenever they are ready.
    turn.say({ text: fill(TEXT.laterInStep, { step: step.title }), buttons: [replyButton(BUTTON.menu)] });
    return;
  }
  notUnderstoodInStep(turn, step, quiet);
}

/** "Để mai", "để sau", "lúc khác": the resident stops for now. Folded. */
const LATER_PHRASES = ["de mai", "de sau", "mai tinh", "tinh sau", "luc khac", "hom khac", "de hom khac", "khi khac"];

/**
 * A message the understanding module confidently places somewhere other than this step: a longer one, or a short one
 * whose words beyond its reply phrase ("không được", "bị lỗi") name another problem on their own.
 */
function isQuestionElsewhere(turn: Turn, text: string, understanding: Understanding): boolean {
  const decision = decideAnswer(understanding.candidates);
  if (decision.kind !== "answer" || isOwnPlace(turn, decision.candidate)) return false;
  const short = canonicalTokens(text).length <= MAX_STEP_REPLY_WORDS;
  // A message that picks one of the step's choices is that choice, whatever it names, when it is short ("chưa có
  // tài khoản") or says nothing the step's own question did not ("tôi chưa có tài khoản ngân hàng nào cả" to "Bạn
  // đã có tài khoản ngân hàng … chưa?" named selling a bank account, at 0.7).
  const step = activeStep(turn)?.step;
  if (step?.kind === "question" && matchChoice(step, text) && (short || onlyEchoesTheQuestion(step, text))) {
    return false;
  }
  if (!short) return true;
  return namesMoreThanTheReply(understanding);
}

/** Fillers of an answer beyond the stop words: "chưa có gì cả", "chưa có cái nào hết". Folded. */
const ANSWER_FILLERS: ReadonlySet<string> = new Set(["ca", "het", "nua", "roi", "dau", "cai", "chau", "con", "hay"]);

/** Whether every meaningful word of the text is in the step's question, its title or its choices. */
function onlyEchoesTheQuestion(step: Extract<Step, { kind: "question" }>, text: string): boolean {
  const own = new Set(
    canonicalTokens(
      [step.title, step.text, ...step.choices.flatMap((c) => [c.label, ...(c.keywords ?? [])])].join(" "),
    ),
  );
  return canonicalTokens(text).every((t) => own.has(t) || STOP_WORDS.has(t) || ANSWER_FILLERS.has(t));
}

/**
 * The step itself, its guide as a whole, or the step its replies lead to (its "stuck" troubleshooting, or the step a
 * troubleshooting step goes back to): landing there is what the step's own reply does anyway.
 */
function isOwnPlace(turn: Turn, candidate: ContentCandidate): boolean {
  const current = activeStep(turn);
  if (!current || candidate.kind === "entry" || candidate.checklistId !== current.checklist.id) return false;
  if (candidate.kind === "checklist") return true;
  const { step } = current;
  const own = [
    step.id,
    step.kind === "instruction" ? step.stuck : undefined,
    step.kind === "troubleshoot" ? step.back : undefined,
  ];
  return own.includes(candidate.stepId);
}

/** "Xong", "gặp khó khăn", a choice, "thử lại", "bỏ qua". Returns false when the text is none of them. */
function answerStepItself(turn: Turn, step: Exclude<Step, { kind: "done" }>, text: string): boolean {
  const current = activeStep(turn);
  if (!current) return false;
  const { checklist } = current;
  const answer = recogniseStepAnswer(text);
  switch (step.kind) {
    case "instruction":
      if (answer === "done") {
        recordStep(turn, checklist, step.id, "DONE");
        moveTo(turn, checklist, step.next);
        return true;
      }
      if (answer === "skip") {
        moveTo(turn, checklist, step.next);
        return true;
      }
      if (answer === "stuck") {
        recordStep(turn, checklist, step.id, "STUCK");
        if (step.stuck) {
          moveTo(turn, checklist, step.stuck);
          return true;
        }
        turn.say({
          text: TEXT.genericStuck,
          buttons: [replyButton(BUTTON.retry), replyButton(BUTTON.skip), replyButton(BUTTON.help)],
        });
        return true;
      }
      if (answer === "retry") {
        turn.say(renderStep(checklist, step, turn.ctx));
        return true;
      }
      return false;
    case "question": {
      const choice = matchChoice(step, text);
      if (choice) {
        moveTo(turn, checklist, choice.next);
        return true;
      }
      if (answer === "retry") {
        turn.say(renderStep(checklist, step, turn.ctx));
        return true;
      }
      return false;
    }
    case "troubleshoot": {
      const back = checklist.steps.find((s) => s.id === step.back);
      if (answer === "done" || answer === "skip") {
        if (back?.kind === "instruction") {
          if (answer === "done") recordStep(turn, checklist, back.id, "DONE");
          moveTo(turn, checklist, back.next);
          return true;
        }
        moveTo(turn, checklist, step.back);
        return true;
      }
      if (answer === "retry") {
        moveTo(turn, checklist, step.back);
        return true;
      }
      if (answer === "stuck") {
        turn.say({
          text: TEXT.stillStuck,
          buttons: [replyButton(BUTTON.help), replyButton(BUTTON.retry), replyButton(BUTTON.menu)],
        });
        return true;
      }
      return false;
    }
    default:
      return assertNever(step);
  }
}

function matchChoice(step: Extract<Step, { kind: "question" }>, text: string) {
  const typed = canonicalText(text);
  const number = /^\d$/.test(typed) ? step.choices[Number(typed) - 1] : undefined;
  if (number) return number;
  const exact = step.choices.find((c) => canonicalText(c.label) === typed);
  if (exact) return exact;
  const matches = matchKeywords(
    text,
    step.choices.map((choice, index) => ({ id: String(index), keywords: [choice.label, ...(choice.keywords ?? [])] })),
  );
  const [best, second] = matches;
  // An answer that fits two choices equally is not an answer.
  if (!best || (second && second.score === best.score)) return undefined;
  // One everyday word of a choice inside a question is no choice: the «có» of «mất bao lâu thì có», «có mất phí
  // không» is not «Đã có».
  if (!best.keyword.includes(" ") && asksSomething(text)) return undefined;
  return step.choices[Number(best.id)];
}

/** "Chưa hiểu", only when nothing matched at all: the step's own buttons again. */
function notUnderstoodInStep(turn: Turn, step: Step, quiet: boolean): void {
  const buttons = stepButtons(step, turn.ctx.checklists);
  const template = quiet ? TEXT.inStepHint : TEXT.notUnderstoodInStep;
  turn.say({ text: fill(template, { step: step.title }), buttons });
}
