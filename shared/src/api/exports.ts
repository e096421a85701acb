import { z } from "zod";
import { assistanceLogFilterSchema } from "./assistance-logs.ts";
import { idSchema, isoDateTimeSchema, signedLinkQuerySchema } from "./common.ts";

/**
 * Reports are built by the worker, never by the request:
 *
 * 1. `POST /api/exports` with the list's filters and a format → `202` with the export (status `QUEUED`).
 * 2. `GET /api/exports/{id}` → its status and progress; once `DONE`, a `download` link signed for
 *    `EXPORT_LINK_TTL_MINUTES` minutes.
 * 3. `GET` that link (no `Authorization` header: it works inside Zalo's webview and with `downloadFile`) streams the
 *    file. An expired or altered link gets `403` with `EXPORT_LINK_EXPIRED` or `EXPORT_LINK_INVALID`.
 *
 * The same filters and scope as `GET /api/assistance-logs`: a unit lead exports their unit (and its sub-units), an
 * admin any unit. Vietnamese headers, times in Asia/Ho_Chi_Minh; the CSV is UTF-8 with a BOM so Excel shows the
 * diacritics. No row cap: the worker streams from the database to the file.
 */
export const EXPORT_FORMATS = ["xlsx", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A download link is valid this long after `GET /api/exports/{id}` signed it. */
export const EXPORT_LINK_TTL_MINUTES = 5;

export const requestExportBodySchema = assistanceLogFilterSchema.extend({
  format: z.enum(EXPORT_FORMATS, { error: "Định dạng phải là xlsx hoặc csv." }),
});
export type RequestExportBody = z.input<typeof requestExportBodySchema>;

export const exportStatusSchema = z.enum(["QUEUED", "RUNNING", "DONE", "FAILED"]);
export type ExportStatus = z.infer<typeof exportStatusSchema>;

export const exportJobSchema = z.object({
  id: idSchema,
  format: z.enum(EXPORT_FORMATS),
  status: exportStatusSchema,
  /** Rows written so far, and the rows the filter matched when the build started (null before that). */
  rowsWritten: z.number().int(),
  rowsTotal: z.number().int().nullable(),
  fileName: z.string(),
  bytes: z.number().int().nullable(),
  createdAt: isoDateTimeSchema,
  finishedAt: isoDateTimeSchema.nullable(),
  /** Plain Vietnamese, when FAILED. */
  error: z.string().nullable(),
  /** When DONE: a path on the API (prefix it with the API's base URL) and when it stops working. */
  download: z.object({ url: z.string(), expiresAt: isoDateTimeSchema }).nullable(),
});
export type ExportJob = z.infer<typeof exportJobSchema>;

export const exportIdParamsSchema = z.object({ id: idSchema });

export const exportDownloadQuerySchema = signedLinkQuerySchema;

export { ASSISTANCE_LOG_EXPORT_HEADERS } from "../labels.ts";
