import type { QuizLeaderboard } from "@xks/shared/api/quizzes";
import type { PrismaClient } from "../db.ts";
import { NotFoundError } from "../errors.ts";
import { currentSuccessorOf } from "../units/unit-successors.ts";

/**
 * Participants and average score per commune for one quiz, counting finished attempts by the unit the resident was
 * in when they finished; a unit merged since counts under its current successor. The quiz's units (and their
 * sub-units) are the ones ranked; with none, every unit. Ranked by average score, ties broken by average time
 * (faster first), then by more participants. Nothing about a resident leaves this function but counts and averages.
 */
export async function buildQuizLeaderboard(prisma: PrismaClient, quizId: string): Promise<QuizLeaderboard> {
  const quiz = await prisma.quiz.findUnique({
    where: { id: quizId },
    select: { id: true, title: true, units: { select: { unitId: true } }, _count: { select: { questions: true } } },
  });
  if (!quiz) throw new NotFoundError("Không tìm thấy cuộc thi.", "QUIZ_NOT_FOUND");
  const [units, groups] = await Promise.all([
    prisma.unit.findMany({ select: { id: true, code: true, name: true, parentId: true, mergedIntoId: true } }),
    prisma.$queryRaw<{ unitId: string | null; n: bigint; score: bigint; ms: bigint }[]>`
      SELECT "unitId", count(*) AS n, sum("score") AS score, sum(COALESCE("durationMs", 0)) AS ms
      FROM "QuizAttempt" WHERE "quizId" = ${quizId} AND "finishedAt" IS NOT NULL GROUP BY "unitId"`,
  ]);
  const links = new Map(units.map((u) => [u.id, u.mergedIntoId]));
  const byId = new Map(units.map((u) => [u.id, u]));
  const counted = countedUnits(
    units,
    links,
    quiz.units.map((u) => u.unitId),
  );

  const totals = new Map<string, { n: number; score: number; ms: number }>();
  let unranked = 0;
  for (const group of groups) {
    const n = Number(group.n);
    const unitId = group.unitId ? currentSuccessorOf(links, group.unitId) : null;
    if (!unitId || (counted && !counted.has(unitId))) {
      unranked += n;
      continue;
    }
    const total = totals.get(unitId) ?? { n: 0, score: 0, ms: 0 };
    totals.set(unitId, { n: total.n + n, score: total.score + Number(group.score), ms: total.ms + Number(group.ms) });
  }
  const rows = [...totals.entries()]
    .map(([unitId, t]) => {
      const unit = byId.get(unitId);
      return {
        unit: { code: unit?.code ?? "", name: unit?.name ?? "" },
        participants: t.n,
        averageScore: Math.round((t.score / t.n) * 100) / 100,
        averageSeconds: Math.round(t.ms / t.n / 100) / 10,
        exactScore: t.score / t.n,
        exactMs: t.ms / t.n,
      };
    })
    .sort(
      (a, b) =>
        b.exactScore - a.exactScore ||
        a.exactMs - b.exactMs ||
        b.participants - a.participants ||
        a.unit.name.localeCompare(b.unit.name, "vi"),
    )
    .map(({ exactScore: _s, exactMs: _m, ...row }, i) => ({ rank: i + 1, ...row }));
  return { quizId: quiz.id, title: quiz.title, questionCount: quiz._count.questions, rows, unranked };
}

/** The quiz's units as they are today (successors) and everything below them; null: every unit counts. */
function countedUnits(
  units: readonly { id: string; parentId: string | null }[],
  links: ReadonlyMap<string, string | null>,
  quizUnitIds: readonly string[],
): Set<string> | null {
  if (quizUnitIds.length === 0) return null;
  const children = new Map<string, string[]>();
  for (const unit of units) {
    if (!unit.parentId) continue;
    children.set(unit.parentId, [...(children.get(unit.parentId) ?? []), unit.id]);
  }
  const result = new Set<string>();
  const stack = quizUnitIds.map((id) => currentSuccessorOf(links, id));
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (result.has(id)) continue;
    result.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return result;
}
