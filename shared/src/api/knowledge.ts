import { z } from "zod";
import { MAX_BUTTON_TITLE_CHARS } from "../checklists/types.ts";
import {
  KNOWLEDGE_ADDED_PHRASINGS_MAX,
  KNOWLEDGE_ANSWER_MAX_CHARS,
  KNOWLEDGE_PHRASING_MAX_CHARS,
  KNOWLEDGE_TITLE_MAX_CHARS,
} from "../knowledge/admin-labels.ts";
import { KNOWLEDGE_TOPICS, type KnowledgeTopic } from "../knowledge/types.ts";
import { idSchema, isoDateTimeSchema } from "./common.ts";

/**
 * The knowledge-base admin API (organisation admins only): the bot's answers as the files ship them merged with
 * the admins' stored edits, and the questions the bot could not answer, grouped, for admins to turn into phrasings
 * or new entries. A stored edit wins over the file, from the next message on.
 */

export {
  KNOWLEDGE_ADDED_PHRASINGS_MAX,
  KNOWLEDGE_ANSWER_MAX_CHARS,
  KNOWLEDGE_PHRASING_MAX_CHARS,
  KNOWLEDGE_TITLE_MAX_CHARS,
  KNOWLEDGE_TOPIC_LABELS,
} from "../knowledge/admin-labels.ts";
export { KNOWLEDGE_TOPICS, type KnowledgeTopic } from "../knowledge/types.ts";

export const knowledgeTopicSchema = z.enum(KNOWLEDGE_TOPICS as [KnowledgeTopic, ...KnowledgeTopic[]]);

const titleSchema = z
  .string()
  .trim()
  .min(1, "Vui lòng nhập tiêu đề.")
  .max(KNOWLEDGE_TITLE_MAX_CHARS, `Tiêu đề dài quá ${KNOWLEDGE_TITLE_MAX_CHARS} ký tự (là tên nút bấm trên Zalo).`);
const answerSchema = z
  .string()
  .trim()
  .min(1, "Vui lòng nhập câu trả lời.")
  .max(KNOWLEDGE_ANSWER_MAX_CHARS, "Câu trả lời dài quá 2.000 ký tự (một tin nhắn Zalo).");
export const phrasingSchema = z
  .string()
  .trim()
  .min(2, "Vui lòng nhập câu hỏi.")
  .max(KNOWLEDGE_PHRASING_MAX_CHARS, `Câu hỏi dài quá ${KNOWLEDGE_PHRASING_MAX_CHARS} ký tự.`);
export const knowledgeLinkSchema = z.object({
  title: z
    .string()
    .trim()
    .min(1, "Vui lòng nhập tên đường dẫn.")
    .max(MAX_BUTTON_TITLE_CHARS, `Tên đường dẫn dài quá ${MAX_BUTTON_TITLE_CHARS} ký tự.`),
  url: z.url({ protocol: /^https?$/, error: "Đường dẫn phải bắt đầu bằng http:// hoặc https://." }).max(2000),
});

/** Where an entry comes from: the files shipped with a release, or written by an admin in the mini-app. */
export const KNOWLEDGE_ORIGINS = ["FILE", "CUSTOM"] as const;
export const knowledgeOriginSchema = z.enum(KNOWLEDGE_ORIGINS);

export const knowledgeEntrySummarySchema = z.object({
  id: z.string(),
  topic: knowledgeTopicSchema,
  title: z.string(),
  origin: knowledgeOriginSchema,
  /** An admin changed it (or wrote it). */
  edited: z.boolean(),
  disabled: z.boolean(),
  questionCount: z.number().int(),
  /** The start of the answer, for the list. */
  answerPreview: z.string(),
});
export type KnowledgeEntrySummary = z.infer<typeof knowledgeEntrySummarySchema>;

