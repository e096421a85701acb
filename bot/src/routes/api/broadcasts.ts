import {
  broadcastListSchema,
  broadcastPreviewSchema,
  broadcastSchema,
  createBroadcastBodySchema,
  createdBroadcastSchema,
  listBroadcastsQuerySchema,
  previewBroadcastBodySchema,
} from "@xks/shared/api/broadcasts";
import { idParamsSchema } from "@xks/shared/api/common";
import { detectSensitiveKinds } from "@xks/shared/privacy/detect-sensitive-kinds";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { memberOf } from "../../auth/request-auth.ts";
import {
  type BroadcastDeps,
  cancelBroadcast,
  createBroadcast,
  getBroadcast,
  listBroadcasts,
  previewBroadcast,
} from "../../broadcasts/broadcasts-service.ts";
import { paidSendsAllowed } from "../../outbound/paid-sends.ts";
import { type ApiContext, apiRateLimit, BEARER, errorResponses } from "./api-context.ts";

/** Broadcast notices: organisation admins only. */
export const broadcastRoutes: FastifyPluginAsync<ApiContext> = async (app, { guards }) => {
  const route = app.withTypeProvider<ZodTypeProvider>();
  const admin = guards.requireRole("ORG_ADMIN");
  const deps: BroadcastDeps = {
    prisma: app.prisma,
    queues: app.queues,
    now: () => app.now(),
    paidAllowed: () => paidSendsAllowed(app, app.now()),
  };
  const common = { preHandler: admin, config: { rateLimit: apiRateLimit } };

  route.post(
    "/api/broadcasts",
    {
      schema: {
        tags: ["broadcasts"],
        summary: "Send a notice now or at `sendAt` (quiet hours wait for the morning unless urgent)",
        security: BEARER,
        body: createBroadcastBodySchema,
        response: { 201: createdBroadcastSchema, ...errorResponses(400, 401, 403) },
      },
      ...common,
    },
    async (request, reply) => {
      const created = await createBroadcast(deps, request.body, memberOf(request).id);
      // Sent as the admin wrote it; the warning tells them what the privacy guard saw (see content-routes.ts).
      const { title, text, linkUrl } = request.body;
      const privacyWarnings = detectSensitiveKinds([title, text, linkUrl ?? ""].join("\n"));
      return reply.status(201).send({ ...created, privacyWarnings });
    },
  );

  route.post(
    "/api/broadcasts/preview",
    {
      schema: {
        tags: ["broadcasts"],
        summary: "How many the audience holds and how many an OA message cannot reach",
        security: BEARER,
        body: previewBroadcastBodySchema,
        response: { 200: broadcastPreviewSchema, ...errorResponses(400, 401, 403) },
      },
      ...common,
    },
    async (request) => ({
      ...(await previewBroadcast(deps, request.body.audience)),
      // The composer says before sending that a notice written at night waits for the morning.
      quietHours: app.config.QUIET_HOURS,
    }),
  );

  route.get(
    "/api/broadcasts",
    {
      schema: {
        tags: ["broadcasts"],
        summary: "Notices, newest first",
        security: BEARER,
        querystring: listBroadcastsQuerySchema,
        response: { 200: broadcastListSchema, ...errorResponses(400, 401, 403) },
      },
      ...common,
    },
    async (request) => listBroadcasts(deps, request.query),
  );

  route.get(
    "/api/broadcasts/:id",
    {
      schema: {
        tags: ["broadcasts"],
        summary: "A notice with its delivery counts",
        security: BEARER,
        params: idParamsSchema,
        response: { 200: broadcastSchema, ...errorResponses(400, 401, 403, 404) },
      },
      ...common,
    },
    async (request) => getBroadcast(deps, request.params.id),
  );

  route.post(
    "/api/broadcasts/:id/cancel",
    {
      schema: {
        tags: ["broadcasts"],
        summary: "Stop a notice that has not finished; sends already on their way complete",
        security: BEARER,
        params: idParamsSchema,
        response: { 200: broadcastSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      ...common,
    },
    async (request) => cancelBroadcast(deps, request.params.id),
  );
};
