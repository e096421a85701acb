import {
  QUIZ_CHOICE_LETTERS,
  QUIZ_MAX_QUESTIONS,
  type QuizCsvError,
  type QuizQuestionInput,
  quizQuestionInputSchema,
} from "@xks/shared/api/quizzes";
import { foldVietnamese } from "@xks/shared/text/fold-vietnamese";
import { parse } from "csv-parse/sync";

/** The columns, by their folded header: Vietnamese as the template has them, or English. */
const COLUMNS = {
  text: ["cau hoi", "question"],
  a: ["a", "lua chon a", "choice a"],
  b: ["b", "lua chon b", "choice b"],
  c: ["c", "lua chon c", "choice c"],
  d: ["d", "lua chon d", "choice d"],
  correct: ["dap an", "dap an dung", "correct"],
  explanation: ["giai thich", "explanation"],
} as const;
type Column = keyof typeof COLUMNS;

export type ParsedQuizCsv = { questions: QuizQuestionInput[]; errors: [] } | { questions: []; errors: QuizCsvError[] };

/**
 * Reads a quiz's questions from CSV, one row a question: `cau_hoi,a,b,c,d,dap_an,giai_thich` (Excel's export, with
 * or without a BOM, comma or semicolon). Every row is checked with the same schema as the form; a file with any bad
 * row gives only the errors, each with its line (1 is the header) and a stable code.
 */
export function parseQuizCsv(text: string): ParsedQuizCsv {
  let records: string[][];
  try {
    const delimiter = firstLine(text).split(";").length > firstLine(text).split(",").length ? ";" : ",";
    records = parse(text.replace(/^\uFEFF/, ""), { delimiter, relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    return fail([{ line, code: "QUIZ_CSV_UNREADABLE", message: "Không đọc được tệp CSV (kiểm tra dấu ngoặc kép)." }]);
  }
  const [header, ...rows] = records;
  if (!header) return fail([{ line: 1, code: "QUIZ_CSV_EMPTY", message: "Tệp CSV trống." }]);
  const index = new Map<Column, number>();
  header.forEach((name, i) => {
    const folded = foldVietnamese(name);
    for (const [column, names] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
      if ((names as readonly string[]).includes(folded) && !index.has(column)) index.set(column, i);
    }
  });
  const missing = (["text", "a", "b", "correct"] as const).filter((c) => !index.has(c));
  if (missing.length > 0) {
    return fail([
      {
        line: 1,
        code: "QUIZ_CSV_HEADER",
        message: "Dòng tiêu đề cần các cột: cau_hoi, a, b, c, d, dap_an, giai_thich.",
      },
    ]);
  }
  if (rows.length === 0) return fail([{ line: 2, code: "QUIZ_CSV_EMPTY", message: "Tệp chưa có câu hỏi nào." }]);
  if (rows.length > QUIZ_MAX_QUESTIONS) {
    return fail([
      { line: QUIZ_MAX_QUESTIONS + 2, code: "QUIZ_CSV_TOO_MANY", message: "Cuộc thi có nhiều nhất 50 câu hỏi." },
    ]);
  }
  const errors: QuizCsvError[] = [];
  const questions: QuizQuestionInput[] = [];
  rows.forEach((row, i) => {
    const line = i + 2;
    const cell = (column: Column) => {
      const at = index.get(column);
      return at === undefined ? "" : (row[at] ?? "").trim();
    };
    const choices = (["a", "b", "c", "d"] as const).map(cell);
    const lastFilled = choices.reduce((last, c, j) => (c ? j : last), -1);
    if (choices.slice(0, lastFilled + 1).some((c) => c === "")) {
      errors.push({ line, code: "QUIZ_CSV_CHOICE_GAP", message: "Các lựa chọn phải điền liền nhau từ A." });
      return;
    }
    const correct = correctIndexOf(cell("correct"));
    if (correct === null) {
      errors.push({ line, code: "QUIZ_CSV_CORRECT", message: "Cột dap_an phải là A, B, C, D (hoặc 1–4)." });
      return;
    }
    const explanation = cell("explanation");
    const parsed = quizQuestionInputSchema.safeParse({
      text: cell("text"),
      choices: choices.slice(0, lastFilled + 1),
      correctIndex: correct,
      explanation: explanation || null,
    });
    if (!parsed.success) {
      errors.push({
        line,
        code: "QUIZ_CSV_ROW_INVALID",
        message: parsed.error.issues[0]?.message ?? "Dòng không hợp lệ.",
      });
      return;
    }
    questions.push(parsed.data);
  });
  return errors.length > 0 ? fail(errors) : { questions, errors: [] };
}

function fail(errors: QuizCsvError[]): ParsedQuizCsv {
  return { questions: [], errors };
}

function firstLine(text: string): string {
  return text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
}

function correctIndexOf(value: string): number | null {
  const v = value.trim().toUpperCase();
  const letter = (QUIZ_CHOICE_LETTERS as readonly string[]).indexOf(v);
  if (letter >= 0) return letter;
  if (/^[1-4]$/.test(v)) return Number(v) - 1;
  return null;
}
