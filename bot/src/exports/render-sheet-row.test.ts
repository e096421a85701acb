import ExcelJS from "exceljs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { columnLetters, renderSheetRow } from "./render-sheet-row.ts";

/** The XML exceljs's streaming writer produces for a data row, caught on its way into the sheet's part. */
function exceljsRowXml(cells: (string | number)[], rowNumber: number): string {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet("x");
  for (let r = 1; r < rowNumber; r++) sheet.addRow(["header"]).commit();
  const stream = (sheet as unknown as { stream: { write(chunk: unknown): unknown } }).stream;
  const written: string[] = [];
  const write = stream.write.bind(stream);
  stream.write = (chunk: unknown) => {
    written.push(String(chunk));
    return write(chunk);
  };
  sheet.addRow(cells).commit();
  return written.join("");
}

const cell = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("", "=1+1", "a&b <c> \"d\" 'e'", "Thôn Đông\u0000\u0007\u000b\u001f\u007f\t\r\n", "😀 Sự kiện"),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
);

describe("renderSheetRow", () => {
  it("writes exactly what exceljs writes for the same text and number cells", () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 30 }), fc.integer({ min: 2, max: 4 }), (cells, row) => {
        expect(renderSheetRow(row, cells)).toBe(exceljsRowXml(cells, row));
      }),
      { numRuns: 300 },
    );
  });

  it("names columns as spreadsheets do", () => {
    expect([1, 13, 26, 27, 52, 53, 702, 703].map(columnLetters)).toEqual([
      "A",
      "M",
      "Z",
      "AA",
      "AZ",
      "BA",
      "ZZ",
      "AAA",
    ]);
  });
});
