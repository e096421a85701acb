import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { rename, rm, stat } from "node:fs/promises";
import type { ExportFormat } from "@xks/shared/api/exports";
import { QUIZ_LEADERBOARD_EXPORT_HEADERS, type QuizLeaderboard } from "@xks/shared/api/quizzes";
import ExcelJS from "exceljs";
import type { MemberWithUnit } from "../auth/request-auth.ts";
import type { PrismaClient } from "../db.ts";
import { csvCell } from "../exports/write-export-file.ts";
import type { ExportJob } from "../generated/prisma/client.ts";
import { enqueueExportBuild, type Queues } from "../queues/queues.ts";
import { writeAuditLog } from "../services/audit-log.ts";
import { buildQuizLeaderboard } from "./quiz-leaderboard.ts";

export const QUIZ_LEADERBOARD_EXPORT_KIND = "quiz-leaderboard";

/** Queues the leaderboard's file through the export worker, like any report (`POST /api/quizzes/:id/exports`). */
export async function requestQuizLeaderboardExport(
  deps: { prisma: PrismaClient; queues: Queues },
  actor: MemberWithUnit,
  quizId: string,
  format: ExportFormat,
): Promise<ExportJob> {
  await buildQuizLeaderboard(deps.prisma, quizId); // 404 now for an unknown quiz, not a failed job later
  const row = await deps.prisma.exportJob.create({
    data: {
      requestedById: actor.id,
      kind: QUIZ_LEADERBOARD_EXPORT_KIND,
      format,
      filter: { quizId },
      fileName: `bang-xep-hang-cuoc-thi_${quizId}.${format}`,
    },
  });
  await writeAuditLog(deps.prisma, {
    actorId: actor.id,
    action: "export.quiz-leaderboard",
    targetType: "Quiz",
    targetId: quizId,
    details: { format, exportId: row.id },
  });
  await enqueueExportBuild(deps.queues, row.id);
  return row;
}

/** The rows of the file: one per commune, no resident in it. */
function leaderboardRows(board: QuizLeaderboard): (string | number)[][] {
  return board.rows.map((r) => [
    r.rank,
    r.unit.name,
    r.unit.code,
    r.participants,
    r.averageScore,
    board.questionCount,
    r.averageSeconds,
  ]);
}

/** Writes the leaderboard to `path` (through `.part`, renamed when complete). Answers the rows written. */
export async function writeQuizLeaderboardFile(
  prisma: PrismaClient,
  quizId: string,
  format: ExportFormat,
  path: string,
): Promise<{ rows: number; bytes: number }> {
  const board = await buildQuizLeaderboard(prisma, quizId);
  const rows = leaderboardRows(board);
  const partial = `${path}.part`;
  try {
    if (format === "csv") {
      const out = createWriteStream(partial);
      out.write("\uFEFF");
      for (const line of [[...QUIZ_LEADERBOARD_EXPORT_HEADERS], ...rows])
        out.write(`${line.map(csvCell).join(",")}\r\n`);
      out.end();
      await once(out, "finish");
    } else {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet("Bảng xếp hạng");
      sheet.addRow([board.title]).font = { bold: true };
      sheet.addRow([...QUIZ_LEADERBOARD_EXPORT_HEADERS]).font = { bold: true };
      for (const row of rows) sheet.addRow(row);
      sheet.columns.forEach((column, i) => {
        column.width = [8, 30, 16, 20, 16, 12, 26][i] ?? 14;
      });
      await workbook.xlsx.writeFile(partial);
    }
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  const { size } = await stat(path);
  return { rows: rows.length, bytes: size };
}
