import { CHECKLISTS } from "@xks/shared/checklists/index";
import { KNOWLEDGE_BASE } from "@xks/shared/knowledge/knowledge-base";
import { describe, expect, it } from "vitest";
import { decideAnswer } from "../conversation/decide-answer.ts";
import { buildUnderstandingIndex } from "./build-understanding-index.ts";
import { understand } from "./understand.ts";

const index = buildUnderstandingIndex({ knowledge: KNOWLEDGE_BASE, checklists: CHECKLISTS });

describe("every phrasing of every knowledge-base entry", () => {
  const phrasings = KNOWLEDGE_BASE.flatMap((entry) => entry.questions.map((question) => ({ entry, question })));

  it("finds its own entry as top-1", () => {
    const wrong = phrasings
      .map(({ entry, question }) => {
        const [top] = understand(index, question).candidates;
        return top?.kind === "entry" && top.entryId === entry.id
          ? null
          : `${entry.id}: «${question}» → ${top?.kind === "entry" ? top.entryId : top?.kind}`;
      })
      .filter((line) => line !== null);
    expect(wrong).toEqual([]);
  });

  it("is answered by the policy with its own entry (no 'A hay B?', no 'no answer')", () => {
    const unanswered = phrasings
      .filter(({ question }) => !understand(index, question).wantsPerson)
      .map(({ entry, question }) => {
        const decision = decideAnswer(understand(index, question).candidates);
        const ok =
          decision.kind === "answer" && decision.candidate.kind === "entry" && decision.candidate.entryId === entry.id;
        return ok ? null : `${entry.id}: «${question}» → ${decision.kind}`;
      })
      .filter((line) => line !== null);
    expect(unanswered).toEqual([]);
  });
});
