import {
  importUnitsBodySchema,
  importUnitsResponseSchema,
  unitCodeParamsSchema,
  unitListSchema,
  unitSchema,
  updateUnitBodySchema,
} from "@xks/shared/api/units";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { memberOf } from "../../auth/request-auth.ts";
import { importUnits, listUnitTree, updateUnit } from "../../services/units-service.ts";
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
        security: BEARER,
        response: { 200: unitListSchema, ...errorResponses(401) },
      },
      onRequest: guards.requireSession,
      config: { rateLimit: apiRateLimit },
    },
    async () => ({ items: await listUnitTree(app.prisma) }),
  );

  route.post(
    "/api/units/import",
    {
      schema: {
        tags: ["units"],
        summary: "Import or update units from CSV text (all-or-nothing)",
        description:
          "Columns `code,name,kind[,parent_code,target_people_per_week]`. Any bad row: 400 UNITS_CSV_INVALID with `details: [{line, message}]` and nothing changed.",
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
        summary: "Rename a unit or set its weekly target",
        security: BEARER,
        params: unitCodeParamsSchema,
        body: updateUnitBodySchema,
        response: { 200: unitSchema, ...errorResponses(400, 401, 403, 404) },
      },
      onRequest: admin,
      config: { rateLimit: apiRateLimit },
    },
    async (request) => updateUnit(app.prisma, memberOf(request), request.params.code, request.body),
  );
};
