import { exportJobSchema } from "@xks/shared/api/exports";
import { requestWeeklyReportBodySchema } from "@xks/shared/api/weekly-report";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { DownloadLinkSigner } from "../../auth/download-link-signer.ts";
import { memberOf } from "../../auth/request-auth.ts";
import { requestWeeklyReport } from "../../reports/weekly-report-export.ts";
import { toExportDto } from "../../services/exports-service.ts";
import { type ApiContext, apiRateLimit, BEARER, errorResponses } from "./api-context.ts";

/** Requesting a report queues real work for the worker (the same budget as the other exports). */
const WEEKLY_REPORT_REQUESTS_PER_MINUTE = 20;

export const weeklyReportRoutes: FastifyPluginAsync<ApiContext> = async (app, { guards }) => {
  const route = app.withTypeProvider<ZodTypeProvider>();
  const links = new DownloadLinkSigner(app.config.SESSION_SECRET);

  route.post(
    "/api/exports/weekly-report",
    {
      schema: {
        tags: ["exports"],
        summary: "Request the weekly report workbook (summary per unit, comparison with the week before, raw rows)",
        description:
          "An organisation admin gets every unit, a unit lead their unit and its sub-units; `unitCode` narrows to " +
          "one part of the tree. Answers 202 at once; poll GET /api/exports/{id} until DONE, then open `download.url`.",
        security: BEARER,
        body: requestWeeklyReportBodySchema,
        response: { 202: exportJobSchema, ...errorResponses(400, 401, 403, 404) },
      },
      onRequest: guards.requireRole("UNIT_LEAD", "ORG_ADMIN"),
      config: { rateLimit: { ...apiRateLimit, max: WEEKLY_REPORT_REQUESTS_PER_MINUTE } },
    },
    async (request, reply) => {
      const row = await requestWeeklyReport(
        { prisma: app.prisma, queues: app.queues },
        memberOf(request),
        request.body,
      );
      return reply.code(202).send(toExportDto(row, links));
    },
  );
};
