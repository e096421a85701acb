import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import type { ExportFormat } from "@xks/shared/api/exports";
import { ASSISTANCE_LOG_EXPORT_HEADERS, OUTCOME_LABELS, SERVICE_LABELS } from "@xks/shared/labels";
// The streaming writer alone (see `exceljs-workbook-writer.d.ts`).
import WorkbookWriter from "exceljs/lib/stream/xlsx/workbook-writer.js";
import pg from "pg";
import type { Prisma } from "../generated/prisma/client.ts";
import { formatLocalDateTime } from "../services/zoned-time.ts";
import { renderSheetRow } from "./render-sheet-row.ts";
import { worksheetZipEntry } from "./worksheet-zip-entry.ts";

/**
 * Rows read per keyset page: large enough to amortise a round trip, small enough to keep memory flat. Measured in
 * the build thread: 500-row pages cost PostgreSQL 0.3 s more per 100,000 rows (each query is planned afresh, 1.5 ms)
 * and saved the thread's collector about as much, so the page stays at 2,000.
 */
export const EXPORT_BATCH_ROWS = 2_000;
/** Rendered rows are handed to the zip in pieces of about this many characters (a few dozen rows). */
const XML_CHUNK_CHARS = 32_768;
const COLUMN_WIDTHS = [18, 28, 14, 24, 18, 40, 10, 10, 20, 40, 28, 18, 36];

type ExportCell = string | number;

/**
 * A cell as CSV text. A leading `=`, `+`, `-` or `@` would make Excel run it as a formula (CSV injection through a
 * note or hamlet name): such text is prefixed with an apostrophe, which Excel hides.
 */
