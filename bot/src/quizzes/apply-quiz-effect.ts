import type { Effect } from "../conversation/effects.ts";
import type { Prisma } from "../generated/prisma/client.ts";

type QuizEffect = Extract<Effect, { type: "start-quiz" | "answer-quiz" | "finish-quiz" }>;

/**
 * Applies a quiz effect of a turn inside the resident's transaction. Each is safe to apply twice (a retried job):
 * the attempt is created once per (quiz, resident), an answer is appended only at its own position, and a finished
 * attempt is not finished again (its time stays the first one).
 */
export async function applyQuizEffect(
  tx: Prisma.TransactionClient,
  residentId: string,
  effect: QuizEffect,
  now: Date,
): Promise<void> {
  switch (effect.type) {
    case "start-quiz":
      await tx.quizAttempt.createMany({
        data: [{ quizId: effect.quizId, residentId, startedAt: now }],
        skipDuplicates: true,
      });
      return;
    case "answer-quiz":
      await tx.$executeRaw`
        UPDATE "QuizAttempt" SET "answers" = array_append(COALESCE("answers", '{}'), ${effect.choice}::int)
        WHERE "quizId" = ${effect.quizId} AND "residentId" = ${residentId} AND "finishedAt" IS NULL
          AND COALESCE(cardinality("answers"), 0) = ${effect.position}`;
      return;
    case "finish-quiz": {
      const [attempt, resident] = await Promise.all([
        tx.quizAttempt.findUnique({ where: { quizId_residentId: { quizId: effect.quizId, residentId } } }),
        tx.resident.findUnique({ where: { id: residentId }, select: { unitId: true } }),
      ]);
      if (!attempt || attempt.finishedAt) return;
      await tx.quizAttempt.update({
        where: { id: attempt.id },
        data: {
          finishedAt: now,
          score: effect.score,
          durationMs: Math.max(0, now.getTime() - attempt.startedAt.getTime()),
          unitId: resident?.unitId ?? null,
        },
      });
      return;
    }
    default: {
      const unknown: never = effect;
      throw new Error(`Unhandled quiz effect ${JSON.stringify(unknown)}`);
    }
  }
}
