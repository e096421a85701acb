import {
  assistanceLogPageSchema,
  assistanceLogSchema,
  createAssistanceLogBodySchema,
  listAssistanceLogsQuerySchema,
  updateAssistanceLogBodySchema,
} from "@xks/shared/api/assistance-logs";
import { idParamsSchema } from "@xks/shared/api/common";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { memberOf } from "../../auth/request-auth.ts";
import {
  createAssistanceLog,
  listAssistanceLogs,
  toAssistanceLogDto,
  updateAssistanceLog,
} from "../../services/assistance-logs-service.ts";
import { type ApiContext, apiRateLimit, BEARER, errorResponses } from "./api-context.ts";

export const assistanceLogsRoutes: FastifyPluginAsync<ApiContext> = async (app, { guards }) => {
  const route = app.withTypeProvider<ZodTypeProvider>();

  route.post(
    "/api/assistance-logs",
    {
      schema: {
        tags: ["assistance logs"],
        summary: "Record an assistance (idempotent on clientId)",
        description:
          "201 with the new record; 200 with the first record when this clientId was already sent (offline retry). 409 CLIENT_ID_TAKEN if another member used it.",
        security: BEARER,
        body: createAssistanceLogBodySchema,
        response: {
          201: assistanceLogSchema.describe("Created"),
          200: assistanceLogSchema.describe("Already recorded: the first record"),
          ...errorResponses(400, 401, 403, 409),
        },
      },
      onRequest: guards.requireActiveMember,
      config: { rateLimit: apiRateLimit },
    },
    async (request, reply) => {
      const { log, created } = await createAssistanceLog(app.prisma, memberOf(request), request.body);
      return reply.status(created ? 201 : 200).send(toAssistanceLogDto(log));
    },
  );

  route.patch(
    "/api/assistance-logs/:id",
    {
      schema: {
        tags: ["assistance logs"],
        summary: "Correct one's own entry within 24 hours of recording it",
        security: BEARER,
        params: idParamsSchema,
        body: updateAssistanceLogBodySchema,
        response: { 200: assistanceLogSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      onRequest: guards.requireActiveMember,
      config: { rateLimit: apiRateLimit },
    },
    async (request) =>
      toAssistanceLogDto(await updateAssistanceLog(app.prisma, memberOf(request), request.params.id, request.body)),
  );

  route.get(
    "/api/assistance-logs",
    {
      schema: {
        tags: ["assistance logs"],
        summary: "Entries, newest first: a member's own, a unit lead's unit, an admin's all",
        security: BEARER,
        querystring: listAssistanceLogsQuerySchema,
        response: { 200: assistanceLogPageSchema, ...errorResponses(400, 401, 403, 404) },
      },
      onRequest: guards.requireActiveMember,
      config: { rateLimit: apiRateLimit },
    },
    async (request) => {
      const page = await listAssistanceLogs(app.prisma, memberOf(request), request.query, app.config.TZ_NAME);
      return { items: page.items.map(toAssistanceLogDto), nextCursor: page.nextCursor };
    },
  );
};
