import type {
  addUnansweredAsPhrasingBodySchema,
  createEntryFromUnansweredBodySchema,
  listUnansweredQuerySchema,
  UnansweredGroup,
  UnansweredPage,
  UnansweredResolution,
} from "@xks/shared/api/knowledge";
import { KNOWLEDGE_PHRASING_MAX_CHARS } from "@xks/shared/api/knowledge";
import { CHECKLISTS } from "@xks/shared/checklists/index";
import { KNOWLEDGE_BASE } from "@xks/shared/knowledge/knowledge-base";
import type { KnowledgeEntry } from "@xks/shared/knowledge/types";
import { canonicalText } from "@xks/shared/text/fold-vietnamese";
import type { z } from "zod";
import type { MemberWithUnit } from "../auth/request-auth.ts";
import type { PrismaClient } from "../db.ts";
import { InvalidInputError, NotFoundError } from "../errors.ts";
import { Prisma, type UnansweredReviewAction } from "../generated/prisma/client.ts";
import { writeAuditLog } from "./audit-log.ts";
import {
  addKnowledgePhrasing,
  createKnowledgeEntry,
  getKnowledgeEntry,
  loadKnowledgeAdminView,
  toKnowledgeDetailDto,
} from "./knowledge-service.ts";

type Tx = Prisma.TransactionClient;

interface GroupRow {
  normalized: string;
  count: number;
  firstAskedAt: Date;
  lastAskedAt: Date;
  sampleText: string;
  bestGuess: string | null;
  confidence: number;
  total: number;
}

/**
 * Open groups: the questions of each `normalized` text asked after the group was last handled (a review's
 * `reviewedAt`), or all of them when it never was. Newest: by the last time it was asked; frequent: by how many
 * times. The sample is the latest question as typed, and so is the best guess.
 */
