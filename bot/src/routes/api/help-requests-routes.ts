import {
  helpRequestIdParamsSchema,
  helpRequestListSchema,
  helpRequestSchema,
  listHelpRequestsQuerySchema,
} from "@xks/shared/api/help-requests";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { memberOf } from "../../auth/request-auth.ts";
import {
  claimHelpRequest,
  completeHelpRequest,
  listHelpRequests,
  toHelpRequestDto,
} from "../../services/help-requests-service.ts";
import { type ApiContext, apiRateLimit, BEARER, errorResponses } from "./api-context.ts";

export const helpRequestsRoutes: FastifyPluginAsync<ApiContext> = async (app, { guards }) => {
  const route = app.withTypeProvider<ZodTypeProvider>();
  const deps = { prisma: app.prisma, queues: app.queues };

  route.get(
    "/api/help-requests",
    {
      schema: {
        tags: ["help requests"],
        summary: "The unit's inbox of residents' requests (open first)",
        security: BEARER,
        querystring: listHelpRequestsQuerySchema,
        response: { 200: helpRequestListSchema, ...errorResponses(400, 401, 403, 404) },
      },
      onRequest: guards.requireActiveMember,
      config: { rateLimit: apiRateLimit },
    },
    async (request) => {
      const rows = await listHelpRequests(app.prisma, memberOf(request), request.query);
      return { items: rows.map(toHelpRequestDto) };
    },
  );

  route.post(
    "/api/help-requests/:id/claim",
    {
      schema: {
        tags: ["help requests"],
        summary: "Take an open request (the resident is told through the OA)",
        description:
          "Repeating the claim is harmless; a request another member took answers 409 HELP_REQUEST_NOT_OPEN.",
        security: BEARER,
        params: helpRequestIdParamsSchema,
        response: { 200: helpRequestSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      onRequest: guards.requireActiveMember,
      config: { rateLimit: apiRateLimit },
    },
    async (request) => toHelpRequestDto(await claimHelpRequest(deps, memberOf(request), request.params.id)),
  );

  route.post(
    "/api/help-requests/:id/complete",
    {
      schema: {
        tags: ["help requests"],
        summary: "Mark a claimed request done (the resident is thanked and asked for a one-tap rating)",
        security: BEARER,
        params: helpRequestIdParamsSchema,
        response: { 200: helpRequestSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      onRequest: guards.requireActiveMember,
      config: { rateLimit: apiRateLimit },
    },
    async (request) => toHelpRequestDto(await completeHelpRequest(deps, memberOf(request), request.params.id)),
  );
};
