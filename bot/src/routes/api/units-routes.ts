import {
  importUnitsBodySchema,
  importUnitsResponseSchema,
  mergeUnitBodySchema,
  mergeUnitResponseSchema,
  unitCodeParamsSchema,
  unitListQuerySchema,
  unitListSchema,
  unitSchema,
  updateUnitBodySchema,
} from "@xks/shared/api/units";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { memberOf } from "../../auth/request-auth.ts";
import { ForbiddenError } from "../../errors.ts";
import { importUnits, listUnitTree, mergeUnit, updateUnit } from "../../services/units-service.ts";
import { type ApiContext, apiRateLimit, BEARER, errorResponses } from "./api-context.ts";

export const unitsRoutes: FastifyPluginAsync<ApiContext> = async (app, { guards }) => {
  const route = app.withTypeProvider<ZodTypeProvider>();
  const admin = guards.requireRole("ORG_ADMIN");

  route.get(
    "/api/units",
    {
      schema: {
        tags: ["units"],
        summary: "The organisation tree, depth-first (any signed-in user: the registration form needs it)",
        description:
          "Active units only by default (merged and retired units are not offered in forms); `include=all` (organisation admins) lists them too.",
        security: BEARER,
        querystring: unitListQuerySchema,
        response: { 200: unitListSchema, ...errorResponses(400, 401, 403) },
      },
      onRequest: guards.requireSession,
      config: { rateLimit: apiRateLimit },
    },
    async (request) => {
      const { include } = request.query;
      if (include === "all" && memberOf(request).role !== "ORG_ADMIN") {
        throw new ForbiddenError("Chỉ Ban Thường vụ xem được các đơn vị đã sáp nhập hoặc giải thể.");
      }
      return { items: await listUnitTree(app.prisma, { include }) };
    },
  );

  route.post(
    "/api/units/import",
    {
      schema: {
        tags: ["units"],
        summary: "Import or update units from CSV text (all-or-nothing)",
        description:
          "Columns `code,name,kind[,parent_code,target_people_per_week,merged_into,retired]`. A `merged_into` row moves the unit's residents, members, open help requests, sub-units and target to that unit. Any bad row (unknown `merged_into`, merge cycle, merge into a retired unit…): 400 UNITS_CSV_INVALID with `details: [{line, code, message}]` and nothing changed.",
        security: BEARER,
        body: importUnitsBodySchema,
        response: { 200: importUnitsResponseSchema, ...errorResponses(400, 401, 403) },
      },
      onRequest: admin,
      config: { rateLimit: apiRateLimit },
    },
    async (request) => importUnits(app.prisma, memberOf(request), request.body.csv, request.body.parentCode),
  );

  route.patch(
    "/api/units/:code",
    {
      schema: {
        tags: ["units"],
        summary: "Rename a unit, set its weekly target, re-parent it or retire it (audit-logged)",
        security: BEARER,
        params: unitCodeParamsSchema,
        body: updateUnitBodySchema,
        response: { 200: unitSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      onRequest: admin,
      config: { rateLimit: apiRateLimit },
    },
    async (request) => updateUnit(app.prisma, memberOf(request), request.params.code, request.body),
  );

  route.post(
    "/api/units/:code/merge",
    {
      schema: {
        tags: ["units"],
        summary: "Merge a unit into an active one (cannot be undone; audit-logged)",
        description:
          "Residents, members, open help requests, sub-units and the weekly target move to `intoCode`; assistance logs stay under the old unit and count under the successor on the dashboards.",
        security: BEARER,
        params: unitCodeParamsSchema,
        body: mergeUnitBodySchema,
        response: { 200: mergeUnitResponseSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      onRequest: admin,
      config: { rateLimit: apiRateLimit },
    },
    async (request) => mergeUnit(app.prisma, memberOf(request), request.params.code, request.body.intoCode),
  );
};
