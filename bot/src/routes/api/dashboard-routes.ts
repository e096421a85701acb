import { idParamsSchema } from "@xks/shared/api/common";
import {
  alertListSchema,
  alertSchema,
  listAlertsQuerySchema,
  memberDashboardSchema,
  organisationDashboardQuerySchema,
  organisationDashboardResponseSchema,
  unitDashboardQuerySchema,
  unitDashboardResponseSchema,
} from "@xks/shared/api/dashboards";
import { unitCodeParamsSchema } from "@xks/shared/api/units";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { memberOf } from "../../auth/request-auth.ts";
import { listAlerts, resolveAlert, toAlertDto } from "../../services/alerts-service.ts";
import {
  assertRollupTimeZone,
  memberDashboard,
  organisationDashboard,
  unitDashboard,
} from "../../services/dashboard-service.ts";
import { helpResponseTimes } from "../../services/help-response-times.ts";
import { type ApiContext, apiRateLimit, BEARER, errorResponses } from "./api-context.ts";

export const dashboardRoutes: FastifyPluginAsync<ApiContext> = async (app, { guards }) => {
  const route = app.withTypeProvider<ZodTypeProvider>();
  const tz = app.config.TZ_NAME;
  assertRollupTimeZone(tz);
  const leadOrAdmin = guards.requireRole("UNIT_LEAD", "ORG_ADMIN");

  route.get(
    "/api/dashboard/me",
    {
      schema: {
        tags: ["dashboards"],
        summary: "The member's own totals: this week, all time, per service, 8-week trend",
        security: BEARER,
        response: { 200: memberDashboardSchema, ...errorResponses(401, 403) },
      },
      onRequest: guards.requireActiveMember,
      config: { rateLimit: apiRateLimit },
    },
    async (request) => memberDashboard(app.prisma, memberOf(request), tz),
  );

  route.get(
    "/api/dashboard/unit/:code",
    {
      schema: {
        tags: ["dashboards"],
        summary: "A unit's progress against its weekly target, one page of its members (its members, a lead, an admin)",
        security: BEARER,
        params: unitCodeParamsSchema,
        querystring: unitDashboardQuerySchema,
        response: { 200: unitDashboardResponseSchema, ...errorResponses(400, 401, 403, 404) },
      },
      onRequest: guards.requireActiveMember,
      config: { rateLimit: apiRateLimit },
    },
    async (request) =>
      unitDashboard(app.prisma, memberOf(request), request.params.code, tz, new Date(), {
        offset: request.query.membersOffset,
        limit: request.query.membersLimit,
      }),
  );

  route.get(
    "/api/dashboard/organisation",
    {
      schema: {
        tags: ["dashboards"],
        summary: "Units ranked (one page), per-service counts, 8-week trend, checklist completion and drop-off",
        security: BEARER,
        querystring: organisationDashboardQuerySchema,
        response: { 200: organisationDashboardResponseSchema, ...errorResponses(400, 401, 403) },
      },
      onRequest: guards.requireRole("ORG_ADMIN"),
      config: { rateLimit: apiRateLimit },
    },
    async (request) => ({
      ...(await organisationDashboard(
        app.prisma,
        tz,
        new Date(),
        {
          paidMessages: app.config.PAID_MESSAGES,
          paidPriceVnd: app.config.PAID_MESSAGE_PRICE_VND,
          paidMonthlyAllowance: app.config.PAID_MESSAGES_MONTHLY_ALLOWANCE,
        },
        { offset: request.query.unitsOffset, limit: request.query.unitsLimit, search: request.query.unitsSearch },
      )),
      responseTimes: await helpResponseTimes(app.prisma, { all: true }, new Date()),
    }),
  );

  route.get(
    "/api/alerts",
    {
      schema: {
        tags: ["dashboards"],
        summary: "Things a person must look at (escalated help requests, the OA connection)",
        security: BEARER,
        querystring: listAlertsQuerySchema,
        response: { 200: alertListSchema, ...errorResponses(400, 401, 403) },
      },
      onRequest: leadOrAdmin,
      config: { rateLimit: apiRateLimit },
    },
    async (request) => ({
      items: (await listAlerts(app.prisma, memberOf(request), request.query.resolved)).map(toAlertDto),
    }),
  );

  route.post(
    "/api/alerts/:id/resolve",
    {
      schema: {
        tags: ["dashboards"],
        summary: "Mark an alert as handled",
        security: BEARER,
        params: idParamsSchema,
        response: { 200: alertSchema, ...errorResponses(400, 401, 403, 404) },
      },
      onRequest: leadOrAdmin,
      config: { rateLimit: apiRateLimit },
    },
    async (request) => toAlertDto(await resolveAlert(app.prisma, memberOf(request), request.params.id)),
  );
};
