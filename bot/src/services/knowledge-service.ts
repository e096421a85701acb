import { createHash } from "node:crypto";
import type {
  createKnowledgeEntryBodySchema,
  KnowledgeEntryDetail,
  KnowledgeEntrySummary,
  KnowledgeTopic,
  listKnowledgeEntriesQuerySchema,
  PrivacyWarning,
  updateKnowledgeEntryBodySchema,
} from "@xks/shared/api/knowledge";
import { KNOWLEDGE_ADDED_PHRASINGS_MAX } from "@xks/shared/api/knowledge";
import { KNOWLEDGE_BASE } from "@xks/shared/knowledge/knowledge-base";
import type { KnowledgeEntry } from "@xks/shared/knowledge/types";
import { REDACTION_MASKS, redactSensitive, type SensitiveKind } from "@xks/shared/privacy/redact-sensitive";
import { canonicalText, foldVietnamese } from "@xks/shared/text/fold-vietnamese";
import type { z } from "zod";
import type { MemberWithUnit } from "../auth/request-auth.ts";
import type { PrismaClient } from "../db.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { writeAuditLog } from "./audit-log.ts";
import {
  CUSTOM_ENTRY_PREFIX,
  type KnowledgeEdit,
  type MergedKnowledgeEntry,
  mergeKnowledgeEdits,
  uniquePhrasings,
} from "./merge-knowledge-edits.ts";

type Db = Pick<PrismaClient, "$queryRaw" | "knowledgeEntryEdit">;
type Tx = Prisma.TransactionClient;

/** The knowledge base the bot answers from, and a version that changes whenever the files or any stored edit do. */
export interface KnowledgeBase {
  version: string;
  entries: readonly KnowledgeEntry[];
}

const fileDigests = new WeakMap<readonly KnowledgeEntry[], string>();

/** A digest of the shipped entries, computed once per list: a release with changed files gets a new version. */
function digestOfFiles(files: readonly KnowledgeEntry[]): string {
  let digest = fileDigests.get(files);
  if (!digest) {
    digest = createHash("sha256").update(JSON.stringify(files)).digest("base64url").slice(0, 16);
    fileDigests.set(files, digest);
  }
  return digest;
}

/** Merged knowledge bases by version; a handful suffices (one per database a process talks to, in tests a few). */
const mergedCache = new Map<string, KnowledgeBase>();
const MERGED_CACHE_SIZE = 8;

/**
 * The knowledge base as the bot should use it for this message: the shipped files with the admins' stored edits
 * applied (see `mergeKnowledgeEdits`), disabled entries left out. Cheap enough to call for every message: one query
 * over the (small) edits table answers a digest of every row's id and `updatedAt` (set on every change); only when
 * it changes are the edits read and merged again. The understanding module keys its index on `version`, so an admin's edit is used from the next
 * message on.
 */
export async function loadKnowledgeBase(
  prisma: Db,
  files: readonly KnowledgeEntry[] = KNOWLEDGE_BASE,
): Promise<KnowledgeBase> {
  const [row] = await prisma.$queryRaw<{ edits: number; digest: string | null }[]>`
    SELECT count(*)::int AS edits,
           md5(string_agg("entryId" || '@' || "updatedAt"::text, '|' ORDER BY "entryId")) AS digest
    FROM "KnowledgeEntryEdit"`;
  const version = `kb-${digestOfFiles(files)}-${row?.edits ?? 0}-${(row?.digest ?? "none").slice(0, 16)}`;
  const cached = mergedCache.get(version);
  if (cached) return cached;
  const edits = row && row.edits > 0 ? await prisma.knowledgeEntryEdit.findMany() : [];
  const entries = mergeKnowledgeEdits(files, edits)
    .filter((merged) => !merged.disabled)
    .map((merged) => merged.entry);
  const knowledgeBase: KnowledgeBase = { version, entries };
  mergedCache.set(version, knowledgeBase);
  if (mergedCache.size > MERGED_CACHE_SIZE) {
    const oldest = mergedCache.keys().next().value;
    if (oldest !== undefined) mergedCache.delete(oldest);
  }
  return knowledgeBase;
}

