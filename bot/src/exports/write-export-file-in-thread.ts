import { Worker } from "node:worker_threads";
import type { ExportThreadData, ExportThreadMessage } from "./export-build-thread.ts";
import type { WriteExportOptions } from "./write-export-file.ts";

/**
 * The build's nice value: the lowest priority. The worker and the server share two cores; in the worker's own
 * thread the 100,000-row build spent 6.8 s of CPU at the server's priority and the webhook's p99 went from 17 to
 * 66 ms while it ran. At 19 the scheduler gives the build only the CPU nothing at nice 0 wants: it takes longer on a
 * busy machine and what is left at the server's priority (V8's helper threads, the zip's deflate) is about 1.5 s.
 */
export const EXPORT_THREAD_NICE = 19;
/**
 * The build's own heap, bounded. Its live heap is its modules (about 20 MB with tsx) and one page of rows; left to
 * itself V8 let the heap grow to 70-90 MB, mostly garbage, before collecting. A bounded old generation and a small
 * young one collect it while it is small (thread peak about 45 MB of RSS). A build that needed more would fail, and
 * say so, rather than grow the worker.
 */
export const EXPORT_THREAD_OLD_GENERATION_MB = 48;
export const EXPORT_THREAD_YOUNG_GENERATION_MB = 8;

const ENTRY = new URL("./export-build-thread-entry.mjs", import.meta.url);

/**
 * `writeExportFile` in a worker thread of its own, at the lowest CPU priority and with a bounded heap, so a
 * province-sized export neither slows the webhook nor grows the worker; the progress callback runs here, in the
 * caller's thread (it writes to the database through the caller's Prisma client). Resolves with the rows written.
 */
export function writeExportFileInThread({ onProgress, ...options }: WriteExportOptions): Promise<number> {
  const thread = new Worker(ENTRY, {
    workerData: { options, nice: EXPORT_THREAD_NICE } satisfies ExportThreadData,
    // Not the parent's flags (a loader or heap sizes): the entry registers its own loader, the limits are below.
    execArgv: [],
    resourceLimits: {
      maxOldGenerationSizeMb: EXPORT_THREAD_OLD_GENERATION_MB,
      maxYoungGenerationSizeMb: EXPORT_THREAD_YOUNG_GENERATION_MB,
    },
  });
  // Progress updates are written one at a time, the latest winning: the thread never waits for the database.
  let latest: number | null = null;
  let writing: Promise<void> = Promise.resolve();
  const report = (rowsWritten: number) => {
    const idle = latest === null;
    latest = rowsWritten;
    if (!idle || !onProgress) return;
    writing = writing.then(async () => {
      while (latest !== null) {
        const rows = latest;
        await onProgress(rows);
        if (latest === rows) latest = null;
      }
    });
  };
  return new Promise<number>((resolve, reject) => {
    let rows: number | null = null;
    thread.on("message", (message: ExportThreadMessage) => {
      if (message.type === "progress") report(message.rowsWritten);
      else rows = message.rows;
    });
    thread.once("error", reject);
    thread.once("exit", (code) => {
      if (rows === null) reject(new Error(`export build thread exited (${code}) before finishing`));
      else writing.then(() => resolve(rows as number), reject);
    });
  });
}
