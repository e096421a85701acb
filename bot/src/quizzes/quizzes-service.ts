import type {
  ImportQuizBody,
  Quiz as QuizDto,
  QuizInput,
  QuizQuestionInput,
  QuizStatus,
  QuizSummary,
} from "@xks/shared/api/quizzes";
import { CHECKLISTS } from "@xks/shared/checklists/index";
import { canonicalText } from "@xks/shared/text/fold-vietnamese";
import type { MemberWithUnit } from "../auth/request-auth.ts";
import { quizKeywordKey } from "../conversation/quiz-flow.ts";
import { isGreeting, recogniseCommand } from "../conversation/recognise-command.ts";
import type { PrismaClient } from "../db.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { writeAuditLog } from "../services/audit-log.ts";
import { parseQuizCsv } from "./import-quiz-csv.ts";

type QuizRow = Prisma.QuizGetPayload<{
  include: { questions: true; units: { include: { unit: { select: { code: true; name: true } } } } };
}>;
const QUIZ_INCLUDE = {
  questions: { orderBy: { position: "asc" } },
  units: { include: { unit: { select: { code: true, name: true } } } },
} as const satisfies Prisma.QuizInclude;

export function quizStatusAt(quiz: { opensAt: Date; closesAt: Date }, now: Date): QuizStatus {
  if (now < quiz.opensAt) return "UPCOMING";
  return now < quiz.closesAt ? "OPEN" : "CLOSED";
}

/**
 * A keyword must reach the quiz and nothing else: one the engine already reads as a global command ("menu", "xóa
 * dữ liệu"), a greeting, or a checklist's title or keyword ("vneid") would be taken by them or take them over.
 */
function checkKeyword(keyword: string): void {
  const key = quizKeywordKey(keyword);
  if (key === "") throw new InvalidInputError("Từ khóa cần có chữ hoặc số.", "QUIZ_KEYWORD_INVALID");
  const checklist = CHECKLISTS.some(
    (c) => canonicalText(c.title) === key || c.keywords.some((k) => canonicalText(k) === key),
  );
  if (recogniseCommand(keyword) || isGreeting(keyword) || checklist || /^\d+$/.test(key)) {
    throw new InvalidInputError(
      `Từ khóa «${keyword}» trùng với một lệnh hay hướng dẫn của trợ lý, vui lòng chọn từ khóa khác.`,
      "QUIZ_KEYWORD_RESERVED",
    );
  }
}

async function unitIdsOf(db: Pick<PrismaClient, "unit">, codes: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(codes)];
  if (wanted.length === 0) return [];
  const units = await db.unit.findMany({ where: { code: { in: wanted } }, select: { id: true, code: true } });
  const missing = wanted.filter((code) => !units.some((u) => u.code === code));
  if (missing.length > 0) {
    throw new InvalidInputError(`Không tìm thấy đơn vị: ${missing.join(", ")}.`, "QUIZ_UNIT_UNKNOWN", { missing });
  }
  return units.map((u) => u.id);
}

function questionRows(questions: readonly QuizQuestionInput[]) {
  return questions.map((q, position) => ({
    position,
    text: q.text,
    choices: [...q.choices],
    correctIndex: q.correctIndex,
    explanation: q.explanation ?? null,
  }));
}

type QuizWrite = Omit<QuizInput, "questions" | "intro" | "unitCodes"> & {
  intro?: string;
  unitCodes?: string[];
  questions: readonly QuizQuestionInput[];
};

export async function createQuiz(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  input: QuizWrite,
  now = new Date(),
): Promise<QuizDto> {
  checkKeyword(input.keyword);
  const unitIds = await unitIdsOf(prisma, input.unitCodes ?? []);
  const keywordKey = quizKeywordKey(input.keyword);
  if (await prisma.quiz.findUnique({ where: { keywordKey }, select: { id: true } })) {
    throw new ConflictError(`Từ khóa «${input.keyword}» đã được cuộc thi khác dùng.`, "QUIZ_KEYWORD_TAKEN");
  }
  const quiz = await prisma.$transaction(async (tx) => {
    const created = await tx.quiz.create({
      data: {
        title: input.title,
        keyword: input.keyword,
        keywordKey,
        intro: input.intro ?? "",
        opensAt: new Date(input.opensAt),
        closesAt: new Date(input.closesAt),
        createdById: actor.id,
        questions: { create: questionRows(input.questions) },
        units: { create: unitIds.map((unitId) => ({ unitId })) },
      },
      include: QUIZ_INCLUDE,
    });
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "quiz.create",
      targetType: "Quiz",
      targetId: created.id,
      details: { keyword: input.keyword, questions: input.questions.length },
    });
    return created;
  });
  return toQuizDto(quiz, await attemptCounts(prisma, [quiz.id]), now);
}

/** CSV import: the questions from the file, the rest from the form; any bad row creates nothing. */
export async function importQuiz(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  body: ImportQuizBody,
  now = new Date(),
): Promise<QuizDto> {
  const parsed = parseQuizCsv(body.csv);
  if (parsed.errors.length > 0) {
    const first = parsed.errors[0];
    throw new InvalidInputError(
      `Tệp CSV có ${parsed.errors.length} dòng lỗi${first ? ` (dòng ${first.line}: ${first.message})` : ""}. Chưa tạo cuộc thi.`,
      "QUIZ_CSV_INVALID",
      parsed.errors,
    );
  }
  const { csv: _csv, ...meta } = body;
  return createQuiz(prisma, actor, { ...meta, questions: parsed.questions }, now);
}