/** Every entry as admins see it (disabled ones included), with what the stored edits changed. */
export async function loadKnowledgeAdminView(
  prisma: Pick<PrismaClient, "knowledgeEntryEdit">,
  files: readonly KnowledgeEntry[] = KNOWLEDGE_BASE,
): Promise<MergedKnowledgeEntry[]> {
  return mergeKnowledgeEdits(files, await prisma.knowledgeEntryEdit.findMany());
}

const ANSWER_PREVIEW_CHARS = 120;

export function toKnowledgeSummaryDto(merged: MergedKnowledgeEntry): KnowledgeEntrySummary {
  const { entry } = merged;
  const answer = entry.answer.replace(/\s+/g, " ").trim();
  return {
    id: entry.id,
    topic: entry.topic,
    title: entry.title,
    origin: merged.origin,
    edited: merged.edit !== null,
    disabled: merged.disabled,
    questionCount: entry.questions.length,
    answerPreview: answer.length > ANSWER_PREVIEW_CHARS ? `${answer.slice(0, ANSWER_PREVIEW_CHARS - 1)}…` : answer,
  };
}

export function toKnowledgeDetailDto(merged: MergedKnowledgeEntry): KnowledgeEntryDetail {
  const { entry, edit } = merged;
  return {
    id: entry.id,
    topic: entry.topic,
    origin: merged.origin,
    version: entry.version,
    title: entry.title,
    answer: entry.answer,
    link: entry.link ?? null,
    fileQuestions: [...merged.fileQuestions],
    addedQuestions: [...merged.addedQuestions],
    step: entry.step ?? null,
    sources: entry.sources.map((s) => ({ ...s })),
    edited: edit !== null,
    disabled: merged.disabled,
    overridden: {
      title: merged.origin === "FILE" && edit?.title != null,
      answer: merged.origin === "FILE" && edit?.answer != null,
      link: merged.origin === "FILE" && (edit?.linkUrl != null || edit?.linkRemoved === true),
    },
    outdated: merged.outdated,
    editedAt: edit?.updatedAt.toISOString() ?? null,
  };
}

/**
 * Search over title, phrasings and answer, folded on both sides ("quen mat khau" finds "Quên mật khẩu"), every
 * word required. Entries whose title or phrasings match come before those matched only in the answer.
 */
export function searchKnowledge(
  all: readonly MergedKnowledgeEntry[],
  query: z.output<typeof listKnowledgeEntriesQuerySchema>,
): { items: MergedKnowledgeEntry[]; total: number } {
  const words = canonicalText(query.q ?? "")
    .split(" ")
    .filter(Boolean);
  const candidates = all.filter(
    (merged) => (query.includeDisabled || !merged.disabled) && (!query.topic || merged.entry.topic === query.topic),
  );
  const scored = candidates
    .map((merged) => {
      if (words.length === 0) return { merged, rank: 0 };
      const head = ` ${canonicalText([merged.entry.id, merged.entry.title, ...merged.entry.questions].join(" "))} `;
      const body = ` ${canonicalText(merged.entry.answer)} `;
      // Each word matches the start of a word ("mat" finds "mật", not "format"), so typing narrows as it goes.
      const has = (text: string, word: string) => text.includes(` ${word}`);
      if (words.every((word) => has(head, word))) return { merged, rank: 0 };
      if (words.every((word) => has(head, word) || has(body, word))) return { merged, rank: 1 };
      return null;
    })
    .filter((hit): hit is { merged: MergedKnowledgeEntry; rank: number } => hit !== null)
    .sort((a, b) => a.rank - b.rank);
  return { items: scored.slice(0, query.limit).map((hit) => hit.merged), total: scored.length };
}

