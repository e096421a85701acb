import type { JobContext } from "./job-context.ts";

/** How long the questions the bot could not answer are kept for admins (issue #9: 90 days). */
export const UNANSWERED_QUESTION_RETENTION_DAYS = 90;
const DAY_MS = 24 * 60 * 60_000;

/**
 * Deletes the unanswered questions older than the retention period, and the admins' reviews of groups that no
 * longer have any question that old or newer (a review only hides questions asked before it). Safe to run twice.
 */
export async function purgeUnansweredQuestions(
  ctx: Pick<JobContext, "prisma" | "now" | "log">,
): Promise<{ questions: number; reviews: number }> {
  const cutoff = new Date(ctx.now().getTime() - UNANSWERED_QUESTION_RETENTION_DAYS * DAY_MS);
  const questions = await ctx.prisma.unansweredQuestion.deleteMany({ where: { createdAt: { lt: cutoff } } });
  const reviews = await ctx.prisma.unansweredQuestionReview.deleteMany({ where: { reviewedAt: { lt: cutoff } } });
  if (questions.count > 0 || reviews.count > 0) {
    ctx.log.info({ questions: questions.count, reviews: reviews.count }, "old unanswered questions purged");
  }
  return { questions: questions.count, reviews: reviews.count };
}
