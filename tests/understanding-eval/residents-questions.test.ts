import { KNOWLEDGE_BASE } from "@xks/shared/knowledge/knowledge-base";
import { RESIDENTS_QUESTIONS } from "@xks/shared/knowledge/residents-questions";
import { describe, expect, it } from "vitest";
import { loadSplit } from "./evaluate-understanding.ts";
import { residentsQuestionsFromTuning } from "./export-residents-questions.ts";

describe("residents' questions shipped as phrasings", () => {
  it("are exactly the tuning split's entry-labelled messages (run `npm run eval:export-questions` after editing it)", () => {
    expect(RESIDENTS_QUESTIONS).toEqual(residentsQuestionsFromTuning());
  });

  it("never contain a held-out message, and every id is a knowledge-base entry", () => {
    const heldout = new Set((loadSplit("heldout") ?? []).map((m) => m.text));
    const shipped = Object.values(RESIDENTS_QUESTIONS).flat();
    expect(shipped.filter((q) => heldout.has(q))).toEqual([]);
    const ids = new Set(KNOWLEDGE_BASE.map((e) => e.id));
    expect(Object.keys(RESIDENTS_QUESTIONS).filter((id) => !ids.has(id))).toEqual([]);
  });
});