export async function getKnowledgeEntry(
  prisma: Pick<PrismaClient, "knowledgeEntryEdit">,
  id: string,
  files: readonly KnowledgeEntry[] = KNOWLEDGE_BASE,
): Promise<MergedKnowledgeEntry> {
  const merged = (await loadKnowledgeAdminView(prisma, files)).find((m) => m.entry.id === id);
  if (!merged) throw new NotFoundError("Không tìm thấy câu trả lời này trong kho.", "KNOWLEDGE_ENTRY_NOT_FOUND");
  return merged;
}

const SENSITIVE_LABELS: Record<SensitiveKind, string> = {
  CITIZEN_ID: "số định danh/CCCD",
  BANK_CARD: "số thẻ ngân hàng",
  OTP: "mã OTP",
  PASSWORD: "mật khẩu",
};

/**
 * The privacy guard read over what an admin typed: nothing is changed (an answer may rightly say "mật khẩu gồm 6
 * chữ số"), but the admin is told when something looks like a resident's ID number, OTP, card number or password.
 */
export function checkPrivacy(fields: Record<string, string | null | undefined>): PrivacyWarning[] {
  const warnings: PrivacyWarning[] = [];
  for (const [field, text] of Object.entries(fields)) {
    if (!text) continue;
    // Masks already in the text (a resident's masked question) are not a new finding.
    const masksRemoved = Object.values(REDACTION_MASKS).reduce((t, mask) => t.split(mask).join(" "), text);
    const { found } = redactSensitive(masksRemoved);
    if (found.length === 0) continue;
    warnings.push({
      field,
      kinds: found,
      message: `Nội dung có vẻ chứa ${found.map((k) => SENSITIVE_LABELS[k]).join(", ")}. Đã lưu như bạn nhập; nếu đó là thông tin thật của người dân, vui lòng xóa đi.`,
    });
  }
  return warnings;
}

interface ChangeResult {
  entry: MergedKnowledgeEntry;
  warnings: PrivacyWarning[];
}

function fileEntryOf(files: readonly KnowledgeEntry[], id: string): KnowledgeEntry | undefined {
  return files.find((file) => file.id === id);
}

/** Locks the entry's edit row for a read-modify-write (phrasing lists), creating it first for a file entry. */
async function lockEdit(tx: Tx, id: string, file: KnowledgeEntry | undefined): Promise<KnowledgeEdit | null> {
  if (file) {
    await tx.knowledgeEntryEdit.upsert({
      where: { entryId: id },
      create: { entryId: id, baseVersion: file.version },
      update: {},
    });
  }
  const rows = await tx.$queryRaw<{ entryId: string }[]>`
    SELECT "entryId" FROM "KnowledgeEntryEdit" WHERE "entryId" = ${id} FOR UPDATE`;
  if (rows.length === 0) return null;
  return tx.knowledgeEntryEdit.findUnique({ where: { entryId: id } });
}

async function reload(tx: Tx, id: string, files: readonly KnowledgeEntry[]): Promise<MergedKnowledgeEntry> {
  return getKnowledgeEntry(tx, id, files);
}

