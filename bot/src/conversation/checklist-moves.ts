import type { Checklist, Step } from "@xks/shared/checklists/types";
import { renderStep } from "./render-step.ts";
import { fill, TEXT } from "./texts.ts";
import { lastUnfinished, recordStep, showMenu, type Turn } from "./turn.ts";

/** Starts a checklist, or resumes it when the resident left it unfinished. */
export function openChecklist(turn: Turn, checklist: Checklist): void {
  const saved = turn.state.progress[checklist.id];
  const savedStep =
    saved && !saved.done && saved.version === checklist.version
      ? checklist.steps.find((s) => s.id === saved.stepId)
      : undefined;
  if (savedStep && savedStep.id !== checklist.steps[0]?.id) {
    turn.state.pending = null;
    turn.state.active = { checklistId: checklist.id, version: checklist.version, stepId: savedStep.id };
    turn.say(
      renderStep(checklist, savedStep, turn.ctx, fill(TEXT.resumed, { title: checklist.title, step: savedStep.title })),
    );
    return;
  }
  const first = checklist.steps[0];
  if (!first) {
    showMenu(turn);
    return;
  }
  moveTo(turn, checklist, first.id, { start: true, lead: checklist.intro });
}

/** Into a checklist at one of its steps (a step keyword, an answer's "Làm theo từng bước"). */
export function jumpToStep(turn: Turn, checklist: Checklist, step: Step): void {
  if (step.id === checklist.steps[0]?.id) {
    openChecklist(turn, checklist);
    return;
  }
  const saved = turn.state.progress[checklist.id];
  moveTo(turn, checklist, step.id, {
    start: !saved || saved.done,
    lead: fill(TEXT.startAtStep, { step: step.title, title: checklist.title }),
  });
}

/** Every move into a step goes through here: position, progress, funnel events, completion, the step's message. */
export function moveTo(
  turn: Turn,
  checklist: Checklist,
  stepId: string,
  options: { start?: boolean; lead?: string } = {},
): void {
  const step = checklist.steps.find((s) => s.id === stepId);
  if (!step) {
    // A data error the checklist tests should have caught: fail soft, never leave the resident without an answer.
    turn.state.active = null;
    showMenu(turn);
    return;
  }
  const position = { checklistId: checklist.id, version: checklist.version, stepId };
  if (options.start) turn.do({ type: "start-checklist", ...position });
  else if (step.kind !== "done") turn.do({ type: "advance-step", ...position });
  recordStep(turn, checklist, stepId, "ENTERED");
  const done = step.kind === "done";
  if (done) {
    turn.do({ type: "complete-checklist", ...position });
    recordStep(turn, checklist, stepId, "COMPLETED");
  }
  turn.state.pending = null;
  turn.state.active = done ? null : position;
  turn.state.progress[checklist.id] = { version: checklist.version, stepId, done, at: turn.ctx.now.toISOString() };
  turn.say(renderStep(checklist, step, turn.ctx, options.lead));
}

/** "tiếp tục": the most recently touched unfinished checklist, where the resident left it. */
export function resume(turn: Turn): void {
  const { state } = turn;
  const unfinished = lastUnfinished(turn);
  if (!unfinished) {
    state.active = null;
    showMenu(turn, TEXT.nothingToResume);
    return;
  }
  const { checklist, stepId, version } = unfinished;
  const step = checklist.steps.find((s) => s.id === stepId);
  const first = checklist.steps[0];
  if (!step || version !== checklist.version || !first) {
    if (!first) {
      showMenu(turn);
      return;
    }
    moveTo(turn, checklist, first.id, {
      start: true,
      lead: fill(TEXT.checklistUpdated, { title: checklist.title }),
    });
    return;
  }
  state.active = { checklistId: checklist.id, version: checklist.version, stepId: step.id };
  turn.say(renderStep(checklist, step, turn.ctx, fill(TEXT.resumed, { title: checklist.title, step: step.title })));
}
