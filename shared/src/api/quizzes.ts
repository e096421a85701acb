import { z } from "zod";
import { idSchema, isoDateTimeSchema, privacyWarningsSchema, unitCodeSchema, unitRefSchema } from "./common.ts";
import { EXPORT_FORMATS } from "./exports.ts";

/**
 * Quizzes on the OA (issue 12). An admin writes a quiz in the mini-app or imports its questions from CSV; residents
 * start it by sending its keyword to the OA and answer one question at a time with buttons. The same schemas
 * validate the mini-app's form and the server's routes, so a message the form shows is the one the API sends.
 */

/** Zalo shows at most four buttons a message (`bot/src/zalo/convert-to-zalo-message.ts`): one per choice. */
export const QUIZ_MAX_CHOICES = 4;
export const QUIZ_MIN_CHOICES = 2;
export const QUIZ_MAX_QUESTIONS = 50;
export const QUIZ_CHOICE_LETTERS = ["A", "B", "C", "D"] as const;
export const QUIZ_CSV_MAX_CHARS = 200_000;

const choiceSchema = z
  .string()
  .trim()
  .min(1, "Lựa chọn không được để trống.")
  .max(200, "Mỗi lựa chọn dài tối đa 200 ký tự.");

export const quizQuestionInputSchema = z
  .object({
    text: z.string().trim().min(1, "Vui lòng nhập nội dung câu hỏi.").max(500, "Câu hỏi dài tối đa 500 ký tự."),
    choices: z
      .array(choiceSchema)
      .min(QUIZ_MIN_CHOICES, "Mỗi câu hỏi cần ít nhất 2 lựa chọn.")
      .max(QUIZ_MAX_CHOICES, "Mỗi câu hỏi có nhiều nhất 4 lựa chọn."),
    /** 0-based: 0 is A. */
    correctIndex: z.number({ error: "Vui lòng chọn đáp án đúng." }).int().min(0, "Vui lòng chọn đáp án đúng."),
    explanation: z.string().trim().max(1000, "Giải thích dài tối đa 1000 ký tự.").nullish(),
  })
  .refine((q) => q.correctIndex < q.choices.length, {
    message: "Đáp án đúng phải là một trong các lựa chọn.",
    path: ["correctIndex"],
  })
  .refine((q) => new Set(q.choices.map((c) => c.toLowerCase())).size === q.choices.length, {
    message: "Hai lựa chọn trùng nhau.",
    path: ["choices"],
  });
export type QuizQuestionInput = z.input<typeof quizQuestionInputSchema>;

/** What residents send to start the quiz: letters and digits, diacritics allowed ("THIDOAN", "thi đoàn 2026"). */
export const quizKeywordSchema = z
  .string()
  .trim()
  .min(2, "Từ khóa cần ít nhất 2 ký tự.")
  .max(40, "Từ khóa dài tối đa 40 ký tự.")
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u, "Từ khóa chỉ gồm chữ, số, dấu cách, gạch nối.");

const quizMetaShape = {
  title: z.string().trim().min(1, "Vui lòng nhập tên cuộc thi.").max(150, "Tên cuộc thi dài tối đa 150 ký tự."),
  keyword: quizKeywordSchema,
  intro: z.string().trim().max(1000, "Lời giới thiệu dài tối đa 1000 ký tự.").default(""),
  /** The units the quiz counts for (its leaderboard's communes); empty: every unit. */
  unitCodes: z.array(unitCodeSchema).max(500).default([]),
};

const opensBeforeCloses = {
  check: (q: { opensAt: string; closesAt: string }) => Date.parse(q.closesAt) > Date.parse(q.opensAt),
  message: { message: "Thời gian kết thúc phải sau thời gian bắt đầu.", path: ["closesAt"] },
};

export const quizInputSchema = z
  .object({
    title: quizMetaShape.title,
    keyword: quizMetaShape.keyword,
    intro: quizMetaShape.intro,
    opensAt: isoDateTimeSchema,
    closesAt: isoDateTimeSchema,
    unitCodes: quizMetaShape.unitCodes,
    questions: z
      .array(quizQuestionInputSchema)
      .min(1, "Cuộc thi cần ít nhất 1 câu hỏi.")
      .max(QUIZ_MAX_QUESTIONS, "Cuộc thi có nhiều nhất 50 câu hỏi."),
  })
  .refine(opensBeforeCloses.check, opensBeforeCloses.message);
export type QuizInput = z.input<typeof quizInputSchema>;

