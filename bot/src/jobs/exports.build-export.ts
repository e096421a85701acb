import { buildExport } from "../services/exports-service.ts";
import type { JobContext } from "./job-context.ts";

/** Builds one export's file from a keyset cursor over the database (see `write-export-file.ts`). */
export async function buildExportJob(ctx: JobContext, exportId: string): Promise<{ rows: number } | null> {
  const started = performance.now();
  const row = await buildExport(
    {
      prisma: ctx.prisma,
      databaseUrl: ctx.config.DATABASE_URL,
      exportsDir: ctx.config.EXPORTS_DIR,
      timeZone: ctx.config.TZ_NAME,
      now: ctx.now,
    },
    exportId,
  );
  if (!row) return null;
  ctx.log.info(
    { exportId, rows: row.rowsWritten, bytes: Number(row.bytes ?? 0), ms: Math.round(performance.now() - started) },
    "export built",
  );
  return { rows: row.rowsWritten };
}
