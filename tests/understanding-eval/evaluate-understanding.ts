import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CHECKLISTS } from "@xks/shared/checklists/index";
import type { Checklist } from "@xks/shared/checklists/types";
import type { KnowledgeEntry } from "@xks/shared/knowledge/types";
import { type AnswerDecision, decideAnswer } from "../../bot/src/conversation/decide-answer.ts";
import { buildUnderstandingIndex } from "../../bot/src/understanding/build-understanding-index.ts";
import { understand } from "../../bot/src/understanding/understand.ts";
import type { LabelledMessage } from "./labelled-message.ts";

const DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "data");
export const SPLIT_FILES = { tuning: resolve(DATA_DIR, "tuning.json"), heldout: resolve(DATA_DIR, "heldout.json") };
export type Split = keyof typeof SPLIT_FILES;

/**
 * CI's floor for the held-out split: a change that makes the bot understand residents worse fails the build. The
 * issue's target is 90% and its requested floor 85%; the lexical model measures 78.7% (511/649) today, 77.4% (393/508)
 * on the messages held out before stop 18 (77.0% at its start). The floor sits three points (about twenty messages)
 * under today's figure: a real regression fails, a one-message wobble from a new phrasing does not. It was 0.74 until
 * stop 18. Raise it to 0.85 once the held-out figure is above 0.88.
 */
export const MIN_HELD_OUT_ACCURACY = 0.76;
/**
 * Off-topic floor on the held-out split: the share of `none` messages (weather, gold price, lottery, jokes…) the bot
 * declines instead of answering with an unrelated entry. 15/17 today (17/17 before stop 17); 0.8 allows three of 17 to slip.
 */
export const MIN_OFF_TOPIC_REJECTION = 0.8;
/** Person recall's floor: 85% as asked (12 of 14 held-out messages today). */
export const MIN_PERSON_RECALL = 0.85;

/** The labelled messages of one split, or null when the file is not on this branch. */
export function loadSplit(split: Split): LabelledMessage[] | null {
  const file = SPLIT_FILES[split];
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, "utf8")) as LabelledMessage[];
}

/** What the bot would do with the message: the label-like reading of its understanding and policy. */
export type Outcome =
  | { kind: "person" }
  | { kind: "answer"; ref: string; topic: string; confidence: number }
  | { kind: "ask"; refs: [string, string]; confidence: number }
  | { kind: "none"; best: string | null; confidence: number };

export interface ScoredMessage {
  message: LabelledMessage;
  outcome: Outcome;
  right: boolean;
  /** The expected topic, or PERSON / NONE. */
  expectedTopic: string;
  /** The topic of what the bot did, or PERSON / ASK / NONE. */
  gotTopic: string;
}

function outcomeOf(wantsPerson: boolean, decision: AnswerDecision): Outcome {
  if (wantsPerson) return { kind: "person" };
  switch (decision.kind) {
    case "answer": {
      const c = decision.candidate;
      const ref =
        c.kind === "entry" ? c.entryId : c.kind === "checklist" ? c.checklistId : `${c.checklistId}#${c.stepId}`;
      return { kind: "answer", ref, topic: c.topic, confidence: c.confidence };
    }
    case "ask": {
      const [a, b] = decision.options;
      return { kind: "ask", refs: [a.title, b.title], confidence: a.confidence };
    }
    case "nothing":
      return { kind: "none", best: decision.best?.title ?? null, confidence: decision.best?.confidence ?? 0 };
  }
}

/**
 * Strict scoring: only a confident top-1 answer counts ("Bạn hỏi về A hay B?" is never right, even with the right A),
 * and a message read as "wants a person" is right only when it was labelled so (the bot would offer a volunteer
 * instead of answering). An `entry` label needs that entry; `step` that step, an entry linked to it, or its
 * checklist when it is the first step; `topic` any answer of that topic; `none` the policy saying nothing good.
 */
export function isRight(
  message: LabelledMessage,
  outcome: Outcome,
  knowledge: readonly KnowledgeEntry[],
  checklists: readonly Checklist[],
): boolean {
  const { expect } = message;
  if (expect.kind === "person") return outcome.kind === "person";
  if (expect.kind === "none") return outcome.kind === "none";
  if (outcome.kind !== "answer") return false;
  switch (expect.kind) {
    case "entry":
      return outcome.ref === expect.entryId;
    case "topic":
      return outcome.topic === expect.topic;
    case "step": {
      if (outcome.ref === `${expect.checklistId}#${expect.stepId}`) return true;
      const entry = knowledge.find((e) => e.id === outcome.ref);
      if (entry?.step?.checklistId === expect.checklistId && entry.step.stepId === expect.stepId) return true;
      const checklist = checklists.find((c) => c.id === outcome.ref);
      return checklist?.id === expect.checklistId && checklist.steps[0]?.id === expect.stepId;
    }
  }
}

export function scoreMessages(
  messages: readonly LabelledMessage[],
  knowledge: readonly KnowledgeEntry[],
  checklists: readonly Checklist[] = CHECKLISTS,
  /** Residents' questions indexed as phrasings (default: the shipped ones); cross-validation leaves a fold out. */
  residentsQuestions?: Readonly<Record<string, readonly string[]>>,
): ScoredMessage[] {
  const index = buildUnderstandingIndex({
    knowledge,
    checklists,
    ...(residentsQuestions ? { residentsQuestions } : {}),
  });
  return messages.map((message) => {
    const understanding = understand(index, message.text);
    const outcome = outcomeOf(understanding.wantsPerson, decideAnswer(understanding.candidates));
    const expect = message.expect;
    const expectedTopic = expect.kind === "person" ? "PERSON" : expect.kind === "none" ? "NONE" : expect.topic;
    const gotTopic =
      outcome.kind === "person" ? "PERSON" : outcome.kind === "answer" ? outcome.topic : outcome.kind.toUpperCase();
    return {
      message,
      outcome,
      right: isRight(message, outcome, knowledge, checklists),
      expectedTopic,
      gotTopic,
    };
  });
}

export interface SplitSummary {
  total: number;
  right: number;
  accuracy: number;
  personTotal: number;
  personRecalled: number;
  personRecall: number;
  offTopicTotal: number;
  offTopicRejected: number;
  /** Share of `none` messages the bot declined (1 when there are none). */
  offTopicRejection: number;
  byTopic: Map<string, { total: number; right: number }>;
}

export function summarise(scored: readonly ScoredMessage[]): SplitSummary {
  const byTopic = new Map<string, { total: number; right: number }>();
  for (const s of scored) {
    const row = byTopic.get(s.expectedTopic) ?? { total: 0, right: 0 };
    row.total += 1;
    if (s.right) row.right += 1;
    byTopic.set(s.expectedTopic, row);
  }
  const person = scored.filter((s) => s.message.expect.kind === "person");
  const recalled = person.filter((s) => s.outcome.kind === "person").length;
  const right = scored.filter((s) => s.right).length;
  const offTopic = scored.filter((s) => s.message.expect.kind === "none");
  const rejected = offTopic.filter((s) => s.right).length;
  return {
    total: scored.length,
    right,
    accuracy: scored.length === 0 ? 0 : right / scored.length,
    personTotal: person.length,
    personRecalled: recalled,
    personRecall: person.length === 0 ? 1 : recalled / person.length,
    offTopicTotal: offTopic.length,
    offTopicRejected: rejected,
    offTopicRejection: offTopic.length === 0 ? 1 : rejected / offTopic.length,
    byTopic,
  };
}
