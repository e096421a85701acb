import type { KnowledgeTopic } from "@xks/shared/knowledge/types";

/**
 * One message of the understanding eval set, as a resident wrote it (or a typed variant of one: without diacritics,
 * with abbreviations). `expect` is what the bot should understand; the most precise label that is certain is used.
 */
export interface LabelledMessage {
  text: string;
  expect:
    | { kind: "entry"; entryId: string; topic: KnowledgeTopic }
    | { kind: "step"; checklistId: string; stepId: string; topic: KnowledgeTopic }
    | { kind: "topic"; topic: KnowledgeTopic }
    /** The resident cannot do it alone and asks for a person ("có ai đến nhà hướng dẫn bà không"). */
    | { kind: "person" }
    /** Off-topic: the bot should say honestly it cannot help with this. */
    | { kind: "none" };
  /**
   * "tuning": rules and phrasings may be adjusted to it. "heldout": never read while tuning; no phrasing of the
   * knowledge base may be copied from it. A variant has the split of its original.
   */
  split: "tuning" | "heldout";
  /** Where the original was found: a public Q&A column, forum thread, FAQ page or press quote. */
  source: { title: string; url: string };
  /** For a typed variant: the text of the original it was derived from. */
  variantOf?: string;
}