export async function listUnansweredGroups(
  prisma: PrismaClient,
  query: z.output<typeof listUnansweredQuerySchema>,
  files: readonly KnowledgeEntry[] = KNOWLEDGE_BASE,
): Promise<UnansweredPage> {
  const order =
    query.sort === "frequent"
      ? Prisma.sql`g.count DESC, g."lastAskedAt" DESC, g.normalized`
      : Prisma.sql`g."lastAskedAt" DESC, g.count DESC, g.normalized`;
  const offset = (query.page - 1) * query.pageSize;
  const rows = await prisma.$queryRaw<GroupRow[]>`
    WITH open AS (
      SELECT q.* FROM "UnansweredQuestion" q
      LEFT JOIN "UnansweredQuestionReview" r ON r.normalized = q.normalized
      WHERE r.normalized IS NULL OR q."createdAt" > r."reviewedAt"
    ),
    groups AS (
      SELECT normalized, count(*)::int AS count, min("createdAt") AS "firstAskedAt", max("createdAt") AS "lastAskedAt"
      FROM open GROUP BY normalized
    ),
    latest AS (
      SELECT DISTINCT ON (normalized) normalized, text, "bestGuess", confidence
      FROM open ORDER BY normalized, "createdAt" DESC, id DESC
    )
    SELECT g.normalized, g.count, g."firstAskedAt", g."lastAskedAt", l.text AS "sampleText", l."bestGuess",
           l.confidence, (count(*) OVER ())::int AS total
    FROM groups g JOIN latest l ON l.normalized = g.normalized
    ORDER BY ${order}
    LIMIT ${query.pageSize} OFFSET ${offset}`;
  let total = rows[0]?.total;
  if (total === undefined) {
    // Past the last page: the window count has no row to ride on.
    const [row] = await prisma.$queryRaw<{ total: number }[]>`
      SELECT count(DISTINCT q.normalized)::int AS total FROM "UnansweredQuestion" q
      LEFT JOIN "UnansweredQuestionReview" r ON r.normalized = q.normalized
      WHERE r.normalized IS NULL OR q."createdAt" > r."reviewedAt"`;
    total = row?.total ?? 0;
  }
  const titles = new Map(
    (rows.some((r) => r.bestGuess) ? await loadKnowledgeAdminView(prisma, files) : []).map((m) => [
      m.entry.id,
      m.entry.title,
    ]),
  );
  return {
    items: rows.map((row) => toGroupDto(row, titles)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

function toGroupDto(row: GroupRow, entryTitles: ReadonlyMap<string, string>): UnansweredGroup {
  return {
    normalized: row.normalized,
    count: row.count,
    firstAskedAt: row.firstAskedAt.toISOString(),
    lastAskedAt: row.lastAskedAt.toISOString(),
    sampleText: row.sampleText,
    bestGuess: row.bestGuess ? { ...describeGuess(row.bestGuess, entryTitles), confidence: row.confidence } : null,
  };
}

/** "vneid.forgot-password" → the entry's title; "vneid#install" → the checklist step's title. */
function describeGuess(
  id: string,
  entryTitles: ReadonlyMap<string, string>,
): { id: string; kind: "ENTRY" | "STEP" | "OTHER"; label: string } {
  const title = entryTitles.get(id);
  if (title) return { id, kind: "ENTRY", label: title };
  const [checklistId, stepId] = id.split("#");
  if (checklistId && stepId) {
    const checklist = CHECKLISTS.find((c) => c.id === checklistId);
    const step = checklist?.steps.find((s) => s.id === stepId);
    if (checklist && step) return { id, kind: "STEP", label: `${checklist.title}: ${step.title}` };
  }
  return { id, kind: "OTHER", label: id };
}

/** A question longer than a phrasing may be must be shortened by the admin first (the screen offers to). */
function phrasingFrom(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length > KNOWLEDGE_PHRASING_MAX_CHARS) {
    throw new InvalidInputError(
      `Câu hỏi dài quá ${KNOWLEDGE_PHRASING_MAX_CHARS} ký tự: vui lòng rút gọn trước khi thêm.`,
      "PHRASING_TOO_LONG",
    );
  }
  return trimmed;
}

interface OpenGroup {
  count: number;
  lastAskedAt: Date;
  sampleText: string;
}

/** The group's questions still on the list, locked against a second admin handling it at the same moment. */
async function openGroupOf(tx: Tx, normalized: string): Promise<OpenGroup> {
  // Serialises admins acting on the same group until the transaction ends.
  await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext(${`unanswered:${normalized}`}))`;
  const [row] = await tx.$queryRaw<{ count: number; lastAskedAt: Date | null; sampleText: string | null }[]>`
    SELECT count(*)::int AS count, max(q."createdAt") AS "lastAskedAt",
           (array_agg(q.text ORDER BY q."createdAt" DESC, q.id DESC))[1] AS "sampleText"
    FROM "UnansweredQuestion" q
    LEFT JOIN "UnansweredQuestionReview" r ON r.normalized = q.normalized
    WHERE q.normalized = ${normalized} AND (r.normalized IS NULL OR q."createdAt" > r."reviewedAt")`;
  if (!row || row.count === 0 || !row.lastAskedAt || row.sampleText === null) {
    throw new NotFoundError(
      "Nhóm câu hỏi này không còn trong danh sách (có thể quản trị viên khác vừa xử lý).",
      "UNANSWERED_NOT_FOUND",
    );
  }
  return { count: row.count, lastAskedAt: row.lastAskedAt, sampleText: row.sampleText };
}

async function markReviewed(
  tx: Tx,
  actor: MemberWithUnit,
  normalized: string,
  group: OpenGroup,
  action: UnansweredReviewAction,
  entryId: string | null,
): Promise<void> {
  // Never before the group's last question, whatever the clocks say: that question must leave the list.
  const now = new Date();
  const reviewedAt = now > group.lastAskedAt ? now : group.lastAskedAt;
  await tx.unansweredQuestionReview.upsert({
    where: { normalized },
    create: { normalized, action, entryId, reviewedById: actor.id, reviewedAt },
    update: { action, entryId, reviewedById: actor.id, reviewedAt },
  });
  await writeAuditLog(tx, {
    actorId: actor.id,
    action: `unanswered.${action === "PHRASING_ADDED" ? "add-phrasing" : action === "ENTRY_CREATED" ? "create-entry" : "dismiss"}`,
    targetType: "UnansweredQuestion",
    targetId: entryId,
    details: { questions: group.count },
  });
}

/** The group's question becomes a phrasing of an entry; the group leaves the list. */
export async function addUnansweredAsPhrasing(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  body: z.output<typeof addUnansweredAsPhrasingBodySchema>,
  files: readonly KnowledgeEntry[] = KNOWLEDGE_BASE,
): Promise<UnansweredResolution> {
  return prisma.$transaction(async (tx) => {
    const group = await openGroupOf(tx, body.normalized);
    const text = body.text ?? phrasingFrom(group.sampleText);
    const current = await getKnowledgeEntry(tx, body.entryId, files);
    // The entry already has it (typed alike): nothing to add, but the admin's choice still handles the group.
    const known = current.entry.questions.some((q) => canonicalText(q) === canonicalText(text));
    const { entry, warnings } = known
      ? { entry: current, warnings: [] }
      : await addKnowledgePhrasing(tx, actor, body.entryId, text, files);
    await markReviewed(tx, actor, body.normalized, group, "PHRASING_ADDED", body.entryId);
    return { resolved: group.count, entry: toKnowledgeDetailDto(entry), warnings };
  });
}

/** A new entry answering the group (its question the first phrasing); the group leaves the list. */
export async function createEntryFromUnanswered(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  body: z.output<typeof createEntryFromUnansweredBodySchema>,
  files: readonly KnowledgeEntry[] = KNOWLEDGE_BASE,
): Promise<UnansweredResolution> {
  return prisma.$transaction(async (tx) => {
    const group = await openGroupOf(tx, body.normalized);
    const { entry, warnings } = await createKnowledgeEntry(
      tx,
      actor,
      {
        topic: body.topic,
        title: body.title,
        answer: body.answer,
        questions: body.questions ?? [phrasingFrom(group.sampleText)],
        link: body.link ?? null,
      },
      files,
    );
    await markReviewed(tx, actor, body.normalized, group, "ENTRY_CREATED", entry.entry.id);
    return { resolved: group.count, entry: toKnowledgeDetailDto(entry), warnings };
  });
}

/** Not worth an answer (a greeting, noise): the group leaves the list until it is asked again. */
export async function dismissUnanswered(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  normalized: string,
): Promise<UnansweredResolution> {
  return prisma.$transaction(async (tx) => {
    const group = await openGroupOf(tx, normalized);
    await markReviewed(tx, actor, normalized, group, "DISMISSED", null);
    return { resolved: group.count, entry: null, warnings: [] };
  });
}
