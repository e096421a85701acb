import { exportAssistanceLogsQuerySchema } from "@xks/shared/api/exports";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { memberOf } from "../../auth/request-auth.ts";
import { exportAssistanceLogsCsv, exportAssistanceLogsXlsx, exportFileName } from "../../services/exports-service.ts";
import { type ApiContext, apiRateLimit, BEARER, errorResponses } from "./api-context.ts";

const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** Building a workbook is the heaviest thing the API does. */
const EXPORT_RATE_LIMIT_PER_MINUTE = 20;

export const exportsRoutes: FastifyPluginAsync<ApiContext> = async (app, { guards }) => {
  const route = app.withTypeProvider<ZodTypeProvider>();
  const leadOrAdmin = guards.requireRole("UNIT_LEAD", "ORG_ADMIN");
  const rateLimit = { ...apiRateLimit, max: EXPORT_RATE_LIMIT_PER_MINUTE };

  route.get(
    "/api/exports/assistance-logs.xlsx",
    {
      schema: {
        tags: ["exports"],
        summary: "Assistance logs as an Excel workbook (same filters and scope as the list)",
        security: BEARER,
        querystring: exportAssistanceLogsQuerySchema,
        produces: [XLSX_MIME],
        response: { 200: z.unknown().describe("The .xlsx file"), ...errorResponses(400, 401, 403, 404) },
      },
      onRequest: leadOrAdmin,
      config: { rateLimit },
    },
    async (request, reply) => {
      const file = await exportAssistanceLogsXlsx(app.prisma, memberOf(request), request.query, app.config.TZ_NAME);
      return reply
        .type(XLSX_MIME)
        .header("content-disposition", `attachment; filename="${exportFileName(request.query, "xlsx")}"`)
        .send(file);
    },
  );

  route.get(
    "/api/exports/assistance-logs.csv",
    {
      schema: {
        tags: ["exports"],
        summary: "Assistance logs as CSV (UTF-8 with BOM, opens cleanly in Excel)",
        security: BEARER,
        querystring: exportAssistanceLogsQuerySchema,
        produces: ["text/csv"],
        response: { 200: z.string().describe("The .csv file"), ...errorResponses(400, 401, 403, 404) },
      },
      onRequest: leadOrAdmin,
      config: { rateLimit },
    },
    async (request, reply) => {
      const csv = await exportAssistanceLogsCsv(app.prisma, memberOf(request), request.query, app.config.TZ_NAME);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${exportFileName(request.query, "csv")}"`)
        .send(csv);
    },
  );
};
