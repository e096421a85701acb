import type { Checklist } from "@xks/shared/checklists/types";
import type { KnowledgeEntry } from "@xks/shared/knowledge/types";
import { buildUnderstandingIndex, type UnderstandingIndex } from "./build-understanding-index.ts";

let cached: { version: string; checklists: readonly Checklist[]; index: UnderstandingIndex } | null = null;

/**
 * The understanding index for a knowledge-base version, built once per process and version: an admin's edit
 * changes the version, so the next message is understood with it. Building takes a few milliseconds for the
 * whole knowledge base; only the latest version is kept (a process answers from one database).
 */
export function indexForVersion(
  knowledge: { version: string; entries: readonly KnowledgeEntry[] },
  checklists: readonly Checklist[],
): UnderstandingIndex {
  if (cached && cached.version === knowledge.version && cached.checklists === checklists) return cached.index;
  const index = buildUnderstandingIndex({ knowledge: knowledge.entries, checklists });
  cached = { version: knowledge.version, checklists, index };
  return index;
}
