import { vneidChecklist } from "@xks/shared/checklists/vneid";
import { describe, expect, it } from "vitest";
import { type StepCounts, stepsAfter, summariseChecklistFunnel } from "./summarise-checklist-funnel.ts";

const counts = (steps: Record<string, Partial<StepCounts>>) =>
  new Map(Object.entries(steps).map(([id, c]) => [id, { entered: 0, done: 0, stuck: 0, help: 0, ...c }]));

describe("summariseChecklistFunnel", () => {
  it("names the checklist and its steps, in the file's order however many reached each", () => {
    const stats = summariseChecklistFunnel(
      {
        checklistId: "vneid",
        started: 10,
        completed: 2,
        inProgress: 5,
        abandoned: 3,
        steps: counts({
          "l1-register": { entered: 4 },
          start: { entered: 10 },
          "l1-install": { entered: 6, stuck: 2 },
          "l1-install-help": { entered: 2 },
          "l2-prepare": { entered: 3 },
        }),
      },
      vneidChecklist,
    );
    expect(stats.title).toBe("Định danh điện tử VNeID");
    expect(stats.steps.map((s) => [s.stepId, s.title])).toEqual([
      ["start", "Đã có tài khoản VNeID chưa"],
      ["l1-install", "Cài ứng dụng VNeID"],
      ["l1-install-help", "Không cài được VNeID"],
      ["l1-register", "Đăng ký tài khoản mức 1"],
      ["l2-prepare", expect.any(String)],
    ]);
    expect(stats.completionRate).toBe(0.2);
  });

  it("measures drop-off against the steps a step leads to, not the one listed after it", () => {
    const stats = summariseChecklistFunnel(
      {
        checklistId: "vneid",
        started: 10,
        completed: 0,
        inProgress: 10,
        abandoned: 0,
        steps: counts({
          // The question branches: 6 go to level 1, 3 to level 2, 1 stops.
          start: { entered: 10 },
          "l1-install": { entered: 6 },
          "l2-prepare": { entered: 3 },
          // 4 go on to register, 1 opens the tips: 1 of 6 stops here.
          "l1-install-help": { entered: 1 },
          "l1-register": { entered: 4 },
        }),
      },
      vneidChecklist,
    );
    const dropOff = Object.fromEntries(stats.steps.map((s) => [s.stepId, s.dropOff]));
    expect(dropOff).toMatchObject({ start: 0.1, "l1-install": 0.167 });
    // The tips lead back to the step after the stuck one: register was entered 4 times, more than the tips.
    expect(dropOff["l1-install-help"]).toBe(0);
  });

  it("gives a final step no drop-off, and lists steps of older versions last under their ids", () => {
    const done = vneidChecklist.steps.find((s) => s.kind === "done");
    const stats = summariseChecklistFunnel(
      {
        checklistId: "vneid",
        started: 3,
        completed: 3,
        inProgress: 0,
        abandoned: 0,
        steps: counts({ "old-b": { entered: 1 }, "old-a": { entered: 2 }, [done?.id ?? ""]: { entered: 3 } }),
      },
      vneidChecklist,
    );
    expect(stats.steps.map((s) => [s.stepId, s.title, s.dropOff])).toEqual([
      [done?.id, done?.title, 0],
      ["old-a", "old-a", 0],
      ["old-b", "old-b", 0],
    ]);
  });

  it("falls back to ids for a checklist no longer in the code", () => {
    const stats = summariseChecklistFunnel(
      { checklistId: "retired", started: 0, completed: 0, inProgress: 0, abandoned: 0, steps: counts({ a: {} }) },
      undefined,
    );
    expect(stats).toMatchObject({ title: "retired", completionRate: 0, steps: [{ stepId: "a", title: "a" }] });
  });
});

describe("stepsAfter", () => {
  it("follows next and the tips from an instruction, every answer from a question, nothing from the end", () => {
    const step = (id: string) => {
      const found = vneidChecklist.steps.find((s) => s.id === id);
      if (!found) throw new Error(id);
      return found;
    };
    expect(stepsAfter(step("l1-install"), vneidChecklist.steps)).toEqual(["l1-register", "l1-install-help"]);
    expect(stepsAfter(step("start"), vneidChecklist.steps)).toEqual(["l1-install", "l2-prepare", "l2-activate"]);
    expect(stepsAfter(step("l1-install-help"), vneidChecklist.steps)).toEqual(["l1-register"]);
  });
});
