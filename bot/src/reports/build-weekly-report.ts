import { createWriteStream } from "node:fs";
import { SERVICE_CODES, SERVICE_LABELS } from "@xks/shared/api/common";
import { ASSISTANCE_LOG_EXPORT_HEADERS } from "@xks/shared/api/exports";
import {
  TOTAL_ROW_LABEL,
  UNKNOWN_UNIT_LABEL,
  WEEKLY_COMPARISON_FIGURES,
  WEEKLY_REPORT_SHEETS,
  WEEKLY_REQUEST_HEADERS,
  WEEKLY_SERVICE_HEADER_PREFIX,
  WEEKLY_SUMMARY_HEADERS_AFTER_SERVICES,
  WEEKLY_SUMMARY_HEADERS_BEFORE_SERVICES,
} from "@xks/shared/api/weekly-report";
import ExcelJS from "exceljs";
import pg from "pg";
import type { MemberWithUnit } from "../auth/request-auth.ts";
import { unitScopeOf } from "../auth/unit-scope.ts";
import type { PrismaClient } from "../db.ts";
import { localDateTimeFormatter, readPages, toCells } from "../exports/write-export-file.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { listUnitTree } from "../services/units-service.ts";
import { addDays, startOfLocalDay } from "../services/zoned-time.ts";
import { type MergeLinks, unitsCountedUnder } from "../units/unit-successors.ts";
import { readWeeklyFigures, type WeekFiguresByUnit, type WeekScope } from "./read-weekly-figures.ts";
import { addFigures, emptyFigures, median, targetPercent, type UnitWeekFigures } from "./weekly-figures.ts";

export interface WeeklyReportFilter {
  /** Monday, local calendar day. */
  weekStart: string;
  unitCode?: string;
}

export interface WeeklyReportDeps {
  prisma: PrismaClient;
  databaseUrl: string;
  timeZone: string;
  now(): Date;
}

interface ReportUnit {
  id: string | null;
  code: string;
  name: string;
  depth: number;
  target: number;
}

const HOUR_MS = 3_600_000;
/** Under the title: how to read the rows (a parent's row does not repeat its sub-units' figures). */
const READING_NOTE =
  "Mỗi dòng là số liệu của riêng đơn vị (đơn vị đã sáp nhập được tính vào đơn vị kế thừa); dòng «Tổng cộng» là cả phạm vi báo cáo.";
const REQUEST_PAGE_ROWS = 2_000;
const HELP_STATUS_LABELS: Record<string, string> = {
  OPEN: "Đang chờ người nhận",
  CLAIMED: "Đã có người nhận",
  DONE: "Đã xong",
  CANCELLED: "Đã hủy",
};

/**
 * Writes the weekly report of `filter.weekStart` for the actor's scope into `path` (XLSX, exceljs's streaming
 * writer: the raw rows go out page by page). The scope is the actor's (a lead: their unit and its sub-units; an
 * admin: everything), narrowed to `unitCode` if given; logs and requests of units merged into a unit of the
 * scope count under it. Returns the number of raw rows written.
 */
