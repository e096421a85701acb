import { randomBytes } from "node:crypto";
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { renderSheetRow } from "./render-sheet-row.ts";
import { worksheetZipEntry } from "./worksheet-zip-entry.ts";

const nextTurns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe("worksheetZipEntry", () => {
  it("waits while the zip cannot take the sheet, and the rows it writes land in the workbook", async () => {
    // Nobody reads the output yet: once archiver's buffers are full the deflate stops taking the sheet.
    const out = new PassThrough();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet("Nhật ký hỗ trợ");
    sheet.addRow(["Ghi chú", "Số người"]).commit();
    const entry = worksheetZipEntry(sheet);
    // 3 MB that does not compress: more than archiver and the output buffer hold.
    const notes = Array.from({ length: 1_500 }, () => randomBytes(1_500).toString("base64"));
    notes.forEach((note, i) => {
      entry.write(renderSheetRow(i + 2, [note, i]));
    });
    let drained = false;
    const waiting = entry.drained().then(() => {
      drained = true;
    });
    await nextTurns(50);
    expect(drained).toBe(false);

    const chunks: Buffer[] = [];
    out.on("data", (chunk: Buffer) => chunks.push(chunk));
    await waiting;
    sheet.commit();
    await workbook.commit();
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    back.worksheets[0]?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toHaveLength(notes.length + 1);
    expect(rows[0]).toEqual(["Ghi chú", "Số người"]);
    expect(rows[1]).toEqual([notes[0], 0]);
    expect(rows.at(-1)).toEqual([notes.at(-1), notes.length - 1]);
  });

  it("refuses a worksheet that is not streamed into a zip, instead of writing without backpressure", () => {
    const sheet = new ExcelJS.Workbook().addWorksheet("x");
    expect(() => worksheetZipEntry(sheet)).toThrow(/no longer pipes/);
  });
});