export function csvCell(value: ExportCell): string {
  if (typeof value === "number") return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One exported row as the query reads it (names joined in, enums as text). */
export interface LogRow {
  k: string;
  id: string;
  happenedAt: Date;
  createdAt: Date;
  services: string[];
  people: number;
  minutes: number;
  hamlet: string;
  outcome: string;
  note: string | null;
  helpRequestId: string | null;
  memberName: string;
  unitName: string;
  unitCode: string;
  /** The registration day's title and start, when logged at one. */
  eventTitle: string | null;
  eventStartsAt: Date | null;
}

const QUARTER_HOUR_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

function zoneOffsetMs(at: Date, timeZone: string): number {
  const [date, time] = formatLocalDateTime(at, timeZone).split(" ") as [string, string];
  const [d, m, y] = date.split("/").map(Number) as [number, number, number];
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  return Date.UTC(y, m - 1, d, hh, mm) - (at.getTime() - (at.getTime() % 60_000));
}

/**
 * `formatLocalDateTime` for many instants without an Intl call per cell (that was a tenth of the build): the zone's
 * offset is looked up once per UTC day when it is the same at both ends of the day, else once per quarter hour
 * (offsets change only on such boundaries).
 */
export function localDateTimeFormatter(timeZone: string): (at: Date) => string {
  const days = new Map<number, number | null>();
  const quarters = new Map<number, number>();
  const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
  const offsetAt = (at: Date): number => {
    const day = Math.floor(at.getTime() / DAY_MS);
    let offset = days.get(day);
    if (offset === undefined) {
      const first = zoneOffsetMs(new Date(day * DAY_MS), timeZone);
      offset = first === zoneOffsetMs(new Date((day + 1) * DAY_MS - 60_000), timeZone) ? first : null;
      days.set(day, offset);
    }
    if (offset !== null) return offset;
    const slot = Math.floor(at.getTime() / QUARTER_HOUR_MS);
    let exact = quarters.get(slot);
    if (exact === undefined) {
      exact = zoneOffsetMs(new Date(slot * QUARTER_HOUR_MS), timeZone);
      quarters.set(slot, exact);
    }
    return exact;
  };
  return (at) => {
    const local = new Date(at.getTime() + offsetAt(at));
    return `${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
  };
}

export function toCells(log: LogRow, formatLocal: (at: Date) => string): ExportCell[] {
  return [
    formatLocal(log.happenedAt),
    log.unitName,
    log.unitCode,
    log.memberName,
    log.hamlet,
    log.services.map((s) => SERVICE_LABELS[s as keyof typeof SERVICE_LABELS] ?? s).join("; "),
    log.people,
    log.minutes,
    OUTCOME_LABELS[log.outcome as keyof typeof OUTCOME_LABELS] ?? log.outcome,
    log.note ?? "",
    log.helpRequestId ?? "",
    formatLocal(log.createdAt),
    log.eventTitle && log.eventStartsAt ? `${log.eventTitle} (${formatLocal(log.eventStartsAt)})` : "",
  ];
}

/**
 * The `where` that `assistanceLogWhere` builds (scope and filters), as SQL. Only the shapes it produces are
 * accepted: a new filter there fails here loudly instead of being silently dropped from an export.
 */
export function assistanceLogWhereSql(where: Prisma.AssistanceLogWhereInput): { sql: string[]; params: unknown[] } {
  const sql: string[] = [];
  const params: unknown[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (
      key === "unitId" &&
      typeof value === "object" &&
      value !== null &&
      Array.isArray((value as { in?: unknown }).in)
    ) {
      params.push((value as { in: string[] }).in);
      sql.push(`a."unitId" = ANY($${params.length}::text[])`);
    } else if (key === "memberId" && typeof value === "string") {
      params.push(value);
      sql.push(`a."memberId" = $${params.length}`);
    } else if (key === "happenedAt" && typeof value === "object" && value !== null) {
      for (const [op, bound] of Object.entries(value)) {
        if (!(bound instanceof Date) || (op !== "gte" && op !== "lt")) throw new Error(`unsupported happenedAt.${op}`);
        params.push(bound.toISOString());
        sql.push(`a."happenedAt" ${op === "gte" ? ">=" : "<"} ($${params.length}::timestamptz AT TIME ZONE 'UTC')`);
      }
    } else {
      throw new Error(`export filter not translated to SQL: ${key}`);
    }
  }
  return { sql, params };
}

/**
 * The matching rows oldest first, one keyset page at a time on (happenedAt, id) with a row comparison the
 * (happenedAt, id) and (unitId, happenedAt) indexes serve as a range: memory stays at one page however many rows
 * match, each page costs the same (no OFFSET, no rescan), and rows arriving meanwhile never shift a page. Raw `pg`
 * on one connection of its own: Prisma's per-row cost (its WASM query compiler and result mapping) dominated the
 * build and kept growing the worker's memory.
 */
export async function* readPages(db: pg.Client, where: Prisma.AssistanceLogWhereInput): AsyncGenerator<LogRow[]> {
  const filter = assistanceLogWhereSql(where);
  let after: { k: string; id: string } | null = null;
  for (;;) {
    const params = [...filter.params];
    const conditions = [...filter.sql];
    if (after) {
      params.push(after.k, after.id);
      conditions.push(`(a."happenedAt", a.id) > ($${params.length - 1}::timestamp, $${params.length})`);
    }
    params.push(EXPORT_BATCH_ROWS);
    const { rows } = await db.query<LogRow>(
      `SELECT a."happenedAt"::text AS k, a.id, a."happenedAt" AT TIME ZONE 'UTC' AS "happenedAt",
              a."createdAt" AT TIME ZONE 'UTC' AS "createdAt", a.services::text[] AS services, a.people, a.minutes,
              a.hamlet, a.outcome::text AS outcome, a.note, a."helpRequestId",
              m.name AS "memberName", u.name AS "unitName", u.code AS "unitCode",
              e.title AS "eventTitle", e."startsAt" AT TIME ZONE 'UTC' AS "eventStartsAt"
         FROM "AssistanceLog" a
         JOIN "Member" m ON m.id = a."memberId"
         JOIN "Unit" u ON u.id = a."unitId"
         LEFT JOIN "RegistrationEvent" e ON e.id = a."eventId"
        ${conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : ""}
        ORDER BY a."happenedAt", a.id
        LIMIT $${params.length}`,
      params,
    );
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < EXPORT_BATCH_ROWS) return;
    const last = rows[rows.length - 1] as LogRow;
    after = { k: last.k, id: last.id };
  }
}

/** Waits while the file stream's buffer is over its high-water mark: the database never outruns the disk. */
async function drained(stream: WriteStream): Promise<void> {
  if (stream.writableNeedDrain) await once(stream, "drain");
}

function finished(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once("close", resolve);
    stream.once("error", reject);
  });
}

export interface WriteExportOptions {
  databaseUrl: string;
  where: Prisma.AssistanceLogWhereInput;
  format: ExportFormat;
  path: string;
  timeZone: string;
  /** Called after each page with the rows written so far. */
  onProgress?: (rowsWritten: number) => Promise<void>;
}

/**
 * Streams the assistance logs matching `where` into `path` as XLSX (exceljs's streaming WorkbookWriter for the
 * workbook, its header row and the zip; the data rows rendered by `renderSheetRow` straight into the sheet's part,
 * page by page, each page waiting until the zip's deflate and the file have taken it; no shared strings table, so
 * nothing grows with the row count) or CSV (UTF-8 with a BOM and CRLF so Excel on Windows shows the diacritics).
 * Returns the number of data rows. The worker runs it in a thread of its own (`write-export-file-in-thread.ts`).
 */
export async function writeExportFile({
  databaseUrl,
  where,
  format,
  path,
  timeZone,
  onProgress,
}: WriteExportOptions): Promise<number> {
  const formatLocal = localDateTimeFormatter(timeZone);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const file = createWriteStream(path);
  const closed = finished(file);
  let rows = 0;
  try {
    if (format === "csv") {
      file.write(`\uFEFF${ASSISTANCE_LOG_EXPORT_HEADERS.join(",")}\r\n`);
      for await (const page of readPages(db, where)) {
        let chunk = "";
        for (const log of page) chunk += `${toCells(log, formatLocal).map(csvCell).join(",")}\r\n`;
        file.write(chunk);
        rows += page.length;
        await drained(file);
        await onProgress?.(rows);
      }
      file.end();
    } else {
      const workbook = new WorkbookWriter({
        stream: file,
        useStyles: true,
        useSharedStrings: false,
      });
      workbook.creator = "Xung Kích Số";
      const sheet = workbook.addWorksheet("Nhật ký hỗ trợ", { views: [{ state: "frozen", ySplit: 1 }] });
      sheet.columns = COLUMN_WIDTHS.map((width) => ({ width }));
      sheet.autoFilter = { from: "A1", to: { row: 1, column: ASSISTANCE_LOG_EXPORT_HEADERS.length } };
      const header = sheet.addRow([...ASSISTANCE_LOG_EXPORT_HEADERS]);
      header.font = { bold: true };
      header.commit();
      // The data rows go straight into the sheet's part, rendered as exceljs would (`render-sheet-row.ts`).
      const entry = worksheetZipEntry(sheet);
      for await (const page of readPages(db, where)) {
        let chunk = "";
        for (const log of page) {
          rows += 1;
          // Row 1 is the header.
          chunk += renderSheetRow(rows + 1, toCells(log, formatLocal));
          if (chunk.length >= XML_CHUNK_CHARS) {
            entry.write(chunk);
            chunk = "";
          }
        }
        if (chunk) entry.write(chunk);
        // Both ends of the zip: its deflate has taken the page, and the file has taken what it deflated.
        await entry.drained();
        await drained(file);
        await onProgress?.(rows);
      }
      sheet.commit();
      // Ends the zip and the file stream.
      await workbook.commit();
    }
    await closed;
    return rows;
  } catch (error) {
    file.destroy();
    throw error;
  } finally {
    await db.end().catch(() => undefined);
  }
}
