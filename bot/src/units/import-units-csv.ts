import { foldVietnamese } from "@xks/shared/text/fold-vietnamese";
import { parse } from "csv-parse/sync";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { UnitKind } from "../generated/prisma/enums.ts";
import { mergeUnitInto } from "./merge-unit.ts";

/**
 * Imports the organisation tree from a CSV file an admin exported from Excel:
 *
 *     code,name,kind[,parent_code,target_people_per_week,merged_into,retired]
 *
 * Every row is checked before anything is written, and a file with any invalid row changes nothing: an admin
 * fixes the lines listed in Vietnamese and uploads again. Rows are upserted by `code`, so importing the same
 * file twice is harmless. A missing or empty `target_people_per_week` keeps the unit's current target; a
 * missing `parent_code` uses `options.parentCode`, else keeps the current parent (a new unit becomes a root).
 *
 * `merged_into` names the unit a row was merged into (the 2025 commune mergers): its residents, members, open help
 * requests, sub-units and target move to the successor (see `mergeUnitInto`), in the same transaction. A merge
 * cannot be undone, so an empty `merged_into` keeps a unit merged. `retired` (1/x/có/true, or 0/không/false/empty)
 * marks a unit dissolved without successor; without the column, units keep their state. Refused whole: an unknown
 * `merged_into` code, a merge cycle, a unit merged into a retired one (or into its own sub-unit), a unit both
 * merged and retired, a unit already merged elsewhere.
 */
