import { takeoverListSchema, takeoverParamsSchema } from "@xks/shared/api/takeovers";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { memberOf } from "../../auth/request-auth.ts";
import { giveBackToAssistant, listTakeovers } from "../../services/takeovers-service.ts";
import { type ApiContext, apiRateLimit, BEARER, errorResponses } from "./api-context.ts";

export const takeoversRoutes: FastifyPluginAsync<ApiContext> = async (app, { guards }) => {
  const route = app.withTypeProvider<ZodTypeProvider>();
  const leadOrAdmin = guards.requireRole("UNIT_LEAD", "ORG_ADMIN");
  const deps = { prisma: app.prisma, queues: app.queues };

  route.get(
    "/api/takeovers",
    {
      schema: {
        tags: ["takeovers"],
        summary: "Conversations the union's staff answer by hand in Zalo's OA chat (the bot is silent for them)",
        description: "A unit lead sees the residents of their unit and its sub-units; an admin every resident.",
        security: BEARER,
        response: { 200: takeoverListSchema, ...errorResponses(401, 403) },
      },
      onRequest: leadOrAdmin,
      config: { rateLimit: apiRateLimit },
    },
    async (request) => ({ items: await listTakeovers(deps, memberOf(request)) }),
  );

  route.post(
    "/api/takeovers/:residentId/give-back",
    {
      schema: {
        tags: ["takeovers"],
        summary: "Give the conversation back to the assistant (it tells the resident it is back)",
        description:
          "A resident not (or no longer) taken over, or outside one's scope, answers 404 TAKEOVER_NOT_FOUND.",
        security: BEARER,
        params: takeoverParamsSchema,
        response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses(400, 401, 403, 404) },
      },
      onRequest: leadOrAdmin,
      config: { rateLimit: apiRateLimit },
    },
    async (request) => {
      await giveBackToAssistant(deps, memberOf(request), request.params.residentId);
      return { ok: true as const };
    },
  );
};
