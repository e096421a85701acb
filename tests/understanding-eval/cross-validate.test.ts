import { describe, expect, it } from "vitest";
import { crossValidate, foldOf } from "./cross-validate.ts";
import { loadSplit } from "./evaluate-understanding.ts";

const tuning = loadSplit("tuning");

describe.skipIf(tuning === null)("k-fold cross-validation on the tuning split", () => {
  it("keeps every variant in the fold of its original, so no fold is scored on its own rewording", () => {
    for (const m of (tuning ?? []).filter((x) => x.variantOf !== undefined)) {
      const original = (tuning ?? []).find((x) => x.text === m.variantOf);
      expect(original, m.text).toBeDefined();
      if (original) expect(foldOf(m, 4), m.text).toBe(foldOf(original, 4));
    }
  });

  it("scores every tuning message exactly once, over four folds, without its own questions indexed", () => {
    const messages = tuning ?? [];
    const scored = crossValidate(messages, 4);
    expect(scored.map((s) => s.message.text).sort()).toEqual(messages.map((m) => m.text).sort());
    const folds = new Set(messages.map((m) => foldOf(m, 4)));
    expect(folds.size).toBe(4);
    // Left out of the index, a fold's own questions no longer match themselves word for word.
    const cvRight = scored.filter((s) => s.right).length;
    expect(cvRight).toBeLessThan(messages.length);
    expect(cvRight / messages.length).toBeGreaterThan(0.5);
  });
});