export async function importUnitsCsv(
  prisma: PrismaClient,
  csvText: string,
  options: ImportUnitsOptions = {},
): Promise<UnitImportResult> {
  const parsed = parseUnitsCsv(csvText);
  if (parsed.errors.length > 0) return { ...NOTHING_DONE, errors: parsed.errors };
  const { rows } = parsed;
  const now = options.now ?? new Date();

  const existing = await prisma.unit.findMany({
    select: { id: true, code: true, parentId: true, mergedIntoId: true, retiredAt: true },
  });
  const codeById = new Map(existing.map((unit) => [unit.id, unit.code]));
  const existingByCode = new Map(existing.map((unit) => [unit.code, unit]));
  const fileCodes = new Set(rows.map((row) => row.code));
  const known = (code: string) => existingByCode.has(code) || fileCodes.has(code);
  const errors: UnitImportError[] = [];

  const defaultParent = options.parentCode?.trim().toUpperCase();
  if (defaultParent && !known(defaultParent)) {
    errors.push({
      line: 0,
      code: "UNIT_DEFAULT_PARENT_UNKNOWN",
      message: `Đơn vị cấp trên mặc định "${defaultParent}" không tồn tại.`,
    });
  }

  // The parent each unit will have after the import, by code (undefined = root), to check references and cycles.
  const parentAfter = new Map<string, string | undefined>();
  for (const unit of existing) parentAfter.set(unit.code, unit.parentId ? codeById.get(unit.parentId) : undefined);
  for (const row of rows) {
    const parentCode = parentCodeFor(row, defaultParent);
    if (parentCode === row.code) {
      errors.push({
        line: row.line,
        code: "UNIT_PARENT_SELF",
        message: `Đơn vị "${row.code}" không thể là cấp trên của chính nó.`,
      });
      continue;
    }
    // An unknown default parent is reported once, above, not on every row.
    if (row.parentCode && !known(row.parentCode)) {
      errors.push({
        line: row.line,
        code: "UNIT_PARENT_UNKNOWN",
        message: `Mã đơn vị cấp trên "${row.parentCode}" không có trong tệp hay hệ thống.`,
      });
    }
    if (parentCode !== undefined || !existingByCode.has(row.code)) parentAfter.set(row.code, parentCode);
  }
  for (const row of rows) {
    if (formsCycle(row.code, parentAfter)) {
      errors.push({
        line: row.line,
        code: "UNIT_PARENT_CYCLE",
        message: `Đơn vị "${row.code}" nằm trong một vòng lặp cấp trên – cấp dưới.`,
      });
    }
  }

  // Merges and retirements as they will be after the import, by code.
  const mergedAfter = new Map<string, string | undefined>();
  const retiredAfter = new Map<string, boolean>();
  for (const unit of existing) {
    mergedAfter.set(unit.code, unit.mergedIntoId ? codeById.get(unit.mergedIntoId) : undefined);
    retiredAfter.set(unit.code, unit.retiredAt !== null);
  }
  for (const row of rows) {
    const current = existingByCode.get(row.code);
    const currentTarget = current?.mergedIntoId ? codeById.get(current.mergedIntoId) : undefined;
    if (row.mergedInto && currentTarget && row.mergedInto !== currentTarget) {
      errors.push({
        line: row.line,
        code: "UNIT_ALREADY_MERGED",
        message: `Đơn vị "${row.code}" đã được sáp nhập vào "${currentTarget}", không thể sáp nhập vào "${row.mergedInto}".`,
      });
    }
    if (row.mergedInto && !known(row.mergedInto)) {
      errors.push({
        line: row.line,
        code: "UNIT_MERGE_TARGET_UNKNOWN",
        message: `Mã đơn vị sáp nhập vào "${row.mergedInto}" không có trong tệp hay hệ thống.`,
      });
    }
    if (row.mergedInto) mergedAfter.set(row.code, row.mergedInto);
    else if (!current) mergedAfter.set(row.code, undefined);
    if (row.retired !== undefined) retiredAfter.set(row.code, row.retired);
    else if (!current) retiredAfter.set(row.code, false);
  }
  const lineOf = new Map(rows.map((row) => [row.code, row.line]));
  for (const row of rows) {
    const into = mergedAfter.get(row.code);
    if (into && retiredAfter.get(row.code)) {
      errors.push({
        line: row.line,
        code: "UNIT_MERGED_AND_RETIRED",
        message: `Đơn vị "${row.code}" không thể vừa sáp nhập vừa giải thể: chọn một trong hai.`,
      });
      continue;
    }
    if (into && known(into)) {
      if (formsCycle(row.code, mergedAfter)) {
        errors.push({
          line: row.line,
          code: "UNIT_MERGE_CYCLE",
          message: `Đơn vị "${row.code}" nằm trong một vòng lặp sáp nhập (sáp nhập vào chính nó qua "${into}").`,
        });
        continue;
      }
      const successor = endOfChain(row.code, mergedAfter);
      if (retiredAfter.get(successor)) {
        errors.push({
          line: row.line,
          code: "UNIT_MERGE_INTO_RETIRED",
          message: `Đơn vị "${row.code}" không thể sáp nhập vào "${successor}" vì đơn vị đó đã giải thể.`,
        });
      } else if (isAncestor(row.code, successor, parentAfter)) {
        errors.push({
          line: row.line,
          code: "UNIT_MERGE_INTO_DESCENDANT",
          message: `Đơn vị "${row.code}" không thể sáp nhập vào đơn vị cấp dưới của chính nó ("${successor}").`,
        });
      }
    }
  }
  // A unit already merged (before this file) into a unit this file retires.
  for (const unit of existing) {
    if (!unit.mergedIntoId || lineOf.has(unit.code) || formsCycle(unit.code, mergedAfter)) continue;
    const successor = endOfChain(unit.code, mergedAfter);
    const line = lineOf.get(successor);
    if (line !== undefined && retiredAfter.get(successor)) {
      errors.push({
        line,
        code: "UNIT_MERGE_INTO_RETIRED",
        message: `Không thể giải thể "${successor}": đơn vị "${unit.code}" đã được sáp nhập vào đơn vị này.`,
      });
    }
  }
  if (errors.length > 0) return { ...NOTHING_DONE, errors: sortErrors(errors) };

  let created = 0;
  let updated = 0;
  const merges: { code: string; into: string }[] = [];
  let retired = 0;
  await prisma.$transaction(
    async (tx) => {
      const idByCode = new Map(existing.map((unit) => [unit.code, unit.id]));
      // Parents first, so every parent id is known when its children are written.
      for (const row of orderParentsFirst(rows, parentAfter)) {
        const parentCode = parentCodeFor(row, defaultParent);
        const parentId = parentCode ? idByCode.get(parentCode) : undefined;
        const current = existingByCode.get(row.code);
        const retiredAt = row.retired === undefined ? undefined : row.retired ? (current?.retiredAt ?? now) : null;
        if (retiredAt && !current?.retiredAt) retired += 1;
        const fields = {
          name: row.name,
          kind: row.kind,
          ...(row.targetPeoplePerWeek !== undefined ? { targetPeoplePerWeek: row.targetPeoplePerWeek } : {}),
          ...(retiredAt !== undefined ? { retiredAt } : {}),
        };
        const unit = await tx.unit.upsert({
          where: { code: row.code },
          create: { code: row.code, ...fields, parentId: parentId ?? null },
          update: { ...fields, ...(parentId ? { parentId } : {}) },
          select: { id: true },
        });
        idByCode.set(row.code, unit.id);
        if (current) updated += 1;
        else created += 1;
      }
      // New merges, the longest chains first: A→B is done before B→C, so A's residents end up in C.
      const newMerges = rows
        .filter((row) => row.mergedInto && !existingByCode.get(row.code)?.mergedIntoId)
        .map((row) => ({ row, length: chainLength(row.code, mergedAfter) }))
        .sort((a, b) => b.length - a.length || a.row.line - b.row.line);
      const targetSetInFile = new Set(rows.filter((r) => r.targetPeoplePerWeek !== undefined).map((r) => r.code));
      for (const { row } of newMerges) {
        const into = row.mergedInto as string;
        await mergeUnitInto(tx, idByCode.get(row.code) as string, idByCode.get(into) as string, now, {
          keepSuccessorTarget: targetSetInFile.has(into),
        });
        merges.push({ code: row.code, into });
      }
    },
    { timeout: IMPORT_TRANSACTION_TIMEOUT_MS },
  );
  return { created, updated, merged: merges.length, retired, merges, errors: [] };
}