/** Replaces a quiz's details and questions; once a resident has started it, its questions can no longer change. */
export async function updateQuiz(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  id: string,
  input: QuizWrite,
  now = new Date(),
): Promise<QuizDto> {
  const existing = await prisma.quiz.findUnique({ where: { id }, include: QUIZ_INCLUDE });
  if (!existing) throw new NotFoundError("Không tìm thấy cuộc thi.", "QUIZ_NOT_FOUND");
  checkKeyword(input.keyword);
  const unitIds = await unitIdsOf(prisma, input.unitCodes ?? []);
  const keywordKey = quizKeywordKey(input.keyword);
  const other = await prisma.quiz.findUnique({ where: { keywordKey }, select: { id: true } });
  if (other && other.id !== id) {
    throw new ConflictError(`Từ khóa «${input.keyword}» đã được cuộc thi khác dùng.`, "QUIZ_KEYWORD_TAKEN");
  }
  const started = await prisma.quizAttempt.count({ where: { quizId: id } });
  const sameQuestions =
    JSON.stringify(questionRows(input.questions)) ===
    JSON.stringify(
      existing.questions.map((q) => ({
        position: q.position,
        text: q.text,
        choices: q.choices,
        correctIndex: q.correctIndex,
        explanation: q.explanation,
      })),
    );
  if (started > 0 && !sameQuestions) {
    throw new ConflictError(
      "Đã có người dự thi nên không sửa được câu hỏi; chỉ sửa được tên, thời gian và đơn vị.",
      "QUIZ_HAS_ATTEMPTS",
    );
  }
  const quiz = await prisma.$transaction(async (tx) => {
    if (!sameQuestions) {
      await tx.quizQuestion.deleteMany({ where: { quizId: id } });
      await tx.quizQuestion.createMany({ data: questionRows(input.questions).map((q) => ({ ...q, quizId: id })) });
    }
    await tx.quizUnit.deleteMany({ where: { quizId: id } });
    const updated = await tx.quiz.update({
      where: { id },
      data: {
        title: input.title,
        keyword: input.keyword,
        keywordKey,
        intro: input.intro ?? "",
        opensAt: new Date(input.opensAt),
        closesAt: new Date(input.closesAt),
        units: { create: unitIds.map((unitId) => ({ unitId })) },
      },
      include: QUIZ_INCLUDE,
    });
    await writeAuditLog(tx, { actorId: actor.id, action: "quiz.update", targetType: "Quiz", targetId: id });
    return updated;
  });
  return toQuizDto(quiz, await attemptCounts(prisma, [id]), now);
}

export async function getQuiz(prisma: PrismaClient, id: string, now = new Date()): Promise<QuizDto> {
  const quiz = await prisma.quiz.findUnique({ where: { id }, include: QUIZ_INCLUDE });
  if (!quiz) throw new NotFoundError("Không tìm thấy cuộc thi.", "QUIZ_NOT_FOUND");
  return toQuizDto(quiz, await attemptCounts(prisma, [id]), now);
}

export async function listQuizzes(prisma: PrismaClient, now = new Date()): Promise<QuizSummary[]> {
  const quizzes = await prisma.quiz.findMany({
    orderBy: [{ opensAt: "desc" }, { id: "asc" }],
    take: 200,
    include: { _count: { select: { questions: true } } },
  });
  const counts = await attemptCounts(
    prisma,
    quizzes.map((q) => q.id),
  );
  return quizzes.map((q) => ({
    id: q.id,
    title: q.title,
    keyword: q.keyword,
    opensAt: q.opensAt.toISOString(),
    closesAt: q.closesAt.toISOString(),
    status: quizStatusAt(q, now),
    questionCount: q._count.questions,
    ...(counts.get(q.id) ?? { started: 0, finished: 0 }),
  }));
}

async function attemptCounts(
  prisma: PrismaClient,
  quizIds: string[],
): Promise<Map<string, { started: number; finished: number }>> {
  const rows = await prisma.$queryRaw<{ quizId: string; started: bigint; finished: bigint }[]>`
    SELECT "quizId", count(*) AS started, count("finishedAt") AS finished FROM "QuizAttempt"
    WHERE "quizId" = ANY(${quizIds}) GROUP BY "quizId"`;
  return new Map(rows.map((r) => [r.quizId, { started: Number(r.started), finished: Number(r.finished) }]));
}

function toQuizDto(
  quiz: QuizRow,
  counts: Map<string, { started: number; finished: number }>,
  now = new Date(),
): QuizDto {
  return {
    id: quiz.id,
    title: quiz.title,
    keyword: quiz.keyword,
    intro: quiz.intro,
    opensAt: quiz.opensAt.toISOString(),
    closesAt: quiz.closesAt.toISOString(),
    status: quizStatusAt(quiz, now),
    questionCount: quiz.questions.length,
    ...(counts.get(quiz.id) ?? { started: 0, finished: 0 }),
    units: quiz.units.map((u) => ({ code: u.unit.code, name: u.unit.name })),
    questions: quiz.questions.map((q) => ({
      text: q.text,
      choices: q.choices,
      correctIndex: q.correctIndex,
      explanation: q.explanation,
    })),
  };
}
