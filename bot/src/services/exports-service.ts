import { OUTCOME_LABELS, SERVICE_LABELS } from "@xks/shared/api/common";
import { ASSISTANCE_LOG_EXPORT_HEADERS, EXPORT_MAX_ROWS } from "@xks/shared/api/exports";
import ExcelJS from "exceljs";
import type { MemberWithUnit } from "../auth/request-auth.ts";
import type { PrismaClient } from "../db.ts";
import { InvalidInputError } from "../errors.ts";
import { type AssistanceLogFilter, assistanceLogWhere } from "./assistance-logs-service.ts";
import { writeAuditLog } from "./audit-log.ts";
import { formatLocalDateTime } from "./zoned-time.ts";

type ExportCell = string | number;

/** The rows of an export, oldest first, as people read them: local times, Vietnamese labels. */
async function exportRows(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  filter: AssistanceLogFilter,
  timeZone: string,
): Promise<ExportCell[][]> {
  const where = await assistanceLogWhere(prisma, actor, filter, timeZone);
  const count = await prisma.assistanceLog.count({ where });
  if (count > EXPORT_MAX_ROWS) {
    throw new InvalidInputError(
      `Có ${count} bản ghi, nhiều hơn ${EXPORT_MAX_ROWS}. Vui lòng chọn khoảng thời gian ngắn hơn.`,
      "EXPORT_TOO_LARGE",
    );
  }
  const logs = await prisma.assistanceLog.findMany({
    where,
    include: { member: { select: { name: true } }, unit: { select: { code: true, name: true } } },
    orderBy: [{ happenedAt: "asc" }, { id: "asc" }],
  });
  return logs.map((log) => [
    formatLocalDateTime(log.happenedAt, timeZone),
    log.unit.name,
    log.unit.code,
    log.member.name,
    log.hamlet,
    log.services.map((s) => SERVICE_LABELS[s]).join("; "),
    log.people,
    log.minutes,
    OUTCOME_LABELS[log.outcome],
    log.note ?? "",
    log.helpRequestId ?? "",
    formatLocalDateTime(log.createdAt, timeZone),
  ]);
}

async function audit(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  format: string,
  filter: AssistanceLogFilter,
  rows: number,
) {
  await writeAuditLog(prisma, {
    actorId: actor.id,
    action: "export.assistance-logs",
    targetType: "AssistanceLog",
    details: {
      format,
      rows,
      from: filter.from ?? null,
      to: filter.to ?? null,
      unitCode: filter.unitCode ?? null,
      mine: filter.mine ?? false,
    },
  });
}

export async function exportAssistanceLogsXlsx(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  filter: AssistanceLogFilter,
  timeZone: string,
): Promise<Buffer> {
  const rows = await exportRows(prisma, actor, filter, timeZone);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Xung Kích Số";
  const sheet = workbook.addWorksheet("Nhật ký hỗ trợ", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.addRow([...ASSISTANCE_LOG_EXPORT_HEADERS]);
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  const widths = [18, 28, 14, 24, 18, 40, 10, 10, 20, 40, 28, 18];
  sheet.columns.forEach((column, i) => {
    column.width = widths[i] ?? 16;
  });
  if (rows.length > 0) sheet.autoFilter = { from: "A1", to: { row: 1, column: ASSISTANCE_LOG_EXPORT_HEADERS.length } };
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  await audit(prisma, actor, "xlsx", filter, rows.length);
  return buffer;
}

/**
 * A cell as CSV text. A leading `=`, `+`, `-` or `@` would make Excel run it as a formula (CSV injection through a
 * note or hamlet name): such text is prefixed with an apostrophe, which Excel hides.
 */
export function csvCell(value: ExportCell): string {
  if (typeof value === "number") return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** UTF-8 with a BOM and CRLF line ends: Excel on Windows then shows the Vietnamese diacritics correctly. */
export async function exportAssistanceLogsCsv(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  filter: AssistanceLogFilter,
  timeZone: string,
): Promise<string> {
  const rows = await exportRows(prisma, actor, filter, timeZone);
  const lines = [[...ASSISTANCE_LOG_EXPORT_HEADERS], ...rows].map((row) => row.map(csvCell).join(","));
  await audit(prisma, actor, "csv", filter, rows.length);
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** `nhat-ky-ho-tro_2026-03-01_2026-03-07.xlsx`: ASCII only, so every browser and Zalo's webview keep it. */
export function exportFileName(filter: AssistanceLogFilter, extension: "xlsx" | "csv"): string {
  const parts = ["nhat-ky-ho-tro", filter.unitCode?.toLowerCase(), filter.from, filter.to].filter(Boolean);
  return `${parts.join("_")}.${extension}`;
}