/**
 * `POST /api/quizzes/import`: the quiz's details as in the form, and its questions as CSV text, one row a question:
 *
 *     cau_hoi,a,b,c,d,dap_an,giai_thich
 *
 * (`question,a,b,c,d,correct,explanation` also accepted; `c`, `d` and the explanation may be empty; `dap_an` is
 * A–D or 1–4). A file with any bad row creates nothing: 400 `QUIZ_CSV_INVALID` with `details: [{line, code, message}]`.
 */
export const importQuizBodySchema = z
  .object({
    title: quizMetaShape.title,
    keyword: quizMetaShape.keyword,
    intro: quizMetaShape.intro,
    opensAt: isoDateTimeSchema,
    closesAt: isoDateTimeSchema,
    unitCodes: quizMetaShape.unitCodes,
    csv: z.string().min(1, "Tệp CSV trống.").max(QUIZ_CSV_MAX_CHARS, "Tệp CSV quá lớn."),
  })
  .refine(opensBeforeCloses.check, opensBeforeCloses.message);
export type ImportQuizBody = z.input<typeof importQuizBodySchema>;

export const quizCsvErrorSchema = z.object({ line: z.number().int(), code: z.string(), message: z.string() });
export type QuizCsvError = z.infer<typeof quizCsvErrorSchema>;

export const QUIZ_STATUSES = ["UPCOMING", "OPEN", "CLOSED"] as const;
export const quizStatusSchema = z.enum(QUIZ_STATUSES);
export type QuizStatus = z.infer<typeof quizStatusSchema>;
export const QUIZ_STATUS_LABELS: Record<QuizStatus, string> = {
  UPCOMING: "Sắp diễn ra",
  OPEN: "Đang diễn ra",
  CLOSED: "Đã kết thúc",
};

export const quizQuestionSchema = z.object({
  text: z.string(),
  choices: z.array(z.string()),
  correctIndex: z.number().int(),
  explanation: z.string().nullable(),
});

export const quizSummarySchema = z.object({
  id: idSchema,
  title: z.string(),
  keyword: z.string(),
  opensAt: isoDateTimeSchema,
  closesAt: isoDateTimeSchema,
  status: quizStatusSchema,
  questionCount: z.number().int(),
  /** Residents who started it, and who finished it. */
  started: z.number().int(),
  finished: z.number().int(),
});
export type QuizSummary = z.infer<typeof quizSummarySchema>;

export const quizSchema = quizSummarySchema.extend({
  intro: z.string(),
  units: z.array(unitRefSchema),
  questions: z.array(quizQuestionSchema),
});
export type Quiz = z.infer<typeof quizSchema>;

/** What creating, importing or replacing answers: the quiz, and what the privacy guard saw in its texts. */
export const savedQuizSchema = quizSchema.extend({ privacyWarnings: privacyWarningsSchema });
export type SavedQuiz = z.infer<typeof savedQuizSchema>;

export const quizListSchema = z.object({ items: z.array(quizSummarySchema) });
export const quizIdParamsSchema = z.object({ id: idSchema });

/**
 * Participants and average score per commune, by the resident's unit when they finished (a unit merged since
 * counts under its successor). No resident is named. Ranked by average score, ties broken by the average time taken
 * (faster first), then by participants.
 */
export const quizLeaderboardRowSchema = z.object({
  rank: z.number().int(),
  unit: unitRefSchema,
  participants: z.number().int(),
  /** Average correct answers of those who finished (0 when none did). */
  averageScore: z.number(),
  averageSeconds: z.number(),
});
export const quizLeaderboardSchema = z.object({
  quizId: idSchema,
  title: z.string(),
  questionCount: z.number().int(),
  rows: z.array(quizLeaderboardRowSchema),
  /** Finished attempts of residents with no commune, or one the quiz does not count for: not ranked. */
  unranked: z.number().int(),
});
export type QuizLeaderboard = z.infer<typeof quizLeaderboardSchema>;

export const QUIZ_LEADERBOARD_EXPORT_HEADERS = [
  "Hạng",
  "Đơn vị",
  "Mã đơn vị",
  "Số người hoàn thành",
  "Điểm trung bình",
  "Số câu hỏi",
  "Thời gian trung bình (giây)",
] as const;

export const requestQuizExportBodySchema = z.object({
  format: z.enum(EXPORT_FORMATS, { error: "Định dạng phải là xlsx hoặc csv." }),
});
