import { parse } from "csv-parse/sync";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { UnitKind } from "../generated/prisma/enums.ts";

/**
 * Imports the organisation tree from a CSV file an admin exported from Excel:
 *
 *     code,name,kind[,parent_code,target_people_per_week]
 *
 * Every row is checked before anything is written, and a file with any invalid row changes nothing: an admin
 * fixes the lines listed in Vietnamese and uploads again. Rows are upserted by `code`, so importing the same
 * file twice is harmless. A missing or empty `target_people_per_week` keeps the unit's current target; a
 * missing `parent_code` uses `options.parentCode`, else keeps the current parent (a new unit becomes a root).
 */
export async function importUnitsCsv(
  prisma: PrismaClient,
  csvText: string,
  options: ImportUnitsOptions = {},
): Promise<UnitImportResult> {
  const parsed = parseUnitsCsv(csvText);
  if (parsed.errors.length > 0) return { created: 0, updated: 0, errors: parsed.errors };
  const { rows } = parsed;

  const existing = await prisma.unit.findMany({ select: { id: true, code: true, parentId: true } });
  const codeById = new Map(existing.map((unit) => [unit.id, unit.code]));
  const existingByCode = new Map(existing.map((unit) => [unit.code, unit]));
  const fileCodes = new Set(rows.map((row) => row.code));
  const errors: UnitImportError[] = [];

  const defaultParent = options.parentCode?.trim().toUpperCase();
  if (defaultParent && !existingByCode.has(defaultParent) && !fileCodes.has(defaultParent)) {
    errors.push({ line: 0, message: `Đơn vị cấp trên mặc định "${defaultParent}" không tồn tại.` });
  }

  // The parent each unit will have after the import, by code (undefined = root), to check references and cycles.
  const parentAfter = new Map<string, string | undefined>();
  for (const unit of existing) parentAfter.set(unit.code, unit.parentId ? codeById.get(unit.parentId) : undefined);
  for (const row of rows) {
    const parentCode = parentCodeFor(row, defaultParent);
    if (parentCode === row.code) {
      errors.push({ line: row.line, message: `Đơn vị "${row.code}" không thể là cấp trên của chính nó.` });
      continue;
    }
    // An unknown default parent is reported once, above, not on every row.
    if (row.parentCode && !existingByCode.has(row.parentCode) && !fileCodes.has(row.parentCode)) {
      errors.push({
        line: row.line,
        message: `Mã đơn vị cấp trên "${row.parentCode}" không có trong tệp hay hệ thống.`,
      });
    }
    if (parentCode !== undefined || !existingByCode.has(row.code)) parentAfter.set(row.code, parentCode);
  }
  for (const row of rows) {
    if (formsCycle(row.code, parentAfter)) {
      errors.push({ line: row.line, message: `Đơn vị "${row.code}" nằm trong một vòng lặp cấp trên – cấp dưới.` });
    }
  }
  if (errors.length > 0) return { created: 0, updated: 0, errors: sortErrors(errors) };

  let created = 0;
  let updated = 0;
  await prisma.$transaction(async (tx) => {
    const idByCode = new Map(existing.map((unit) => [unit.code, unit.id]));
    // Parents first, so every parent id is known when its children are written.
    for (const row of orderParentsFirst(rows, parentAfter)) {
      const parentCode = parentCodeFor(row, defaultParent);
      const parentId = parentCode ? idByCode.get(parentCode) : undefined;
      const fields = {
        name: row.name,
        kind: row.kind,
        ...(row.targetPeoplePerWeek !== undefined ? { targetPeoplePerWeek: row.targetPeoplePerWeek } : {}),
      };
      const unit = await tx.unit.upsert({
        where: { code: row.code },
        create: { code: row.code, ...fields, parentId: parentId ?? null },
        update: { ...fields, ...(parentId ? { parentId } : {}) },
        select: { id: true },
      });
      idByCode.set(row.code, unit.id);
      if (existingByCode.has(row.code)) updated += 1;
      else created += 1;
    }
  });
  return { created, updated, errors: [] };
}

export interface ImportUnitsOptions {
  /** Parent of every row whose `parent_code` is empty (e.g. the organisation root when importing its communes). */
  parentCode?: string;
}

/** `line` is the file's line number (the header is line 1); 0 for a problem with the options, not the file. */
export interface UnitImportError {
  line: number;
  message: string;
}

export interface UnitImportResult {
  created: number;
  updated: number;
  errors: UnitImportError[];
}

export interface UnitCsvRow {
  line: number;
  code: string;
  name: string;
  kind: UnitKind;
  parentCode?: string;
  targetPeoplePerWeek?: number;
}

const REQUIRED_COLUMNS = ["code", "name", "kind"] as const;
const OPTIONAL_COLUMNS = ["parent_code", "target_people_per_week"] as const;
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

const KIND_BY_NAME: Record<string, UnitKind> = {
  town: UnitKind.TOWN,
  commune: UnitKind.COMMUNE,
  school: UnitKind.SCHOOL,
  agency: UnitKind.AGENCY,
  organisation: UnitKind.ORGANISATION,
  other: UnitKind.OTHER,
};

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
    return { rows: [], errors: [{ line, message: `Không đọc được tệp CSV: ${(error as Error).message}` }] };
  }

  const withLines = records
    .map(({ record, info }) => ({ record, line: info.lines - newlinesIn(record) }))
    .filter(({ record }) => record.some((field) => field.trim() !== ""));
  const [header, ...body] = withLines;
  if (!header) return { rows: [], errors: [{ line: 1, message: "Tệp CSV trống." }] };

  const columns = header.record.map((name) => name.trim().toLowerCase());
  const errors: UnitImportError[] = [];
  const known = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);
  const unknown = columns.filter((name) => !known.has(name));
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.includes(name));
  if (missing.length > 0) errors.push({ line: header.line, message: `Thiếu cột bắt buộc: ${missing.join(", ")}.` });
  if (unknown.length > 0) {
    errors.push({
      line: header.line,
      message: `Cột không hợp lệ: ${unknown.join(", ")}. Các cột được dùng: ${[...known].join(", ")}.`,
    });
  }
  const duplicated = columns.filter((name, index) => columns.indexOf(name) !== index);
  if (duplicated.length > 0) errors.push({ line: header.line, message: `Cột bị lặp: ${duplicated.join(", ")}.` });
  if (errors.length > 0) return { rows: [], errors };
  if (body.length === 0) return { rows: [], errors: [{ line: header.line, message: "Tệp không có dòng đơn vị nào." }] };

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

    if (problems.length > 0 || !kind) {
      const message = problems.join("; ");
      errors.push({ line, message: `${message.charAt(0).toUpperCase()}${message.slice(1)}.` });
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
