import { parentPort, workerData } from "node:worker_threads";
import { type WriteExportOptions, writeExportFile } from "./write-export-file.ts";

/** What the thread is given: the build's options (its progress callback excepted) and its nice value. */
export interface ExportThreadData {
  options: Omit<WriteExportOptions, "onProgress">;
  nice: number;
}

/** What the thread tells its parent: rows written after each page, then the total. An error ends the thread. */
export type ExportThreadMessage = { type: "progress"; rowsWritten: number } | { type: "done"; rows: number };

/** Progress is reported at most this often: it is a figure on the admin's screen, not worth a write per page. */
const PROGRESS_EVERY_MS = 1_000;

/** The thread's body (`export-build-thread-entry.mjs` runs it): one build, reported to the parent. */
export async function runExportBuildThread(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error("runExportBuildThread runs in a worker thread");
  const { options } = workerData as ExportThreadData;
  let reportedAt = Number.NEGATIVE_INFINITY;
  const rows = await writeExportFile({
    ...options,
    onProgress: async (rowsWritten) => {
      if (performance.now() - reportedAt < PROGRESS_EVERY_MS) return;
      reportedAt = performance.now();
      port.postMessage({ type: "progress", rowsWritten } satisfies ExportThreadMessage);
    },
  });
  port.postMessage({ type: "done", rows } satisfies ExportThreadMessage);
}