export async function buildWeeklyReport(
  deps: WeeklyReportDeps,
  actor: MemberWithUnit,
  filter: WeeklyReportFilter,
  path: string,
): Promise<number> {
  const { prisma, timeZone } = deps;
  const scope = await unitScopeOf(prisma, actor, filter.unitCode);
  const allUnits = await prisma.unit.findMany({
    select: { id: true, code: true, name: true, mergedIntoId: true, retiredAt: true, targetPeoplePerWeek: true },
  });
  const links: MergeLinks = new Map(allUnits.map((u) => [u.id, u.mergedIntoId]));
  const scopeIds = scope.all ? allUnits.map((u) => u.id) : [...scope.unitIds];
  const weekScope: WeekScope = scope.all
    ? { historyUnitIds: null, residentUnitIds: null }
    : { historyUnitIds: unitsCountedUnder(links, scopeIds), residentUnitIds: scopeIds };

  const thisWeek = weekRange(filter.weekStart, timeZone);
  const lastWeek = weekRange(addDays(filter.weekStart, -7), timeZone);
  const [current, previous] = await Promise.all([
    readWeeklyFigures(prisma, links, weekScope, thisWeek),
    readWeeklyFigures(prisma, links, weekScope, lastWeek),
  ]);

  // Units in the tree's order (depth-first, siblings by name); merged units report under their successor.
  const byCode = new Map(allUnits.map((u) => [u.code, u]));
  const inScope = new Set(scopeIds);
  const units: ReportUnit[] = [];
  for (const node of await listUnitTree(prisma, { include: "all" })) {
    const unit = byCode.get(node.code);
    if (!unit || !inScope.has(unit.id) || unit.mergedIntoId) continue;
    // A retired unit appears only for the week it still had something to report.
    if (unit.retiredAt && !current.has(unit.id) && !previous.has(unit.id)) continue;
    units.push({ id: unit.id, code: unit.code, name: unit.name, depth: node.depth, target: unit.targetPeoplePerWeek });
  }
  if (scope.all && (current.has(null) || previous.has(null))) {
    units.push({ id: null, code: "", name: UNKNOWN_UNIT_LABEL, depth: 0, target: 0 });
  }
  const scopeName = filter.unitCode
    ? (byCode.get(filter.unitCode)?.name ?? filter.unitCode)
    : scope.all
      ? "Toàn tổ chức"
      : (actor.unit?.name ?? "");

  const formatLocal = localDateTimeFormatter(timeZone);
  const file = createWriteStream(path);
  const closed = new Promise<void>((resolve, reject) => {
    file.once("close", resolve);
    file.once("error", reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: file, useStyles: true, useSharedStrings: false });
  workbook.creator = "Xung Kích Số";
  const title = `Báo cáo tuần ${formatDay(filter.weekStart)} – ${formatDay(addDays(filter.weekStart, 6))}`;
  const subtitle = `Phạm vi: ${scopeName} · Lập lúc ${formatLocal(deps.now())} (giờ Việt Nam)`;
  const db = new pg.Client({ connectionString: deps.databaseUrl });
  await db.connect();
  let rawRows = 0;
  try {
    writeSummarySheet(workbook, title, subtitle, units, current);
    writeComparisonSheet(workbook, title, subtitle, units, current, previous);

    const logs = workbook.addWorksheet(WEEKLY_REPORT_SHEETS.logs, { views: [{ state: "frozen", ySplit: 1 }] });
    logs.columns = ASSISTANCE_LOG_EXPORT_HEADERS.map((h) => ({ width: Math.max(14, h.length + 4) }));
    bold(logs.addRow([...ASSISTANCE_LOG_EXPORT_HEADERS])).commit();
    const logWhere: Prisma.AssistanceLogWhereInput = {
      ...(weekScope.historyUnitIds ? { unitId: { in: [...weekScope.historyUnitIds] } } : {}),
      happenedAt: { gte: thisWeek.from, lt: thisWeek.to },
    };
    for await (const page of readPages(db, logWhere)) {
      for (const log of page) logs.addRow(toCells(log, formatLocal)).commit();
      rawRows += page.length;
    }
    logs.commit();

    const requests = workbook.addWorksheet(WEEKLY_REPORT_SHEETS.requests, { views: [{ state: "frozen", ySplit: 1 }] });
    requests.columns = WEEKLY_REQUEST_HEADERS.map((h) => ({ width: Math.max(14, h.length + 4) }));
    bold(requests.addRow([...WEEKLY_REQUEST_HEADERS])).commit();
    let afterId: string | undefined;
    for (;;) {
      const page = await prisma.helpRequest.findMany({
        where: {
          createdAt: { gte: thisWeek.from, lt: thisWeek.to },
          ...(weekScope.historyUnitIds ? { unitId: { in: [...weekScope.historyUnitIds] } } : {}),
          ...(afterId ? { id: { gt: afterId } } : {}),
        },
        orderBy: { id: "asc" },
        take: REQUEST_PAGE_ROWS,
        // Only the request itself: no resident name, phone or address leaves in a report.
        select: {
          id: true,
          createdAt: true,
          topic: true,
          status: true,
          claimedAt: true,
          doneAt: true,
          unit: { select: { name: true, code: true } },
        },
      });
      for (const r of [...page].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
        requests
          .addRow([
            formatLocal(r.createdAt),
            r.unit.name,
            r.unit.code,
            r.topic,
            HELP_STATUS_LABELS[r.status] ?? r.status,
            r.claimedAt ? formatLocal(r.claimedAt) : "",
            r.doneAt ? formatLocal(r.doneAt) : "",
            r.claimedAt ? hours(r.claimedAt.getTime() - r.createdAt.getTime()) : "",
          ])
          .commit();
      }
      rawRows += page.length;
      if (page.length < REQUEST_PAGE_ROWS) break;
      afterId = page.at(-1)?.id;
    }
    requests.commit();
    await workbook.commit();
    await closed;
    return rawRows;
  } catch (error) {
    file.destroy();
    throw error;
  } finally {
    await db.end().catch(() => undefined);
  }
}

function weekRange(weekStart: string, timeZone: string): { from: Date; to: Date } {
  return { from: startOfLocalDay(weekStart, timeZone), to: startOfLocalDay(addDays(weekStart, 7), timeZone) };
}

/** "24/11/2026". */
function formatDay(isoDate: string): string {
  const [y, m, d] = isoDate.split("-");
  return `${d}/${m}/${y}`;
}

function hours(ms: number): number {
  return Math.round((ms / HOUR_MS) * 10) / 10;
}

function bold(row: ExcelJS.Row): ExcelJS.Row {
  row.font = { bold: true };
  return row;
}

function writeHeading(sheet: ExcelJS.Worksheet, title: string, subtitle: string): void {
  const titleRow = sheet.addRow([title]);
  titleRow.font = { bold: true, size: 14 };
  titleRow.commit();
  sheet.addRow([subtitle]).commit();
  sheet.addRow([READING_NOTE]).commit();
}

/** The tree shows in the unit column's indent. */
function indentUnit(row: ExcelJS.Row, depth: number): void {
  row.getCell(1).alignment = { indent: depth };
}

function writeSummarySheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  title: string,
  subtitle: string,
  units: readonly ReportUnit[],
  figures: WeekFiguresByUnit,
): void {
  const headers = [
    ...WEEKLY_SUMMARY_HEADERS_BEFORE_SERVICES,
    ...SERVICE_CODES.map((code) => `${WEEKLY_SERVICE_HEADER_PREFIX}${SERVICE_LABELS[code]}`),
    ...WEEKLY_SUMMARY_HEADERS_AFTER_SERVICES,
  ];
  const sheet = workbook.addWorksheet(WEEKLY_REPORT_SHEETS.summary, { views: [{ state: "frozen", ySplit: 4 }] });
  sheet.columns = headers.map((h, i) => ({ width: i === 0 ? 34 : Math.min(24, Math.max(12, h.length)) }));
  writeHeading(sheet, title, subtitle);
  const header = bold(sheet.addRow(headers));
  header.alignment = { wrapText: true, vertical: "top" };
  header.commit();
  let total = emptyFigures();
  let totalTarget = 0;
  for (const unit of units) {
    const f = figures.get(unit.id) ?? emptyFigures();
    total = addFigures(total, f);
    totalTarget += unit.target;
    const row = sheet.addRow(summaryCells(unit.name, unit.code, unit.target, f));
    indentUnit(row, unit.depth);
    row.commit();
  }
  bold(sheet.addRow(summaryCells(TOTAL_ROW_LABEL, "", totalTarget, total))).commit();
  sheet.commit();
}