const NOTHING_DONE = { created: 0, updated: 0, merged: 0, retired: 0, merges: [] } as const;

/**
 * A file is written whole or not at all, in one transaction. Prisma's default (5 s) is too short for a district's
 * mergers: the demo file alone merges 36 units, each moving residents, members, requests, sub-units and targets,
 * and took over 5 s on a loaded machine. A minute bounds a stuck import without failing a big honest one.
 */
const IMPORT_TRANSACTION_TIMEOUT_MS = 60_000;

export interface ImportUnitsOptions {
  /** Parent of every row whose `parent_code` is empty (e.g. the organisation root when importing its communes). */
  parentCode?: string;
  /** When merges and retirements take effect (tests); now by default. */
  now?: Date;
}

/**
 * `line` is the file's line number (the header is line 1); 0 for a problem with the options, not the file.
 * `code` is stable for API clients (UNIT_MERGE_CYCLE…); `message` is for people, in Vietnamese.
 */
export interface UnitImportError {
  line: number;
  code: UnitImportErrorCode;
  message: string;
}

export type UnitImportErrorCode =
  | "UNITS_CSV_UNREADABLE"
  | "UNITS_CSV_EMPTY"
  | "UNITS_CSV_BAD_HEADER"
  | "UNITS_CSV_NO_ROWS"
  | "UNIT_ROW_INVALID"
  | "UNIT_DEFAULT_PARENT_UNKNOWN"
  | "UNIT_PARENT_SELF"
  | "UNIT_PARENT_UNKNOWN"
  | "UNIT_PARENT_CYCLE"
  | "UNIT_ALREADY_MERGED"
  | "UNIT_MERGE_TARGET_UNKNOWN"
  | "UNIT_MERGE_CYCLE"
  | "UNIT_MERGE_INTO_RETIRED"
  | "UNIT_MERGE_INTO_DESCENDANT"
  | "UNIT_MERGED_AND_RETIRED";

export interface UnitImportResult {
  created: number;
  updated: number;
  /** Units merged by this import (not those merged before). */
  merged: number;
  /** Units newly retired by this import. */
  retired: number;
  merges: readonly { code: string; into: string }[];
  errors: UnitImportError[];
}

export interface UnitCsvRow {
  line: number;
  code: string;
  name: string;
  kind: UnitKind;
  parentCode?: string;
  targetPeoplePerWeek?: number;
  /** Code of the unit this one was merged into. */
  mergedInto?: string;
  /** Set only when the file has a `retired` column. */
  retired?: boolean;
}

const REQUIRED_COLUMNS = ["code", "name", "kind"] as const;
const OPTIONAL_COLUMNS = ["parent_code", "target_people_per_week", "merged_into", "retired"] as const;
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

const KIND_BY_NAME: Record<string, UnitKind> = {
  town: UnitKind.TOWN,
  commune: UnitKind.COMMUNE,
  school: UnitKind.SCHOOL,
  agency: UnitKind.AGENCY,
  organisation: UnitKind.ORGANISATION,
  other: UnitKind.OTHER,
};