export const knowledgeEntryDetailSchema = z.object({
  id: z.string(),
  topic: knowledgeTopicSchema,
  origin: knowledgeOriginSchema,
  version: z.number().int(),
  title: z.string(),
  answer: z.string(),
  link: knowledgeLinkSchema.nullable(),
  /** The file's phrasings (not removable here). */
  fileQuestions: z.array(z.string()),
  /** Phrasings admins added; each can be removed. */
  addedQuestions: z.array(z.string()),
  step: z.object({ checklistId: z.string(), stepId: z.string() }).nullable(),
  sources: z.array(z.object({ title: z.string(), url: z.string(), checkedOn: z.string() })),
  edited: z.boolean(),
  disabled: z.boolean(),
  /** Which of title, answer, link an admin changed (they win over the file). */
  overridden: z.object({ title: z.boolean(), answer: z.boolean(), link: z.boolean() }),
  /** The file's entry changed (a newer `version`) since the stored edit was made: worth a second look. */
  outdated: z.boolean(),
  editedAt: isoDateTimeSchema.nullable(),
});
export type KnowledgeEntryDetail = z.infer<typeof knowledgeEntryDetailSchema>;

/** Text an admin typed looks like an ID number, OTP, card number or password: saved as typed, but they are told. */
export const privacyWarningSchema = z.object({
  field: z.string(),
  kinds: z.array(z.enum(["CITIZEN_ID", "BANK_CARD", "OTP", "PASSWORD"])),
  message: z.string(),
});
export type PrivacyWarning = z.infer<typeof privacyWarningSchema>;

/** Every change answers the entry as the bot now sees it, and any privacy warnings. */
export const knowledgeEntryChangeSchema = z.object({
  entry: knowledgeEntryDetailSchema,
  warnings: z.array(privacyWarningSchema),
});
export type KnowledgeEntryChange = z.infer<typeof knowledgeEntryChangeSchema>;

const booleanQuery = z
  .enum(["true", "false"])
  .optional()
  .transform((v) => v === "true");

/** `GET /api/knowledge/entries?q=&topic=&includeDisabled=`: `q` matches title, phrasings and answer, folded. */
export const listKnowledgeEntriesQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  topic: knowledgeTopicSchema.optional(),
  includeDisabled: booleanQuery,
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type ListKnowledgeEntriesQuery = z.input<typeof listKnowledgeEntriesQuerySchema>;

export const knowledgeEntryListSchema = z.object({
  items: z.array(knowledgeEntrySummarySchema),
  /** How many matched before `limit`. */
  total: z.number().int(),
});
export type KnowledgeEntryList = z.infer<typeof knowledgeEntryListSchema>;

/** Entry ids: a file's "vneid.forgot-password" or an admin's "custom.quen-mat-khau". */
export const knowledgeEntryIdParamsSchema = z.object({
  id: idSchema.regex(/^[a-z0-9-]+\.[a-z0-9.-]+$/, "Mã mục không hợp lệ."),
});

/**
 * `PATCH /api/knowledge/entries/:id`: any of title, answer, link. For a file entry `null` goes back to the file's
 * value (for the link: `null` removes it when the file has one; `"file"` restores the file's).
 */
