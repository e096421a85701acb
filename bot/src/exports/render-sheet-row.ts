/**
 * One worksheet row as SpreadsheetML, byte for byte what exceljs's streaming WorksheetWriter writes for the same
 * string and number cells with no style and no shared strings (`render-sheet-row.test.ts` compares the two).
 * exceljs builds a Row, a Cell per value, a style key and an XML stream per row: at 100,000 rows that was half the
 * export's CPU and most of the garbage its heap grew with. The export's data rows are plain text and counts, so it
 * writes them itself; exceljs still writes everything else (header row and its style, columns, frozen pane, filter,
 * the workbook's other parts and the zip).
 */

/** The characters exceljs escapes (and the control characters XML 1.0 forbids, which it drops). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the characters XML forbids is the point.
const XML_SPECIAL = /[<>&'"\x7F\x00-\x08\x0B\x0C\x0E-\x1F]/g;
const ESCAPES: Record<string, string> = { '"': "&quot;", "&": "&amp;", "'": "&apos;", "<": "&lt;", ">": "&gt;" };

export function xmlText(text: string): string {
  return text.replace(XML_SPECIAL, (c) => ESCAPES[c] ?? "");
}

/** Column letters A, B, … Z, AA, … for a 1-based index. */
export function columnLetters(column: number): string {
  let letters = "";
  let n = column;
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

const LETTERS: string[] = [];

/** The `<row>` element of row `rowNumber` (1-based) holding `cells` from column A on. */
export function renderSheetRow(rowNumber: number, cells: readonly (string | number)[]): string {
  let xml = `<row r="${rowNumber}" spans="1:${cells.length}" x14ac:dyDescent="0.25">`;
  for (let i = 0; i < cells.length; i++) {
    const value = cells[i] as string | number;
    LETTERS[i] ??= columnLetters(i + 1);
    const ref = `${LETTERS[i]}${rowNumber}`;
    xml +=
      typeof value === "number"
        ? `<c r="${ref}"><v>${value}</v></c>`
        : `<c r="${ref}" t="str"><v>${xmlText(value)}</v></c>`;
  }
  return `${xml}</row>`;
}
