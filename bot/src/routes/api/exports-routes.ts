import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import {
  exportDownloadQuerySchema,
  exportIdParamsSchema,
  exportJobSchema,
  requestExportBodySchema,
} from "@xks/shared/api/exports";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { DownloadLinkSigner } from "../../auth/download-link-signer.ts";
import { memberOf } from "../../auth/request-auth.ts";
import { NotFoundError } from "../../errors.ts";
import {
  exportFilePath,
  findOwnExport,
  requestExport,
  resolveExportDownload,
  toExportDto,
} from "../../services/exports-service.ts";
import { attachmentDisposition } from "../attachment-disposition.ts";
import { type ApiContext, apiRateLimit, BEARER, errorResponses } from "./api-context.ts";

const MIME: Record<string, string> = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
};
/** Requesting a report queues real work for the worker. */
const EXPORT_REQUESTS_PER_MINUTE = 20;

export const exportsRoutes: FastifyPluginAsync<ApiContext> = async (app, { guards }) => {
  const route = app.withTypeProvider<ZodTypeProvider>();
  const leadOrAdmin = guards.requireRole("UNIT_LEAD", "ORG_ADMIN");
  const links = new DownloadLinkSigner(app.config.SESSION_SECRET);

  route.post(
    "/api/exports",
    {
      schema: {
        tags: ["exports"],
        summary: "Request an export of assistance logs (XLSX or CSV); the worker builds it",
        description:
          "Same filters and scope as GET /api/assistance-logs. Answers 202 at once; poll GET /api/exports/{id} " +
          "until status is DONE, then open its `download.url`.",
        security: BEARER,
        body: requestExportBodySchema,
        response: { 202: exportJobSchema, ...errorResponses(400, 401, 403, 404) },
      },
      onRequest: leadOrAdmin,
      config: { rateLimit: { ...apiRateLimit, max: EXPORT_REQUESTS_PER_MINUTE } },
    },
    async (request, reply) => {
      const row = await requestExport(
        { prisma: app.prisma, queues: app.queues, timeZone: app.config.TZ_NAME },
        memberOf(request),
        request.body,
      );
      return reply.code(202).send(toExportDto(row, links));
    },
  );

  route.get(
    "/api/exports/:id",
    {
      schema: {
        tags: ["exports"],
        summary: "An export's status and progress; when DONE, a download link valid for a few minutes",
        security: BEARER,
        params: exportIdParamsSchema,
        response: { 200: exportJobSchema, ...errorResponses(401, 403, 404) },
      },
      onRequest: leadOrAdmin,
      config: { rateLimit: apiRateLimit },
    },
    async (request) => toExportDto(await findOwnExport(app.prisma, memberOf(request), request.params.id), links),
  );

  route.get(
    "/api/exports/:id/file",
    {
      schema: {
        tags: ["exports"],
        summary: "The export's file, through the signed link from GET /api/exports/{id} (no Authorization header)",
        params: exportIdParamsSchema,
        querystring: exportDownloadQuerySchema,
        produces: [MIME.xlsx as string, "text/csv"],
        response: { 200: z.unknown().describe("The file, streamed from disk"), ...errorResponses(400, 403, 404) },
      },
      config: { rateLimit: apiRateLimit },
    },
    async (request, reply) => {
      const row = await resolveExportDownload(app.prisma, links, request.params.id, request.query);
      const path = exportFilePath(app.config.EXPORTS_DIR, row);
      const size = await stat(path).then(
        (s) => s.size,
        () => {
          throw new NotFoundError("Tệp báo cáo không còn. Vui lòng tạo lại báo cáo.", "EXPORT_FILE_MISSING");
        },
      );
      // Streamed from disk: the server never holds a report in memory, however large.
      return reply
        .type(MIME[row.format] ?? "application/octet-stream")
        .header("content-length", size)
        .header("content-disposition", attachmentDisposition(row.fileName))
        .header("cache-control", "private, no-store")
        .send(createReadStream(path));
    },
  );
};
