import { RETIRED_ENTRY_IDS } from "@xks/shared/knowledge/knowledge-base";
import type { KnowledgeEntry, KnowledgeTopic } from "@xks/shared/knowledge/types";
import { KNOWLEDGE_TOPICS } from "@xks/shared/knowledge/types";
import { canonicalText } from "@xks/shared/text/fold-vietnamese";

/** The stored edit of one entry, as read from KnowledgeEntryEdit (the fields the merge needs). */
export interface KnowledgeEdit {
  entryId: string;
  topic: string | null;
  title: string | null;
  answer: string | null;
  linkTitle: string | null;
  linkUrl: string | null;
  linkRemoved: boolean;
  extraQuestions: readonly string[];
  disabled: boolean;
  baseVersion: number | null;
  updatedAt: Date;
}

/** Entries admins write in the mini-app have ids in this namespace, never used by the files. */
export const CUSTOM_ENTRY_PREFIX = "custom.";

/** One entry as admins see it: the merged entry, where it came from, and what the stored edit changed. */
export interface MergedKnowledgeEntry {
  entry: KnowledgeEntry;
  origin: "FILE" | "CUSTOM";
  fileQuestions: readonly string[];
  addedQuestions: readonly string[];
  edit: KnowledgeEdit | null;
  disabled: boolean;
  outdated: boolean;
}

function isTopic(value: string | null): value is KnowledgeTopic {
  return value !== null && (KNOWLEDGE_TOPICS as readonly string[]).includes(value);
}

/** Phrasings in order, without repeats (compared as the bot compares text: folded, abbreviations expanded). */
export function uniquePhrasings(questions: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const question of questions) {
    const key = canonicalText(question);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(question);
  }
  return out;
}

/** The file's phrasings as they are, then the added ones the file (or an earlier added one) does not have already. */
function appendPhrasings(fileQuestions: readonly string[], added: readonly string[]): string[] {
  const seen = new Set(fileQuestions.map(canonicalText));
  const fresh = uniquePhrasings(added).filter((question) => !seen.has(canonicalText(question)));
  return [...fileQuestions, ...fresh];
}

/**
 * Phrasings admins added to entries since merged into another (`RETIRED_ENTRY_IDS`), by the successor's id: the
 * old entry's title and answer are gone with it, but a question admins taught the bot still finds an answer.
 */
function inheritedPhrasings(
  edits: readonly KnowledgeEdit[],
  retired: Readonly<Record<string, string>>,
): Map<string, string[]> {
  const inherited = new Map<string, string[]>();
  for (const edit of edits) {
    const successor = retired[edit.entryId];
    if (!successor || edit.disabled || edit.extraQuestions.length === 0) continue;
    inherited.set(successor, [...(inherited.get(successor) ?? []), ...edit.extraQuestions]);
  }
  return inherited;
}

function applyEdit(file: KnowledgeEntry, edit: KnowledgeEdit): KnowledgeEntry {
  const { link: fileLink, ...rest } = file;
  const link =
    edit.linkUrl && edit.linkTitle
      ? { title: edit.linkTitle, url: edit.linkUrl }
      : edit.linkRemoved
        ? undefined
        : fileLink;
  return {
    ...rest,
    title: edit.title ?? file.title,
    answer: edit.answer ?? file.answer,
    questions: appendPhrasings(file.questions, edit.extraQuestions),
    ...(link ? { link } : {}),
  };
}

function customEntry(edit: KnowledgeEdit): KnowledgeEntry | null {
  if (!edit.entryId.startsWith(CUSTOM_ENTRY_PREFIX) || !isTopic(edit.topic) || !edit.title || !edit.answer) {
    return null;
  }
  return {
    id: edit.entryId,
    topic: edit.topic,
    version: 1,
    title: edit.title,
    questions: uniquePhrasings(edit.extraQuestions),
    answer: edit.answer,
    ...(edit.linkUrl && edit.linkTitle ? { link: { title: edit.linkTitle, url: edit.linkUrl } } : {}),
    // Written by the union's own admins: no official page was cited.
    sources: [],
  };
}

/**
 * The file entries with the admins' stored edits applied: an edit's title, answer and link win over the file's,
 * its phrasings are appended, admin-written entries are added after the files', disabled entries are kept but
 * marked (the bot leaves them out, admins still see them). The phrasings added to an entry since merged into another
 * join the successor's; any other edit of an entry the files no longer have is ignored.
 */
export function mergeKnowledgeEdits(
  files: readonly KnowledgeEntry[],
  edits: readonly KnowledgeEdit[],
  retired: Readonly<Record<string, string>> = RETIRED_ENTRY_IDS,
): MergedKnowledgeEntry[] {
  const byId = new Map(edits.map((edit) => [edit.entryId, edit]));
  const inherited = inheritedPhrasings(edits, retired);
  const merged: MergedKnowledgeEntry[] = files.map((file) => {
    const edit = byId.get(file.id) ?? null;
    const edited = edit ? applyEdit(file, edit) : file;
    const extra = inherited.get(file.id) ?? [];
    const entry = extra.length > 0 ? { ...edited, questions: appendPhrasings(edited.questions, extra) } : edited;
    return {
      entry,
      origin: "FILE",
      fileQuestions: file.questions,
      addedQuestions: [...(edit ? edit.extraQuestions : []), ...extra],
      edit,
      disabled: edit?.disabled ?? false,
      outdated: edit?.baseVersion != null && edit.baseVersion < file.version,
    };
  });
  const fileIds = new Set(files.map((file) => file.id));
  const custom = edits
    .filter((edit) => !fileIds.has(edit.entryId) && !(edit.entryId in retired))
    .sort((a, b) => a.entryId.localeCompare(b.entryId));
  for (const edit of custom) {
    const entry = customEntry(edit);
    if (!entry) continue;
    merged.push({
      entry,
      origin: "CUSTOM",
      fileQuestions: [],
      addedQuestions: edit.extraQuestions,
      edit,
      disabled: edit.disabled,
      outdated: false,
    });
  }
  return merged;
}
