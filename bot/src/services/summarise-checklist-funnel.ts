import type { ChecklistStats } from "@xks/shared/api/dashboards";
import type { Checklist, Step } from "@xks/shared/checklists/types";

/** Counts of one step's anonymous events (ChecklistStepEvent rows), summed over residents and visits. */
export interface StepCounts {
  entered: number;
  done: number;
  stuck: number;
  help: number;
}

export interface ChecklistCounts {
  checklistId: string;
  started: number;
  completed: number;
  inProgress: number;
  abandoned: number;
  steps: ReadonlyMap<string, StepCounts>;
}

/**
 * One checklist's completion and drop-off, read against its file: the title residents see, the steps in the
 * file's order (a reader follows the path residents take, not a ranking), and each step's drop-off measured
 * against the steps it leads to. Checklists branch (VNeID level 1 or level 2), so the step listed after another
 * is often not where its residents go next.
 *
 * A step reachable from several places (a keyword jumps straight to it) gets entries its predecessor did not
 * send, which makes that predecessor's drop-off read low; the events are anonymous, so this cannot be separated.
 * `checklist` is undefined for a checklist no longer in the code: ids stand in for titles, steps by entries.
 */
export function summariseChecklistFunnel(counts: ChecklistCounts, checklist: Checklist | undefined): ChecklistStats {
  const known = checklist?.steps ?? [];
  const entered = (stepId: string) => counts.steps.get(stepId)?.entered ?? 0;
  const inFile = known.filter((step) => counts.steps.has(step.id));
  const retired = [...counts.steps.keys()]
    .filter((id) => !known.some((step) => step.id === id))
    .sort((a, b) => entered(b) - entered(a) || a.localeCompare(b));

  const row = (stepId: string, title: string, dropOff: number) => ({
    stepId,
    title,
    ...(counts.steps.get(stepId) ?? { entered: 0, done: 0, stuck: 0, help: 0 }),
    dropOff,
  });
  const steps = [
    ...inFile.map((step) => {
      const here = entered(step.id);
      const after = stepsAfter(step, known);
      if (here === 0 || after.length === 0) return row(step.id, step.title, 0);
      const onward = after.reduce((sum, id) => sum + entered(id), 0);
      return row(step.id, step.title, roundShare(Math.max(0, 1 - onward / here)));
    }),
    ...retired.map((id) => row(id, id, 0)),
  ];

  return {
    checklistId: counts.checklistId,
    title: checklist?.title ?? counts.checklistId,
    started: counts.started,
    completed: counts.completed,
    inProgress: counts.inProgress,
    abandoned: counts.abandoned,
    completionRate: counts.started > 0 ? roundShare(counts.completed / counts.started) : 0,
    steps,
  };
}

/**
 * Where a resident goes on from `step`: the next step or the troubleshooting tips, a chosen answer's step, or
 * (from the tips) the step after the one that was stuck. Going back to retry is not going on; a final step has
 * nowhere to go and no drop-off.
 */
export function stepsAfter(step: Step, steps: readonly Step[]): string[] {
  switch (step.kind) {
    case "instruction":
      return [step.next, ...(step.stuck ? [step.stuck] : [])];
    case "question":
      return [...new Set(step.choices.map((choice) => choice.next))];
    case "troubleshoot": {
      const back = steps.find((s) => s.id === step.back);
      return back?.kind === "instruction" ? [back.next] : [];
    }
    case "done":
      return [];
    default:
      return assertNever(step);
  }
}

function roundShare(value: number): number {
  return Math.round(Math.min(1, value) * 1000) / 1000;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled step kind: ${JSON.stringify(value)}`);
}
