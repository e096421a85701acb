import { cashlessEntries } from "./entries/cashless.ts";
import { chipIdEntries } from "./entries/chip-id.ts";
import { ecommerceEntries } from "./entries/ecommerce.ts";
import { onlineSafetyEntries } from "./entries/online-safety.ts";
import { publicServicesEntries } from "./entries/public-services.ts";
import { vneidEntries } from "./entries/vneid.ts";
import { volunteerEntries } from "./entries/volunteer.ts";
import type { KnowledgeEntry } from "./types.ts";

/**
 * Every knowledge-base entry, grouped by topic in menu order. Adding an entry to its topic's file is all it takes;
 * the understanding module indexes every phrasing at start-up. Ids are stable: other data (the eval set, stored
 * admin edits) refers to them, so an entry that changes meaning gets a new id and the old one is never reused.
 */
export const KNOWLEDGE_BASE: readonly KnowledgeEntry[] = [
  ...vneidEntries,
  ...chipIdEntries,
  ...publicServicesEntries,
  ...cashlessEntries,
  ...onlineSafetyEntries,
  ...ecommerceEntries,
  ...volunteerEntries,
];

/**
 * Entries merged into another (old id → the entry that now answers its questions). The old id is never reused: an
 * admin's stored edit of it keeps its added phrasings, which join the successor's (`mergeKnowledgeEdits`).
 */
export const RETIRED_ENTRY_IDS: Readonly<Record<string, string>> = {
  // Same advice, same checklist step: "what to do now" and "can I get the money back" are one answer.
  "online-safety.get-money-back": "online-safety.scammed-what-now",
};

export function findKnowledgeEntry(id: string): KnowledgeEntry | undefined {
  return KNOWLEDGE_BASE.find((entry) => entry.id === id);
}
