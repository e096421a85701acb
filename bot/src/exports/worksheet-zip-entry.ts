import { type EventEmitter, once } from "node:events";
import type { Worksheet } from "exceljs";

/** What this module needs of exceljs's streaming WorksheetWriter (4.x), which its typings do not declare. */
interface WorksheetWriterInternals {
  /** The sheet's part: an exceljs StreamBuf, appended to the zip when the sheet was added. */
  stream?: { write(chunk: string): unknown; pipes?: unknown[] };
}

/** readable-stream 2's PassThrough (archiver's), whose state has no public getters. */
interface ZipInput extends EventEmitter {
  _writableState: { length: number; needDrain: boolean };
}

export interface WorksheetZipEntry {
  /** Appends XML to the sheet's part, after what exceljs itself wrote (its header row included). */
  write(xml: string): void;
  /** Resolves when the zip's deflate has taken what was written so far (at once if it already has). */
  drained(): Promise<void>;
}

/**
 * The part of a streaming worksheet inside the zip, with the backpressure exceljs leaves out: its StreamBuf pipes
 * the sheet into archiver's PassThrough and never looks at `write()`'s answer, so whatever the deflate has not taken
 * yet piles up in that PassThrough (25 MB at 100,000 rows when the build ran alone, more when it shared the CPU) and
 * waiting on the output file's drain cannot see it. Reaches into exceljs 4's internals: an upgrade that moves them
 * fails here loudly (and in `worksheet-zip-entry.test.ts`), never silently unbounded.
 */
export function worksheetZipEntry(sheet: Worksheet): WorksheetZipEntry {
  const stream = (sheet as unknown as WorksheetWriterInternals).stream;
  const input = stream?.pipes?.[0] as ZipInput | undefined;
  if (!stream || typeof stream.write !== "function" || stream.pipes?.length !== 1 || !input?._writableState) {
    throw new Error("exceljs's WorksheetWriter no longer pipes its sheet into one zip entry: check its upgrade");
  }
  return {
    write: (xml) => {
      stream.write(xml);
    },
    drained: async () => {
      if (input._writableState.needDrain && input._writableState.length > 0) await once(input, "drain");
    },
  };
}