export const updateKnowledgeEntryBodySchema = z
  .object({
    title: titleSchema.nullable().optional(),
    answer: answerSchema.nullable().optional(),
    link: z.union([knowledgeLinkSchema, z.null(), z.literal("file")]).optional(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), "Không có gì để cập nhật.");
export type UpdateKnowledgeEntryBody = z.input<typeof updateKnowledgeEntryBodySchema>;

/** `POST /api/knowledge/entries/:id/questions` (add) and `.../questions/remove` (remove an added one). */
export const phrasingBodySchema = z.object({ text: phrasingSchema });
export type PhrasingBody = z.input<typeof phrasingBodySchema>;

/** `POST /api/knowledge/entries`: an entry written by an admin, id `custom.<slug of the title>`. */
export const createKnowledgeEntryBodySchema = z.object({
  topic: knowledgeTopicSchema,
  title: titleSchema,
  answer: answerSchema,
  questions: z.array(phrasingSchema).min(1, "Cần ít nhất một cách hỏi.").max(KNOWLEDGE_ADDED_PHRASINGS_MAX),
  link: knowledgeLinkSchema.nullable().optional(),
});
export type CreateKnowledgeEntryBody = z.input<typeof createKnowledgeEntryBodySchema>;

// ---------------------------------------------------------------------------------------------------------------
// Unanswered questions

export const UNANSWERED_SORTS = ["newest", "frequent"] as const;
export const unansweredSortSchema = z.enum(UNANSWERED_SORTS);
export type UnansweredSort = z.infer<typeof unansweredSortSchema>;

/** `GET /api/knowledge/unanswered?sort=&page=&pageSize=`: open groups only (not yet handled by an admin). */
export const listUnansweredQuerySchema = z.object({
  sort: unansweredSortSchema.default("newest"),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListUnansweredQuery = z.input<typeof listUnansweredQuerySchema>;

export const unansweredGroupSchema = z.object({
  /** The folded text the group is keyed on: send it back to act on the group. */
  normalized: z.string(),
  count: z.number().int(),
  firstAskedAt: isoDateTimeSchema,
  lastAskedAt: isoDateTimeSchema,
  /** The latest question as typed (already masked by the privacy guard). */
  sampleText: z.string(),
  /** The understanding module's best candidate for the latest question, if any. */
  bestGuess: z
    .object({
      /** A knowledge-base entry id or "checklistId#stepId". */
      id: z.string(),
      kind: z.enum(["ENTRY", "STEP", "OTHER"]),
      /** The entry or step title; the id when it no longer exists. */
      label: z.string(),
      confidence: z.number(),
    })
    .nullable(),
});
export type UnansweredGroup = z.infer<typeof unansweredGroupSchema>;

export const unansweredPageSchema = z.object({
  items: z.array(unansweredGroupSchema),
  /** Open groups in all. */
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type UnansweredPage = z.infer<typeof unansweredPageSchema>;

const normalizedSchema = z.string().trim().min(1, "Thiếu nhóm câu hỏi.").max(1000);

/** `POST /api/knowledge/unanswered/add-phrasing`: the group's question (or the admin's wording of it) joins an entry. */
export const addUnansweredAsPhrasingBodySchema = z.object({
  normalized: normalizedSchema,
  entryId: knowledgeEntryIdParamsSchema.shape.id,
  /** Defaults to the group's latest question. */
  text: phrasingSchema.optional(),
});
export type AddUnansweredAsPhrasingBody = z.input<typeof addUnansweredAsPhrasingBodySchema>;

/** `POST /api/knowledge/unanswered/create-entry`: a new entry answering the group; its question is the first phrasing. */
export const createEntryFromUnansweredBodySchema = z.object({
  normalized: normalizedSchema,
  topic: knowledgeTopicSchema,
  title: titleSchema,
  answer: answerSchema,
  /** Defaults to the group's latest question. */
  questions: z.array(phrasingSchema).min(1).max(KNOWLEDGE_ADDED_PHRASINGS_MAX).optional(),
  link: knowledgeLinkSchema.nullable().optional(),
});
export type CreateEntryFromUnansweredBody = z.input<typeof createEntryFromUnansweredBodySchema>;

/** `POST /api/knowledge/unanswered/dismiss`: not worth an answer (greetings, noise); the group leaves the list. */
export const dismissUnansweredBodySchema = z.object({ normalized: normalizedSchema });
export type DismissUnansweredBody = z.input<typeof dismissUnansweredBodySchema>;

export const unansweredResolutionSchema = z.object({
  /** How many questions of the group left the list. */
  resolved: z.number().int(),
  entry: knowledgeEntryDetailSchema.nullable(),
  warnings: z.array(privacyWarningSchema),
});
export type UnansweredResolution = z.infer<typeof unansweredResolutionSchema>;
