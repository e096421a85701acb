import type { Checklist } from "@xks/shared/checklists/types";
import { RESIDENTS_QUESTIONS } from "@xks/shared/knowledge/residents-questions";
import type { KnowledgeEntry, KnowledgeTopic } from "@xks/shared/knowledge/types";
import type { ContentCandidate } from "./candidate.ts";
import { intentsOf, meaningfulTokens, termsOf } from "./extract-terms.ts";

/** A place a message may lead to, without a confidence yet. */
export interface IndexTarget {
  candidate: DistributiveOmit<ContentCandidate, "confidence">;
  /** The checklist the target belongs to (an entry's linked step), for the "inside a step" context. */
  checklistId: string | null;
}
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** One indexed phrasing (a question, a title or a keyword) of one target. */
interface IndexedPhrasing {
  target: number;
  terms: readonly string[];
  /** Sum of the IDF weights of its terms. */
  weight: number;
}

/**
 * Everything `understand` needs, built once per knowledge-base version (the inbound job caches it): IDF weights
 * over targets, postings from term to phrasings and targets, and the vocabulary for typo correction.
 */
export interface UnderstandingIndex {
  readonly targets: readonly IndexTarget[];
  readonly phrasings: readonly IndexedPhrasing[];
  /** term → indexes of the phrasings containing it. */
  readonly phrasingPostings: ReadonlyMap<string, readonly number[]>;
  /** term → indexes of the targets containing it in any phrasing. */
  readonly targetPostings: ReadonlyMap<string, readonly number[]>;
  /** term → IDF weight (targets are the documents: an entry with 8 phrasings counts once). */
  readonly idf: ReadonlyMap<string, number>;
  /** Weight of a word the index has never seen: it dilutes the confidence as a typical word would. */
  readonly unknownWordWeight: number;
  /** A word with one letter deleted (or the word itself) → the indexed words it may stand for. */
  readonly typoNeighbours: ReadonlyMap<string, readonly string[]>;
  /** term → the entries whose answer has it: the answer names what tells two sibling entries apart. */
  readonly answerPostings: ReadonlyMap<string, readonly number[]>;
  /** The topics, in the order of `topicTermCounts`' columns. */
  readonly topics: readonly KnowledgeTopic[];
  /** term → in how many phrasings of each topic's targets it appears (a naive Bayes model of the topic). */
  readonly topicTermCounts: ReadonlyMap<string, Float64Array>;
  /** Total term occurrences per topic, and the vocabulary size, for the model's smoothing. */
  readonly topicTotals: Float64Array;
  /** kind of answer (`intentsOf`) → [target, share of its phrasings asking for it] pairs. */
  readonly targetIntents: ReadonlyMap<string, ReadonlyArray<readonly [number, number]>>;
}

/**
 * A pair of neighbouring words ("mat khau", "het han") says more than its two words apart; its IDF is multiplied by
 * this. Tried on the eval's tuning split.
 */
const BIGRAM_WEIGHT = 1;

/** Words shorter than this are never typo-corrected: too many short syllables are one letter apart. */
export const MIN_TYPO_WORD_LETTERS = 5;

function checklistTopic(checklist: Checklist): KnowledgeTopic {
  // "OTHER" has no checklist; a checklist always teaches one of the six topics.
  return checklist.service === "OTHER" ? "VOLUNTEER" : checklist.service;
}