/** Title, answer or link: the stored value wins over the file's; `null` goes back to the file's. */
export async function updateKnowledgeEntry(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  id: string,
  body: z.output<typeof updateKnowledgeEntryBodySchema>,
  files: readonly KnowledgeEntry[] = KNOWLEDGE_BASE,
): Promise<ChangeResult> {
  await getKnowledgeEntry(prisma, id, files);
  const file = fileEntryOf(files, id);
  if (!file && (body.title === null || body.answer === null || body.link === "file")) {
    throw new InvalidInputError(
      "Câu trả lời do quản trị viên viết không có bản gốc để khôi phục.",
      "KNOWLEDGE_NO_FILE_VERSION",
    );
  }
  const data: Prisma.KnowledgeEntryEditUncheckedUpdateInput = { updatedById: actor.id };
  if (body.title !== undefined) data.title = body.title;
  if (body.answer !== undefined) data.answer = body.answer;
  if (body.link !== undefined) {
    if (body.link === "file") Object.assign(data, { linkTitle: null, linkUrl: null, linkRemoved: false });
    else if (body.link === null) Object.assign(data, { linkTitle: null, linkUrl: null, linkRemoved: !!file?.link });
    else Object.assign(data, { linkTitle: body.link.title, linkUrl: body.link.url, linkRemoved: false });
  }
  if (file) data.baseVersion = file.version;
  const warnings = checkPrivacy({
    title: body.title,
    answer: body.answer,
    link: typeof body.link === "object" && body.link ? body.link.title : null,
  });
  const entry = await prisma.$transaction(async (tx) => {
    await tx.knowledgeEntryEdit.upsert({
      where: { entryId: id },
      create: { ...(data as Prisma.KnowledgeEntryEditUncheckedCreateInput), entryId: id },
      update: data,
    });
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "knowledge.update",
      targetType: "KnowledgeEntry",
      targetId: id,
      details: { fields: Object.keys(body).filter((k) => body[k as keyof typeof body] !== undefined) },
    });
    return reload(tx, id, files);
  });
  return { entry, warnings };
}

/** Appends a phrasing (refused when the entry already has it, typed alike). Runs inside the caller's transaction. */
export async function addKnowledgePhrasing(
  tx: Tx,
  actor: MemberWithUnit,
  id: string,
  text: string,
  files: readonly KnowledgeEntry[] = KNOWLEDGE_BASE,
): Promise<ChangeResult> {
  const current = await getKnowledgeEntry(tx, id, files);
  const key = canonicalText(text);
  if (!key) throw new InvalidInputError("Câu hỏi cần có chữ hoặc số.", "PHRASING_EMPTY");
  if (current.entry.questions.some((q) => canonicalText(q) === key)) {
    throw new ConflictError("Câu trả lời này đã có cách hỏi đó.", "PHRASING_EXISTS");
  }
  const edit = await lockEdit(tx, id, fileEntryOf(files, id));
  if (!edit) throw new NotFoundError("Không tìm thấy câu trả lời này trong kho.", "KNOWLEDGE_ENTRY_NOT_FOUND");
  if (edit.extraQuestions.length >= KNOWLEDGE_ADDED_PHRASINGS_MAX) {
    throw new ConflictError(
      `Mỗi câu trả lời chỉ thêm được ${KNOWLEDGE_ADDED_PHRASINGS_MAX} cách hỏi.`,
      "PHRASING_LIMIT_REACHED",
    );
  }
  await tx.knowledgeEntryEdit.update({
    where: { entryId: id },
    data: { extraQuestions: [...edit.extraQuestions, text], updatedById: actor.id },
  });
  await writeAuditLog(tx, {
    actorId: actor.id,
    action: "knowledge.add-phrasing",
    targetType: "KnowledgeEntry",
    targetId: id,
    details: { text },
  });
  return { entry: await reload(tx, id, files), warnings: checkPrivacy({ text }) };
}

/** Removes a phrasing an admin added (the file's own phrasings stay: they are what the eval is measured on). */
export async function removeKnowledgePhrasing(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  id: string,
  text: string,
  files: readonly KnowledgeEntry[] = KNOWLEDGE_BASE,
): Promise<ChangeResult> {
  const current = await getKnowledgeEntry(prisma, id, files);
  const key = canonicalText(text);
  const entry = await prisma.$transaction(async (tx) => {
    const edit = await lockEdit(tx, id, undefined);
    const kept = (edit?.extraQuestions ?? []).filter((q) => canonicalText(q) !== key);
    if (!edit || kept.length === edit.extraQuestions.length) {
      const inFile = current.fileQuestions.some((q) => canonicalText(q) === key);
      throw inFile
        ? new InvalidInputError("Cách hỏi có sẵn trong tệp dữ liệu, không xóa được ở đây.", "PHRASING_FROM_FILE")
        : new NotFoundError("Không tìm thấy cách hỏi này.", "PHRASING_NOT_FOUND");
    }
    if (current.origin === "CUSTOM" && kept.length === 0) {
      throw new InvalidInputError("Câu trả lời cần giữ ít nhất một cách hỏi.", "PHRASING_LAST_ONE");
    }
    await tx.knowledgeEntryEdit.update({
      where: { entryId: id },
      data: { extraQuestions: kept, updatedById: actor.id },
    });
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "knowledge.remove-phrasing",
      targetType: "KnowledgeEntry",
      targetId: id,
      details: { text },
    });
    return reload(tx, id, files);
  });
  return { entry, warnings: [] };
}

