import type { Checklist, Step, StepAction } from "@xks/shared/checklists/types";
import { MAX_BUTTON_TITLE_CHARS, MAX_BUTTONS_PER_MESSAGE } from "@xks/shared/checklists/types";
import type { OutboundButton, OutboundMessage } from "../channel/messages.ts";
import { BUTTON, TEXT } from "./texts.ts";

/** Admin corrections of step texts, keyed by `overrideKey`: content in the database wins over the file. */
export type StepOverrides = ReadonlyMap<string, string>;

export function overrideKey(checklistId: string, stepId: string): string {
  return `${checklistId}/${stepId}`;
}

export function stepText(checklist: Checklist, step: Step, overrides: StepOverrides): string {
  return overrides.get(overrideKey(checklist.id, step.id)) ?? step.text;
}

/** A button whose tap sends its own title back, so typing the title works the same as tapping. */
export function replyButton(title: string, payload: string = title): OutboundButton {
  return { kind: "reply", title, payload };
}

/** A reply button for a text that may be longer than Zalo's title: cut on the button, sent back whole. */
export function fittedReplyButton(text: string): OutboundButton {
  return replyButton(text.slice(0, MAX_BUTTON_TITLE_CHARS), text);
}

function actionButton(action: StepAction): OutboundButton {
  switch (action.kind) {
    case "link":
      return { kind: "link", title: action.title, url: action.url };
    case "phone":
      return { kind: "phone", title: action.title, phone: action.phone };
  }
}

/** The buttons under a step. The compiler checks every step kind has its own. */
export function stepButtons(step: Step, checklists: readonly Checklist[]): OutboundButton[] {
  const action = "action" in step && step.action ? [actionButton(step.action)] : [];
  switch (step.kind) {
    case "instruction":
      return [...action, replyButton(BUTTON.done), replyButton(BUTTON.stuck), replyButton(BUTTON.help)];
    case "question":
      return [...step.choices.map((choice) => replyButton(choice.label)), replyButton(BUTTON.help)];
    case "troubleshoot":
      return [...action, replyButton(BUTTON.resolved), replyButton(BUTTON.retry), replyButton(BUTTON.help)];
    case "done": {
      const suggested = (step.suggest ?? [])
        .map((id) => checklists.find((c) => c.id === id))
        .filter((c): c is Checklist => c !== undefined)
        .map((c) => replyButton(c.title));
      return [...action, ...suggested, replyButton(BUTTON.menu)].slice(0, MAX_BUTTONS_PER_MESSAGE);
    }
    default:
      return assertNever(step);
  }
}

/** One message for a step: an optional lead line, the step's (possibly overridden) text, its buttons. */
export function renderStep(
  checklist: Checklist,
  step: Step,
  context: { overrides: StepOverrides; checklists: readonly Checklist[] },
  lead?: string,
): OutboundMessage {
  const body = stepText(checklist, step, context.overrides);
  const suffix = step.kind === "done" && (step.suggest ?? []).length > 0 ? `\n\n${TEXT.completedSuggest}` : "";
  return { text: `${lead ? `${lead}\n\n` : ""}${body}${suffix}`, buttons: stepButtons(step, context.checklists) };
}

/**
 * The menu: a numbered list (typing the number works) and one button per checklist, four buttons per message,
 * then "Nhờ đoàn viên hỗ trợ" and, when something is unfinished, "Tiếp tục".
 */
export function renderMenu(
  checklists: readonly Checklist[],
  options: { lead?: string; canResume?: boolean } = {},
): OutboundMessage[] {
  const list = checklists.map((c, i) => `${i + 1}. ${c.title}`).join("\n");
  const buttons = [
    ...checklists.map((c) => replyButton(c.title)),
    replyButton(BUTTON.help),
    ...(options.canResume ? [replyButton(BUTTON.resume)] : []),
  ];
  const messages: OutboundMessage[] = [];
  for (let i = 0; i < buttons.length; i += MAX_BUTTONS_PER_MESSAGE) {
    const chunk = buttons.slice(i, i + MAX_BUTTONS_PER_MESSAGE);
    const text = i === 0 ? `${options.lead ? `${options.lead}\n\n` : ""}${TEXT.menuIntro}\n${list}` : TEXT.menuMore;
    messages.push({ text, buttons: chunk });
  }
  return messages;
}

export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