function summaryCells(name: string, code: string, target: number, f: UnitWeekFigures): (string | number | null)[] {
  const responseMs = median(f.responseTimesMs);
  return [
    name,
    code,
    target,
    f.people,
    targetPercent(f.people, target),
    f.logs,
    ...SERVICE_CODES.map((c) => f.peopleByService[c]),
    f.requestsReceived,
    f.requestsClaimed,
    f.requestsDone,
    responseMs === null ? null : hours(responseMs),
    f.newFollowers,
    f.checklistsDone,
  ];
}

function comparisonValues(f: UnitWeekFigures): number[] {
  return [f.people, f.requestsReceived, f.requestsDone, f.newFollowers, f.checklistsDone];
}

function writeComparisonSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  title: string,
  subtitle: string,
  units: readonly ReportUnit[],
  current: WeekFiguresByUnit,
  previous: WeekFiguresByUnit,
): void {
  const headers = [
    "Đơn vị",
    "Mã đơn vị",
    ...WEEKLY_COMPARISON_FIGURES.flatMap((figure) => [
      `${figure} (tuần này)`,
      `${figure} (tuần trước)`,
      `${figure} (chênh lệch)`,
    ]),
  ];
  const sheet = workbook.addWorksheet(WEEKLY_REPORT_SHEETS.comparison, { views: [{ state: "frozen", ySplit: 4 }] });
  sheet.columns = headers.map((_, i) => ({ width: i === 0 ? 34 : 14 }));
  writeHeading(sheet, title, subtitle);
  const header = bold(sheet.addRow(headers));
  header.alignment = { wrapText: true, vertical: "top" };
  header.commit();
  let totalNow = emptyFigures();
  let totalBefore = emptyFigures();
  const cells = (name: string, code: string, now: UnitWeekFigures, before: UnitWeekFigures) => {
    const a = comparisonValues(now);
    const b = comparisonValues(before);
    return [name, code, ...a.flatMap((value, i) => [value, b[i] ?? 0, value - (b[i] ?? 0)])];
  };
  for (const unit of units) {
    const now = current.get(unit.id) ?? emptyFigures();
    const before = previous.get(unit.id) ?? emptyFigures();
    totalNow = addFigures(totalNow, now);
    totalBefore = addFigures(totalBefore, before);
    const row = sheet.addRow(cells(unit.name, unit.code, now, before));
    indentUnit(row, unit.depth);
    row.commit();
  }
  bold(sheet.addRow(cells(TOTAL_ROW_LABEL, "", totalNow, totalBefore))).commit();
  sheet.commit();
}