/** "Quên mật khẩu VNeID" → "custom.quen-mat-khau-vneid" (then "-2", "-3"… when taken). */
function slugOf(title: string): string {
  const slug = foldVietnamese(title).replace(/\s+/g, "-").slice(0, 40).replace(/-+$/, "");
  return slug || "cau-hoi";
}

/** Two admins writing entries with the same title at the same moment: the second is told, not given a 500. */
async function createEditRow(tx: Tx, data: Prisma.KnowledgeEntryEditUncheckedCreateInput): Promise<void> {
  try {
    await tx.knowledgeEntryEdit.create({ data });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ConflictError("Vừa có câu trả lời cùng tiêu đề được tạo, vui lòng thử lại.", "KNOWLEDGE_ENTRY_EXISTS");
    }
    throw error;
  }
}

/** A new entry written by an admin; its id is derived from the title. Runs inside the caller's transaction. */
export async function createKnowledgeEntry(
  tx: Tx,
  actor: MemberWithUnit,
  body: Omit<z.output<typeof createKnowledgeEntryBodySchema>, "topic"> & { topic: KnowledgeTopic },
  files: readonly KnowledgeEntry[] = KNOWLEDGE_BASE,
): Promise<ChangeResult> {
  const base = `${CUSTOM_ENTRY_PREFIX}${slugOf(body.title)}`;
  const taken = new Set(
    (await tx.knowledgeEntryEdit.findMany({ where: { entryId: { startsWith: base } }, select: { entryId: true } })).map(
      (row) => row.entryId,
    ),
  );
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  const questions = uniquePhrasings(body.questions);
  if (questions.length === 0) throw new InvalidInputError("Cần ít nhất một cách hỏi có chữ hoặc số.", "PHRASING_EMPTY");
  await createEditRow(tx, {
    entryId: id,
    topic: body.topic,
    title: body.title,
    answer: body.answer,
    linkTitle: body.link?.title ?? null,
    linkUrl: body.link?.url ?? null,
    extraQuestions: questions,
    updatedById: actor.id,
  });
  await writeAuditLog(tx, {
    actorId: actor.id,
    action: "knowledge.create",
    targetType: "KnowledgeEntry",
    targetId: id,
    details: { topic: body.topic, title: body.title },
  });
  const warnings = checkPrivacy({
    title: body.title,
    answer: body.answer,
    ...Object.fromEntries(questions.map((q, i) => [`questions.${i}`, q])),
  });
  return { entry: await reload(tx, id, files), warnings };
}

/** A disabled entry stays in the kho (admins can enable it again) but the bot no longer answers with it. */
export async function setKnowledgeEntryDisabled(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  id: string,
  disabled: boolean,
  files: readonly KnowledgeEntry[] = KNOWLEDGE_BASE,
): Promise<ChangeResult> {
  await getKnowledgeEntry(prisma, id, files);
  const file = fileEntryOf(files, id);
  const entry = await prisma.$transaction(async (tx) => {
    await tx.knowledgeEntryEdit.upsert({
      where: { entryId: id },
      create: { entryId: id, disabled, updatedById: actor.id, baseVersion: file?.version ?? null },
      update: { disabled, updatedById: actor.id },
    });
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: disabled ? "knowledge.disable" : "knowledge.enable",
      targetType: "KnowledgeEntry",
      targetId: id,
    });
    return reload(tx, id, files);
  });
  return { entry, warnings: [] };
}
