import type { ConversationState } from "../conversation/conversation-state.ts";
import { type QuizForTurn, quizKeywordKey } from "../conversation/quiz-flow.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { formatLocalDateTime } from "../services/zoned-time.ts";

/**
 * The quizzes a turn may be about, for the engine's context: the one in progress (or whose commune question is
 * waiting) and the one whose keyword the resident sent, each with the resident's attempt. One indexed query: the
 * keyword is looked up by its folded form, never by scanning quizzes.
 */
export async function loadQuizzesForTurn(
  tx: Pick<Prisma.TransactionClient, "quiz">,
  input: { residentId: string; text: string | null; state: ConversationState; timeZone: string },
): Promise<QuizForTurn[]> {
  const ids = [
    input.state.quiz?.quizId,
    input.state.pending?.kind === "quiz-unit" ? input.state.pending.quizId : null,
  ].filter((id): id is string => typeof id === "string");
  const key = input.text === null ? "" : quizKeywordKey(input.text);
  const or: Prisma.QuizWhereInput[] = [];
  if (ids.length > 0) or.push({ id: { in: ids } });
  if (key !== "") or.push({ keywordKey: key });
  if (or.length === 0) return [];
  const quizzes = await tx.quiz.findMany({
    where: { OR: or },
    include: {
      questions: { orderBy: { position: "asc" } },
      attempts: { where: { residentId: input.residentId }, take: 1 },
    },
  });
  return quizzes.map((quiz) => {
    const attempt = quiz.attempts[0];
    return {
      id: quiz.id,
      title: quiz.title,
      keyword: quiz.keyword,
      intro: quiz.intro,
      opensAt: quiz.opensAt,
      closesAt: quiz.closesAt,
      opensAtText: localTimeText(quiz.opensAt, input.timeZone),
      closesAtText: localTimeText(quiz.closesAt, input.timeZone),
      questions: quiz.questions.map((q) => ({
        text: q.text,
        choices: q.choices,
        correctIndex: q.correctIndex,
        explanation: q.explanation,
      })),
      attempt: attempt ? { answers: attempt.answers, finishedAt: attempt.finishedAt, score: attempt.score } : null,
    };
  });
}

/** "08:00 ngày 02/03/2026": how a resident reads a time. */
export function localTimeText(at: Date, timeZone: string): string {
  const [date, time] = formatLocalDateTime(at, timeZone).split(" ");
  return `${time} ngày ${date}`;
}
