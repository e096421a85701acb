import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeExportFileInThread } from "./write-export-file-in-thread.ts";

describe("writeExportFileInThread", () => {
  const dir = mkdtempSync(join(tmpdir(), "xks-export-thread-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("fails with the thread's own error when the build fails, and reports no progress", async () => {
    const progress: number[] = [];
    const path = join(dir, "x.xlsx.part");
    await expect(
      writeExportFileInThread({
        // Nothing listens on port 9: the thread's database connection is refused.
        databaseUrl: "postgresql://postgres@127.0.0.1:9/none",
        where: {},
        format: "xlsx",
        path,
        timeZone: "Asia/Ho_Chi_Minh",
        onProgress: async (rows) => {
          progress.push(rows);
        },
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
    expect(progress).toEqual([]);
    expect(existsSync(path)).toBe(false);
  });
});
