import { MAX_BUTTONS_PER_MESSAGE } from "@xks/shared/checklists/types";
import type { OutboundMessage } from "../channel/messages.ts";
import type { ConversationState } from "../conversation/conversation-state.ts";
import { type QuizForTurn, quizKeywordKey } from "../conversation/quiz-flow.ts";
import { QUIZ_TEXT } from "../conversation/quiz-texts.ts";
import { fittedReplyButton } from "../conversation/render-step.ts";
import { fill } from "../conversation/texts.ts";
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

/** The answer to «có cuộc thi gì không»: the quizzes open now, soonest to close first, each with its keyword. */
export async function openQuizzesMessage(
  tx: Pick<Prisma.TransactionClient, "quiz">,
  now: Date,
  timeZone: string,
): Promise<OutboundMessage> {
  const open = await tx.quiz.findMany({
    where: { opensAt: { lte: now }, closesAt: { gt: now } },
    orderBy: { closesAt: "asc" },
    // One button each.
    take: MAX_BUTTONS_PER_MESSAGE,
    select: { title: true, keyword: true, closesAt: true },
  });
  if (open.length === 0) return { text: QUIZ_TEXT.noneOpen };
  const lines = open.map((quiz, i) =>
    fill(QUIZ_TEXT.openLine, {
      number: String(i + 1),
      title: quiz.title,
      closesAt: localTimeText(quiz.closesAt, timeZone),
      keyword: quiz.keyword,
    }),
  );
  return {
    text: fill(QUIZ_TEXT.openList, { lines: lines.join("\n") }),
    // A keyword may be longer than a button's title: the title is cut, the payload sends the whole keyword.
    buttons: open.map((quiz) => fittedReplyButton(quiz.keyword)),
  };
}
