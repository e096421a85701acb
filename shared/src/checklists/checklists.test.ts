import { describe, expect, it } from "vitest";
import { isServiceCode } from "../services.ts";
import { canonicalText } from "../text/fold-vietnamese.ts";
import { CHECKLISTS } from "./index.ts";
import { type Checklist, MAX_BUTTON_TITLE_CHARS, MAX_MESSAGE_CHARS, MAX_STEP_TEXT_CHARS, type Step } from "./types.ts";

/** Where a step can lead, by the resident's answers. */
function successors(step: Step): string[] {
  switch (step.kind) {
    case "instruction":
      return step.stuck ? [step.next, step.stuck] : [step.next];
    case "question":
      return step.choices.map((choice) => choice.next);
    case "troubleshoot":
      return [step.back];
    case "done":
      return [];
  }
}

function reachable(checklist: Checklist, from: string, via: (step: Step) => string[]): Set<string> {
  const byId = new Map(checklist.steps.map((s) => [s.id, s]));
  const seen = new Set<string>();
  const todo = [from];
  while (todo.length > 0) {
    const id = todo.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const step = byId.get(id);
    if (step) todo.push(...via(step));
  }
  return seen;
}

describe.each(CHECKLISTS.map((c) => [c.id, c] as const))("checklist %s", (_id, checklist) => {
  const ids = checklist.steps.map((s) => s.id);
  const stepById = new Map(checklist.steps.map((s) => [s.id, s]));

  it("has a version, a known service, a short title and an intro", () => {
    expect(checklist.version).toBeGreaterThanOrEqual(1);
    expect(isServiceCode(checklist.service)).toBe(true);
    expect(checklist.title.length).toBeLessThanOrEqual(MAX_BUTTON_TITLE_CHARS);
    expect(checklist.intro.length).toBeGreaterThan(0);
    expect(checklist.intro.length).toBeLessThanOrEqual(MAX_STEP_TEXT_CHARS);
    expect(checklist.keywords.length).toBeGreaterThan(0);
  });

  it("has unique step ids, and every reference resolves", () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const step of checklist.steps) {
      for (const next of successors(step)) expect(ids, `${step.id} → ${next}`).toContain(next);
      if (step.kind === "instruction" && step.stuck) expect(stepById.get(step.stuck)?.kind).toBe("troubleshoot");
      if (step.kind === "troubleshoot") expect(stepById.get(step.back)?.kind).not.toBe("troubleshoot");
      if (step.kind === "done") {
        for (const other of step.suggest ?? []) expect(CHECKLISTS.map((c) => c.id)).toContain(other);
        expect((step.suggest ?? []).length).toBeLessThanOrEqual(2);
      }
    }
  });

  it("has no dead ends: every step is reachable from the start and can reach a done step", () => {
    const first = checklist.steps[0];
    expect(first).toBeDefined();
    const fromStart = reachable(checklist, first?.id ?? "", successors);
    // Troubleshooting branches are entered through "gặp khó khăn" from their instruction step.
    for (const id of ids) expect(fromStart, `unreachable: ${id}`).toContain(id);
    for (const step of checklist.steps) {
      const ahead = reachable(checklist, step.id, successors);
      expect(
        [...ahead].some((id) => stepById.get(id)?.kind === "done"),
        `dead end at ${step.id}`,
      ).toBe(true);
    }
  });

  it("keeps texts short and buttons within Zalo's limits", () => {
    for (const step of checklist.steps) {
      expect(step.text.length, step.id).toBeLessThanOrEqual(MAX_STEP_TEXT_CHARS);
      expect(step.text.length, step.id).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
      expect(step.title.length).toBeGreaterThan(0);
      if (step.kind === "question") {
        // The 4th button is always "Nhờ đoàn viên hỗ trợ".
        expect(step.choices.length).toBeGreaterThanOrEqual(2);
        expect(step.choices.length).toBeLessThanOrEqual(3);
        for (const choice of step.choices) expect(choice.label.length).toBeLessThanOrEqual(MAX_BUTTON_TITLE_CHARS);
        const labels = step.choices.map((c) => canonicalText(c.label));
        expect(new Set(labels).size).toBe(labels.length);
      }
      if ("action" in step && step.action) expect(step.action.title.length).toBeLessThanOrEqual(MAX_BUTTON_TITLE_CHARS);
      if ("action" in step && step.action?.kind === "link") expect(step.action.url).toMatch(/^https:\/\//);
      for (const keyword of step.keywords ?? []) expect(canonicalText(keyword).length).toBeGreaterThan(0);
    }
  });
});

describe("the checklist list", () => {
  it("has unique ids and titles", () => {
    const ids = CHECKLISTS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const titles = CHECKLISTS.map((c) => canonicalText(c.title));
    expect(new Set(titles).size).toBe(titles.length);
  });

  it("covers the six services of the campaign", () => {
    expect(CHECKLISTS.map((c) => c.service).sort()).toEqual(
      ["CASHLESS", "CHIP_ID", "ECOMMERCE", "ONLINE_SAFETY", "PUBLIC_SERVICES", "VNEID"].sort(),
    );
  });
});