export function buildUnderstandingIndex(input: {
  knowledge: readonly KnowledgeEntry[];
  checklists: readonly Checklist[];
  /**
   * Residents' own questions by entry id, indexed as extra phrasings (default: the shipped ones, from the eval's
   * tuning split). An id that is not in `knowledge` (a disabled entry) is ignored.
   */
  residentsQuestions?: Readonly<Record<string, readonly string[]>>;
}): UnderstandingIndex {
  const residentsQuestions = input.residentsQuestions ?? RESIDENTS_QUESTIONS;
  const targets: IndexTarget[] = [];
  const texts: string[][] = [];
  for (const entry of input.knowledge) {
    targets.push({
      candidate: {
        kind: "entry",
        entryId: entry.id,
        topic: entry.topic,
        title: entry.title,
        checklistId: entry.step?.checklistId ?? null,
      },
      checklistId: entry.step?.checklistId ?? null,
    });
    texts.push([entry.title, ...entry.questions, ...(residentsQuestions[entry.id] ?? [])]);
  }
  for (const checklist of input.checklists) {
    const topic = checklistTopic(checklist);
    targets.push({
      candidate: { kind: "checklist", checklistId: checklist.id, topic, title: checklist.title },
      checklistId: checklist.id,
    });
    texts.push([checklist.title, ...checklist.keywords]);
    for (const step of checklist.steps) {
      // A step is a place to jump to only when its author gave it keywords; every title still helps recognise it.
      if (!step.keywords || step.keywords.length === 0) continue;
      targets.push({
        candidate: { kind: "step", checklistId: checklist.id, stepId: step.id, topic, title: step.title },
        checklistId: checklist.id,
      });
      texts.push([step.title, ...step.keywords]);
    }
  }

  const answerPostings = new Map<string, number[]>();
  input.knowledge.forEach((entry, target) => {
    for (const term of new Set(termsOf(meaningfulTokens(entry.answer)))) push(answerPostings, term, target);
  });

  const raw: { target: number; terms: string[] }[] = [];
  const documentFrequency = new Map<string, number>();
  texts.forEach((phrasings, target) => {
    const seen = new Set<string>();
    // Phrasings that differ only in stop words or spelling ("cài vneid", "cái vneid") count once, or they would
    // look like two phrasings supporting the target.
    const distinct = new Set<string>();
    for (const phrasing of phrasings) {
      const terms = [...new Set(termsOf(meaningfulTokens(phrasing)))];
      const key = [...terms].sort().join("|");
      if (terms.length === 0 || distinct.has(key)) continue;
      distinct.add(key);
      raw.push({ target, terms });
      for (const term of terms) seen.add(term);
    }
    for (const term of seen) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  });

  const n = targets.length;
  const idf = new Map<string, number>();
  for (const [term, df] of documentFrequency) {
    const weight = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    idf.set(term, term.includes(" ") ? weight * BIGRAM_WEIGHT : weight);
  }

  const phrasings: IndexedPhrasing[] = [];
  const phrasingPostings = new Map<string, number[]>();
  const targetPostings = new Map<string, Set<number>>();
  for (const { target, terms } of raw) {
    const index = phrasings.length;
    phrasings.push({ target, terms, weight: terms.reduce((sum, t) => sum + (idf.get(t) ?? 0), 0) });
    for (const term of terms) {
      push(phrasingPostings, term, index);
      const set = targetPostings.get(term) ?? new Set<number>();
      set.add(target);
      targetPostings.set(term, set);
    }
  }

  // The topic model learns from entries only: a checklist's keywords and its steps' are written to name the guide,
  // and the topics' guides differ in size far more than their entries do.
  const topics = [...new Set(targets.map((t) => t.candidate.topic))];
  const topicTermCounts = new Map<string, Float64Array>();
  const topicTotals = new Float64Array(topics.length);
  for (const { target, terms } of raw) {
    const candidate = targets[target]?.candidate;
    if (candidate?.kind !== "entry") continue;
    const column = topics.indexOf(candidate.topic);
    for (const term of terms) {
      const counts = topicTermCounts.get(term) ?? new Float64Array(topics.length);
      counts[column] = (counts[column] ?? 0) + 1;
      topicTermCounts.set(term, counts);
      topicTotals[column] = (topicTotals[column] ?? 0) + 1;
    }
  }

  const intentCounts = new Map<string, Map<number, number>>();
  texts.forEach((phrasings, target) => {
    for (const phrasing of phrasings)
      for (const kind of intentsOf(phrasing)) {
        const counts = intentCounts.get(kind) ?? new Map<number, number>();
        counts.set(target, (counts.get(target) ?? 0) + 1 / phrasings.length);
        intentCounts.set(kind, counts);
      }
  });

  const unigramWeights = [...idf.entries()].filter(([t]) => !t.includes(" ")).map(([, w]) => w);
  const typoNeighbours = new Map<string, string[]>();
  for (const [word] of idf) {
    if (word.includes(" ") || word.length < MIN_TYPO_WORD_LETTERS - 1) continue;
    for (const variant of deletions(word)) push(typoNeighbours, variant, word);
  }

  return {
    targets,
    phrasings,
    phrasingPostings,
    targetPostings: new Map([...targetPostings].map(([term, set]) => [term, [...set]])),
    idf,
    unknownWordWeight: median(unigramWeights),
    typoNeighbours,
    answerPostings,
    topics,
    topicTermCounts,
    topicTotals,
    targetIntents: new Map([...intentCounts].map(([kind, counts]) => [kind, [...counts]])),
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    if (list[list.length - 1] !== value) list.push(value);
  } else map.set(key, [value]);
}

/** The word itself and every way of deleting one of its letters. */
export function deletions(word: string): string[] {
  const out = [word];
  for (let i = 0; i < word.length; i += 1) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

function median(values: number[]): number {
  if (values.length === 0) return 1;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 1;
}
