import { mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { SignedLinkQuery } from "@xks/shared/api/common";
import type { ExportFormat, ExportJob as ExportJobDto } from "@xks/shared/api/exports";
import type { DownloadLinkSigner } from "../auth/download-link-signer.ts";
import type { MemberWithUnit } from "../auth/request-auth.ts";
import type { PrismaClient } from "../db.ts";
import { ForbiddenError, NotFoundError } from "../errors.ts";
import { writeExportFileInThread } from "../exports/write-export-file-in-thread.ts";
import type { ExportJob } from "../generated/prisma/client.ts";
import { enqueueExportBuild, type Queues } from "../queues/queues.ts";
import { QUIZ_LEADERBOARD_EXPORT_KIND, writeQuizLeaderboardFile } from "../quizzes/quiz-leaderboard-export.ts";
import { buildWeeklyReport } from "../reports/build-weekly-report.ts";
import { readWeeklyReportFilter, WEEKLY_REPORT_KIND } from "../reports/weekly-report-export.ts";
import { type AssistanceLogFilter, assistanceLogWhere } from "./assistance-logs-service.ts";
import { writeAuditLog } from "./audit-log.ts";

/** What the admin chose, as stored on the row and re-applied by the worker. */
interface StoredFilter {
  from: string | null;
  to: string | null;
  unitCode: string | null;
  mine: boolean;
}

function toStoredFilter(filter: AssistanceLogFilter): StoredFilter {
  return { from: filter.from ?? null, to: filter.to ?? null, unitCode: filter.unitCode ?? null, mine: !!filter.mine };
}

function fromStoredFilter(stored: unknown): AssistanceLogFilter {
  const f = stored as Partial<StoredFilter>;
  return {
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
    ...(f.unitCode ? { unitCode: f.unitCode } : {}),
    mine: f.mine === true,
  };
}

/** `nhat-ky-ho-tro_2026-03-01_2026-03-07.xlsx`: ASCII only, so every browser and Zalo's webview keep it. */
export function exportFileName(filter: AssistanceLogFilter, extension: ExportFormat): string {
  const parts = ["nhat-ky-ho-tro", filter.unitCode?.toLowerCase(), filter.from, filter.to].filter(Boolean);
  return `${parts.join("_")}.${extension}`;
}

/** The file of a finished export: one per row id, in the directory server and worker share. */
export function exportFilePath(exportsDir: string, row: Pick<ExportJob, "id" | "format">): string {
  return join(exportsDir, `${row.id}.${row.format}`);
}

/**
 * Records the request and queues its build. The filter is checked here with the requester's scope (a unit lead
 * asking for another unit gets 403 now, not a failed job later) and checked again by the worker.
 */
export async function requestExport(
  deps: { prisma: PrismaClient; queues: Queues; timeZone: string },
  actor: MemberWithUnit,
  body: AssistanceLogFilter & { format: ExportFormat },
): Promise<ExportJob> {
  const { format, ...filter } = body;
  await assistanceLogWhere(deps.prisma, actor, filter, deps.timeZone);
  const row = await deps.prisma.exportJob.create({
    data: {
      requestedById: actor.id,
      format,
      filter: toStoredFilter(filter) as never,
      fileName: exportFileName(filter, format),
    },
  });
  await writeAuditLog(deps.prisma, {
    actorId: actor.id,
    action: "export.assistance-logs",
    targetType: "AssistanceLog",
    targetId: row.id,
    details: { format, ...toStoredFilter(filter) },
  });
  await enqueueExportBuild(deps.queues, row.id);
  return row;
}

/** An export of the requester's own; anyone else's (even an admin's asking for a lead's) is not found. */
export async function findOwnExport(prisma: PrismaClient, actor: MemberWithUnit, id: string): Promise<ExportJob> {
  const row = await prisma.exportJob.findUnique({ where: { id } });
  if (!row || row.requestedById !== actor.id) {
    throw new NotFoundError("Không tìm thấy báo cáo này.", "EXPORT_NOT_FOUND");
  }
  return row;
}

export function toExportDto(row: ExportJob, links: DownloadLinkSigner, now = new Date()): ExportJobDto {
  const link = row.status === "DONE" ? links.sign({ kind: "export", exportId: row.id }, row.requestedById, now) : null;
  return {
    id: row.id,
    format: row.format as ExportFormat,
    status: row.status,
    rowsWritten: row.rowsWritten,
    rowsTotal: row.rowsTotal,
    fileName: row.fileName,
    bytes: row.bytes === null ? null : Number(row.bytes),
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    error: row.error,
    download: link ? { url: link.url, expiresAt: link.expiresAt.toISOString() } : null,
  };
}

/**
 * The export a signed link points at, after checking the signature, the expiry, that the link's member still
 * exists and is active, and that the export is theirs and finished.
 */
export async function resolveExportDownload(
  prisma: PrismaClient,
  links: DownloadLinkSigner,
  id: string,
  query: SignedLinkQuery,
  now = new Date(),
): Promise<ExportJob> {
  links.verify({ kind: "export", exportId: id }, query, now);
  const [row, member] = await Promise.all([
    prisma.exportJob.findUnique({ where: { id } }),
    prisma.member.findUnique({ where: { id: query.m }, select: { status: true, role: true } }),
  ]);
  if (!member || member.status !== "ACTIVE" || member.role === "MEMBER") {
    throw new ForbiddenError("Bạn không còn quyền tải báo cáo này.", "EXPORT_FORBIDDEN");
  }
  if (!row || row.requestedById !== query.m) {
    throw new NotFoundError("Không tìm thấy báo cáo này.", "EXPORT_NOT_FOUND");
  }
  if (row.status !== "DONE") throw new NotFoundError("Báo cáo chưa sẵn sàng.", "EXPORT_NOT_READY");
  return row;
}

/** A build that cannot succeed however often it is retried (the requester lost the right to it). */
export class ExportRefusedError extends Error {}

/**
 * Builds the file of one export (the worker's job). Idempotent: a second run (a stalled job re-run after a crash)
 * rewrites the file from the start. The requester's scope is re-read now, so a lead removed or moved since the
 * request gets nothing they may no longer see. Writes to `<id>.<format>.part` and renames when complete, so a
 * download never sees half a file.
 */
export async function buildExport(
  deps: { prisma: PrismaClient; databaseUrl: string; exportsDir: string; timeZone: string; now(): Date },
  exportId: string,
): Promise<ExportJob | null> {
  const { prisma } = deps;
  const row = await prisma.exportJob.findUnique({ where: { id: exportId } });
  if (!row || row.status === "DONE") return row;
  const actor = await prisma.member.findUnique({ where: { id: row.requestedById }, include: { unit: true } });
  const filter = fromStoredFilter(row.filter);
  const fail = (error: string) =>
    prisma.exportJob.update({ where: { id: row.id }, data: { status: "FAILED", error, finishedAt: deps.now() } });
  if (!actor || actor.status !== "ACTIVE" || actor.role === "MEMBER") {
    await fail("Người yêu cầu không còn quyền xuất báo cáo.");
    throw new ExportRefusedError(`export ${row.id}: requester no longer allowed`);
  }
  if (row.kind === WEEKLY_REPORT_KIND) return buildWeeklyReportFile(deps, row, actor, fail);
  if (row.kind === QUIZ_LEADERBOARD_EXPORT_KIND) return buildQuizLeaderboardExport(deps, row, fail);
  let where: Awaited<ReturnType<typeof assistanceLogWhere>>;
  try {
    where = await assistanceLogWhere(prisma, actor, filter, deps.timeZone);
  } catch (error) {
    await fail(error instanceof Error ? error.message : "Bộ lọc không hợp lệ.");
    throw new ExportRefusedError(`export ${row.id}: filter refused`);
  }
  const rowsTotal = await prisma.assistanceLog.count({ where });
  await prisma.exportJob.update({
    where: { id: row.id },
    data: { status: "RUNNING", startedAt: deps.now(), rowsTotal, rowsWritten: 0, error: null },
  });
  await mkdir(deps.exportsDir, { recursive: true });
  const path = exportFilePath(deps.exportsDir, row);
  const partial = `${path}.part`;
  try {
    const rows = await writeExportFileInThread({
      databaseUrl: deps.databaseUrl,
      where,
      format: row.format as ExportFormat,
      path: partial,
      timeZone: deps.timeZone,
      onProgress: async (rowsWritten) => {
        await prisma.exportJob.update({ where: { id: row.id }, data: { rowsWritten } });
      },
    });
    await rename(partial, path);
    const { size } = await stat(path);
    const done = await prisma.exportJob.update({
      where: { id: row.id },
      data: { status: "DONE", rowsWritten: rows, bytes: size, finishedAt: deps.now() },
    });
    return done;
  } catch (error) {
    await rm(partial, { force: true });
    await fail("Không tạo được báo cáo. Vui lòng thử lại.");
    throw error;
  }
}

/** The weekly report's build (`reports/build-weekly-report.ts`), with the same file and status handling. */
async function buildWeeklyReportFile(
  deps: { prisma: PrismaClient; databaseUrl: string; exportsDir: string; timeZone: string; now(): Date },
  row: ExportJob,
  actor: MemberWithUnit,
  fail: (error: string) => Promise<unknown>,
): Promise<ExportJob> {
  const { prisma } = deps;
  await prisma.exportJob.update({
    where: { id: row.id },
    data: { status: "RUNNING", startedAt: deps.now(), rowsTotal: null, rowsWritten: 0, error: null },
  });
  await mkdir(deps.exportsDir, { recursive: true });
  const path = exportFilePath(deps.exportsDir, row);
  const partial = `${path}.part`;
  let rows: number;
  try {
    rows = await buildWeeklyReport(deps, actor, readWeeklyReportFilter(row.filter), partial);
  } catch (error) {
    await rm(partial, { force: true });
    if (error instanceof ForbiddenError || error instanceof NotFoundError) {
      // The requester's scope changed since the request (moved, or the unit is gone): retrying cannot help.
      await fail(error.message);
      throw new ExportRefusedError(`export ${row.id}: scope refused`);
    }
    await fail("Không tạo được báo cáo. Vui lòng thử lại.");
    throw error;
  }
  await rename(partial, path);
  const { size } = await stat(path);
  return prisma.exportJob.update({
    where: { id: row.id },
    data: { status: "DONE", rowsWritten: rows, rowsTotal: rows, bytes: size, finishedAt: deps.now() },
  });
}

/** A quiz's per-commune leaderboard (a few hundred rows at most: built in one go, no cursor). */
async function buildQuizLeaderboardExport(
  deps: { prisma: PrismaClient; exportsDir: string; now(): Date },
  row: ExportJob,
  fail: (error: string) => Promise<unknown>,
): Promise<ExportJob> {
  const quizId = (row.filter as { quizId?: unknown }).quizId;
  if (typeof quizId !== "string") {
    await fail("Bộ lọc không hợp lệ.");
    throw new ExportRefusedError(`export ${row.id}: no quiz`);
  }
  await deps.prisma.exportJob.update({
    where: { id: row.id },
    data: { status: "RUNNING", startedAt: deps.now(), rowsWritten: 0, error: null },
  });
  await mkdir(deps.exportsDir, { recursive: true });
  try {
    const written = await writeQuizLeaderboardFile(
      deps.prisma,
      quizId,
      row.format as ExportFormat,
      exportFilePath(deps.exportsDir, row),
    );
    return await deps.prisma.exportJob.update({
      where: { id: row.id },
      data: {
        status: "DONE",
        rowsWritten: written.rows,
        rowsTotal: written.rows,
        bytes: written.bytes,
        finishedAt: deps.now(),
      },
    });
  } catch (error) {
    await fail("Không tạo được báo cáo. Vui lòng thử lại.");
    throw error;
  }
}

/** Finished exports are kept this long, then their files and rows are deleted (they hold members' names). */
export const EXPORT_RETENTION_MS = 24 * 60 * 60_000;

/** Deletes exports older than the retention, files first. Answers how many. */
export async function purgeExports(
  deps: { prisma: PrismaClient; exportsDir: string; now(): Date },
  retentionMs = EXPORT_RETENTION_MS,
): Promise<number> {
  const old = await deps.prisma.exportJob.findMany({
    where: { createdAt: { lt: new Date(deps.now().getTime() - retentionMs) } },
    select: { id: true, format: true },
    take: 1_000,
  });
  for (const row of old) {
    const path = exportFilePath(deps.exportsDir, row);
    await rm(path, { force: true });
    await rm(`${path}.part`, { force: true });
  }
  await deps.prisma.exportJob.deleteMany({ where: { id: { in: old.map((r) => r.id) } } });
  return old.length;
}