/** Folded (lower-case, no marks) values of the `retired` column; an empty cell means "not retired". */
const RETIRED_YES = new Set(["1", "x", "co", "true", "yes", "giai the", "da giai the"]);
const RETIRED_NO = new Set(["", "0", "khong", "false", "no"]);

const CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]*$/;
const MAX_CODE_LENGTH = 50;
const MAX_NAME_LENGTH = 200;
const MAX_TARGET_PEOPLE_PER_WEEK = 100_000;

/** Reads and checks the rows of a units CSV without touching the database. */
export function parseUnitsCsv(csvText: string): { rows: UnitCsvRow[]; errors: UnitImportError[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // Excel writes CRLF; normalising first keeps csv-parse's line numbers exact for quoted multi-line fields.
    records = parse(csvText.replace(/\r\n?/g, "\n"), {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof records; // `info: true` wraps each record; the typings do not model it.
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return {
      rows: [],
      errors: [{ line, code: "UNITS_CSV_UNREADABLE", message: `Không đọc được tệp CSV: ${(error as Error).message}` }],
    };
  }

  const withLines = records
    .map(({ record, info }) => ({ record, line: info.lines - newlinesIn(record) }))
    .filter(({ record }) => record.some((field) => field.trim() !== ""));
  const [header, ...body] = withLines;
  if (!header) return { rows: [], errors: [{ line: 1, code: "UNITS_CSV_EMPTY", message: "Tệp CSV trống." }] };

  const columns = header.record.map((name) => name.trim().toLowerCase());
  const errors: UnitImportError[] = [];
  const known = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);
  const unknown = columns.filter((name) => !known.has(name));
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.includes(name));
  if (missing.length > 0)
    errors.push({
      line: header.line,
      code: "UNITS_CSV_BAD_HEADER",
      message: `Thiếu cột bắt buộc: ${missing.join(", ")}.`,
    });
  if (unknown.length > 0) {
    errors.push({
      line: header.line,
      code: "UNITS_CSV_BAD_HEADER",
      message: `Cột không hợp lệ: ${unknown.join(", ")}. Các cột được dùng: ${[...known].join(", ")}.`,
    });
  }
  const duplicated = columns.filter((name, index) => columns.indexOf(name) !== index);
  if (duplicated.length > 0)
    errors.push({ line: header.line, code: "UNITS_CSV_BAD_HEADER", message: `Cột bị lặp: ${duplicated.join(", ")}.` });
  if (errors.length > 0) return { rows: [], errors };
  if (body.length === 0) {
    return {
      rows: [],
      errors: [{ line: header.line, code: "UNITS_CSV_NO_ROWS", message: "Tệp không có dòng đơn vị nào." }],
    };
  }

  const rows: UnitCsvRow[] = [];
  const lineByCode = new Map<string, number>();
  for (const { record, line } of body) {
    const problems: string[] = [];
    if (record.length > columns.length) problems.push(`có ${record.length} cột, nhiều hơn tiêu đề (${columns.length})`);
    const cell = (column: Column): string => (record[columns.indexOf(column)] ?? "").trim();

    const code = cell("code").toUpperCase();
    if (!code) problems.push("thiếu mã đơn vị (code)");
    else if (code.length > MAX_CODE_LENGTH || !CODE_PATTERN.test(code)) {
      problems.push(`mã "${code}" chỉ được gồm chữ không dấu, số, "_" hoặc "-" (tối đa ${MAX_CODE_LENGTH} ký tự)`);
    } else if (lineByCode.has(code)) problems.push(`mã "${code}" đã có ở dòng ${lineByCode.get(code)}`);

    const name = cell("name").replace(/\s+/g, " ");
    if (!name) problems.push("thiếu tên đơn vị (name)");
    else if (name.length > MAX_NAME_LENGTH) problems.push(`tên dài quá ${MAX_NAME_LENGTH} ký tự`);

    const kindText = cell("kind");
    const kind = KIND_BY_NAME[kindText.toLowerCase()];
    if (!kind) {
      problems.push(
        kindText
          ? `loại "${kindText}" không hợp lệ (dùng: ${Object.keys(KIND_BY_NAME).join(", ")})`
          : "thiếu loại đơn vị (kind)",
      );
    }

    const parentCode = cell("parent_code").toUpperCase() || undefined;
    const targetText = cell("target_people_per_week");
    let targetPeoplePerWeek: number | undefined;
    if (targetText) {
      targetPeoplePerWeek = /^\d+$/.test(targetText) ? Number(targetText) : Number.NaN;
      if (!Number.isSafeInteger(targetPeoplePerWeek) || targetPeoplePerWeek > MAX_TARGET_PEOPLE_PER_WEEK) {
        problems.push(`chỉ tiêu "${targetText}" phải là số nguyên từ 0 đến ${MAX_TARGET_PEOPLE_PER_WEEK}`);
      }
    }

    const mergedInto = cell("merged_into").toUpperCase() || undefined;
    if (mergedInto && (mergedInto.length > MAX_CODE_LENGTH || !CODE_PATTERN.test(mergedInto))) {
      problems.push(`mã sáp nhập vào "${mergedInto}" không hợp lệ`);
    }
    let retired: boolean | undefined;
    if (columns.includes("retired")) {
      const retiredText = foldVietnamese(cell("retired"));
      if (RETIRED_YES.has(retiredText)) retired = true;
      else if (RETIRED_NO.has(retiredText)) retired = false;
      else problems.push(`cột retired "${cell("retired")}" phải là 1 (đã giải thể) hoặc 0/để trống`);
    }

    if (problems.length > 0 || !kind) {
      const message = problems.join("; ");
      errors.push({
        line,
        code: "UNIT_ROW_INVALID",
        message: `${message.charAt(0).toUpperCase()}${message.slice(1)}.`,
      });
      continue;
    }
    lineByCode.set(code, line);
    rows.push({
      line,
      code,
      name,
      kind,
      ...(parentCode ? { parentCode } : {}),
      ...(targetPeoplePerWeek !== undefined ? { targetPeoplePerWeek } : {}),
      ...(mergedInto ? { mergedInto } : {}),
      ...(retired !== undefined ? { retired } : {}),
    });
  }
  return { rows: errors.length > 0 ? [] : rows, errors };
}

