import {
  cancelHelpRequestBodySchema,
  handOverHelpRequestBodySchema,
  helpColleagueListSchema,
  helpRequestCountsSchema,
  helpRequestDetailSchema,
  helpRequestIdParamsSchema,
  helpRequestListSchema,
  helpRequestSchema,
  listHelpRequestsQuerySchema,
} from "@xks/shared/api/help-requests";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { memberOf } from "../../auth/request-auth.ts";
import { unitScopeOf } from "../../auth/unit-scope.ts";
import {
  cancelHelpRequest,
  claimHelpRequest,
  completeHelpRequest,
  handOverHelpRequest,
  releaseHelpRequest,
} from "../../help-requests/help-request-transitions.ts";
import {
  countHelpRequests,
  getHelpRequestDetail,
  type HelpRequestRow,
  listHelpColleagues,
  listHelpRequests,
  toHelpRequestDto,
} from "../../services/help-requests-service.ts";
import { type ApiContext, apiRateLimit, BEARER, errorResponses } from "./api-context.ts";

export const helpRequestsRoutes: FastifyPluginAsync<ApiContext> = async (app, { guards }) => {
  const route = app.withTypeProvider<ZodTypeProvider>();
  const deps = { prisma: app.prisma, queues: app.queues, config: app.config, now: app.now };
  const common = { onRequest: guards.requireActiveMember, config: { rateLimit: apiRateLimit } };
  /** A changed request as the caller may now see it (a request moved away comes back without its contact). */
  const answer = async (actor: ReturnType<typeof memberOf>, row: HelpRequestRow) =>
    toHelpRequestDto(row, await unitScopeOf(app.prisma, actor), actor);
  const conflicts =
    "Refusals carry a stable code: 409 HELP_REQUEST_NOT_OPEN, HELP_REQUEST_NOT_CLAIMED, HELP_REQUEST_CLOSED, " +
    "HELP_REQUEST_CHANGED (someone changed it at the same moment: reload); 403 HELP_REQUEST_NOT_YOURS.";

  route.get(
    "/api/help-requests",
    {
      schema: {
        tags: ["help requests"],
        summary: "The unit's inbox of residents' requests (open first); `mine=true`: the caller's own",
        security: BEARER,
        querystring: listHelpRequestsQuerySchema,
        response: { 200: helpRequestListSchema, ...errorResponses(400, 401, 403, 404) },
      },
      ...common,
    },
    async (request) => {
      const actor = memberOf(request);
      const { rows, scope } = await listHelpRequests(app.prisma, actor, request.query);
      return { items: rows.map((row) => toHelpRequestDto(row, scope, actor)) };
    },
  );

  route.get(
    "/api/help-requests/counts",
    {
      schema: {
        tags: ["help requests"],
        summary: "The inbox badge: requests waiting in the caller's unit, and those the caller holds",
        security: BEARER,
        response: { 200: helpRequestCountsSchema, ...errorResponses(401, 403) },
      },
      ...common,
    },
    async (request) => countHelpRequests(app.prisma, memberOf(request)),
  );

  route.get(
    "/api/help-requests/:id",
    {
      schema: {
        tags: ["help requests"],
        summary: "One request with its history and the resident's contact (members of its unit only)",
        security: BEARER,
        params: helpRequestIdParamsSchema,
        response: { 200: helpRequestDetailSchema, ...errorResponses(400, 401, 403, 404) },
      },
      ...common,
    },
    async (request) => getHelpRequestDetail(app.prisma, memberOf(request), request.params.id),
  );

  route.get(
    "/api/help-requests/:id/colleagues",
    {
      schema: {
        tags: ["help requests"],
        summary: "The active members of the request's unit, to hand it to",
        security: BEARER,
        params: helpRequestIdParamsSchema,
        response: { 200: helpColleagueListSchema, ...errorResponses(400, 401, 403, 404) },
      },
      ...common,
    },
    async (request) => listHelpColleagues(app.prisma, memberOf(request), request.params.id),
  );

  route.post(
    "/api/help-requests/:id/claim",
    {
      schema: {
        tags: ["help requests"],
        summary: "Take an open request (the resident is told through the OA)",
        description: `Repeating the claim is harmless; a request another member took answers 409 HELP_REQUEST_NOT_OPEN. ${conflicts}`,
        security: BEARER,
        params: helpRequestIdParamsSchema,
        response: { 200: helpRequestSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      ...common,
    },
    async (request) => {
      const actor = memberOf(request);
      return answer(actor, await claimHelpRequest(deps, actor, request.params.id));
    },
  );

  route.post(
    "/api/help-requests/:id/release",
    {
      schema: {
        tags: ["help requests"],
        summary: "Give a claimed request back: open again, the resident and the unit's members are told",
        description: conflicts,
        security: BEARER,
        params: helpRequestIdParamsSchema,
        response: { 200: helpRequestSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      ...common,
    },
    async (request) => {
      const actor = memberOf(request);
      return answer(actor, await releaseHelpRequest(deps, actor, request.params.id));
    },
  );

  route.post(
    "/api/help-requests/:id/hand-over",
    {
      schema: {
        tags: ["help requests"],
        summary: "Hand a request to another active member of its unit (the claimant, or the unit's lead)",
        description: `400 HELP_HANDOVER_TARGET_INVALID when the member is not an active member of the unit. ${conflicts}`,
        security: BEARER,
        params: helpRequestIdParamsSchema,
        body: handOverHelpRequestBodySchema,
        response: { 200: helpRequestSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      ...common,
    },
    async (request) => {
      const actor = memberOf(request);
      return answer(actor, await handOverHelpRequest(deps, actor, request.params.id, request.body.memberId));
    },
  );

  route.post(
    "/api/help-requests/:id/cancel",
    {
      schema: {
        tags: ["help requests"],
        summary: "Close a request with a reason; WRONG_UNIT moves it to `unitCode` instead",
        description: `400 HELP_MOVE_TARGET_INVALID for the same or a retired unit, 404 UNIT_NOT_FOUND. ${conflicts}`,
        security: BEARER,
        params: helpRequestIdParamsSchema,
        body: cancelHelpRequestBodySchema,
        response: { 200: helpRequestSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      ...common,
    },
    async (request) => {
      const actor = memberOf(request);
      return answer(actor, await cancelHelpRequest(deps, actor, request.params.id, request.body));
    },
  );

  route.post(
    "/api/help-requests/:id/complete",
    {
      schema: {
        tags: ["help requests"],
        summary: "Mark a claimed request done (the resident is thanked and asked for a one-tap rating)",
        description: conflicts,
        security: BEARER,
        params: helpRequestIdParamsSchema,
        response: { 200: helpRequestSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      ...common,
    },
    async (request) => {
      const actor = memberOf(request);
      return answer(actor, await completeHelpRequest(deps, actor, request.params.id));
    },
  );
};