function newlinesIn(record: string[]): number {
  return record.reduce((count, field) => count + (field.match(/\n/g)?.length ?? 0), 0);
}

/** The parent a row asks for; undefined keeps the unit's current parent (none for a new unit). */
function parentCodeFor(row: UnitCsvRow, defaultParent: string | undefined): string | undefined {
  if (row.parentCode) return row.parentCode;
  // The default parent may be imported in the same file; it is not its own parent.
  return defaultParent !== row.code ? defaultParent : undefined;
}

function formsCycle(code: string, parentOf: Map<string, string | undefined>): boolean {
  const seen = new Set<string>([code]);
  let current = parentOf.get(code);
  while (current !== undefined) {
    if (seen.has(current)) return current === code;
    seen.add(current);
    current = parentOf.get(current);
  }
  return false;
}

/** The last unit of a chain of merges; stops before repeating if the chain loops elsewhere. */
function endOfChain(code: string, mergedInto: Map<string, string | undefined>): string {
  const seen = new Set([code]);
  let current = code;
  for (let next = mergedInto.get(current); next !== undefined && !seen.has(next); next = mergedInto.get(current)) {
    seen.add(next);
    current = next;
  }
  return current;
}

function chainLength(code: string, mergedInto: Map<string, string | undefined>): number {
  const seen = new Set([code]);
  for (let next = mergedInto.get(code); next !== undefined && !seen.has(next); next = mergedInto.get(next)) {
    seen.add(next);
  }
  return seen.size - 1;
}

/** Whether `ancestor` is above `code` in the tree after the import (no cycle by now). */
function isAncestor(ancestor: string, code: string, parentOf: Map<string, string | undefined>): boolean {
  for (let parent = parentOf.get(code); parent !== undefined; parent = parentOf.get(parent)) {
    if (parent === ancestor) return true;
  }
  return false;
}

/** Rows sorted so that a row comes after the row of its parent (the tree has no cycle by now). */
function orderParentsFirst(rows: UnitCsvRow[], parentOf: Map<string, string | undefined>): UnitCsvRow[] {
  const depth = (code: string): number => {
    let d = 0;
    for (let parent = parentOf.get(code); parent !== undefined; parent = parentOf.get(parent)) d += 1;
    return d;
  };
  return rows
    .map((row, index) => ({ row, index, depth: depth(row.code) }))
    .sort((a, b) => a.depth - b.depth || a.index - b.index)
    .map(({ row }) => row);
}

function sortErrors(errors: UnitImportError[]): UnitImportError[] {
  return [...errors].sort((a, b) => a.line - b.line);
}
