import { idParamsSchema } from "@xks/shared/api/common";
import {
  approveMemberBodySchema,
  listMembersQuerySchema,
  memberListSchema,
  memberSchema,
  registerMemberBodySchema,
} from "@xks/shared/api/members";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { memberOf, sessionOf } from "../../auth/request-auth.ts";
import { InvalidInputError, UpstreamError } from "../../errors.ts";
import {
  approveMember,
  listMembers,
  registerMember,
  removeMember,
  toMemberDto,
} from "../../services/members-service.ts";
import { ZaloError } from "../../zalo/zalo-errors.ts";
import { decodePhoneToken, verifyZaloUser, ZaloGraphRefusedError } from "../../zalo/zalo-graph.ts";
import { type ApiContext, apiRateLimit, BEARER, errorResponses } from "./api-context.ts";

export const membersRoutes: FastifyPluginAsync<ApiContext> = async (app, { guards, graph }) => {
  const route = app.withTypeProvider<ZodTypeProvider>();
  const leadOrAdmin = guards.requireRole("UNIT_LEAD", "ORG_ADMIN");

  route.post(
    "/api/members/register",
    {
      schema: {
        tags: ["members"],
        summary: "Ask to join a unit (pending until a unit lead or admin approves)",
        description:
          "`phoneToken` comes from zmp-sdk getPhoneNumber() and is decoded at Zalo Graph `/v2.0/me/info`; it is single-use and lives about two minutes.",
        security: BEARER,
        body: registerMemberBodySchema,
        response: { 201: memberSchema, ...errorResponses(400, 401, 409, 503) },
      },
      onRequest: guards.requireSession,
      config: { rateLimit: apiRateLimit },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const { name, unitCode, phoneToken, accessToken: freshToken } = request.body;
      let phone: string | null = null;
      if (phoneToken) {
        // The token taken with the phone token, else (older mini-app builds) the one from sign-in.
        const zaloToken = freshToken ?? session.zaloAccessToken;
        if (!zaloToken) {
          throw new InvalidInputError("Không lấy được số điện thoại, vui lòng đăng nhập lại.", "PHONE_TOKEN_INVALID");
        }
        try {
          // A fresh token must be the signed-in user's own: a phone number is never attached to someone else.
          if (freshToken && (await verifyZaloUser(graph, freshToken)).id !== session.zaloId) {
            throw new ZaloGraphRefusedError(0, "the access token is another user's");
          }
          phone = await decodePhoneToken(graph, zaloToken, phoneToken);
        } catch (error) {
          if (error instanceof ZaloGraphRefusedError) {
            throw new InvalidInputError(
              "Không lấy được số điện thoại (mã đã hết hạn). Vui lòng thử lại hoặc bỏ qua bước này.",
              "PHONE_TOKEN_INVALID",
            );
          }
          if (error instanceof ZaloError) throw new UpstreamError("Không kết nối được Zalo, vui lòng thử lại sau.");
          throw error;
        }
      }
      const member = await registerMember(app.prisma, {
        zaloId: session.zaloId,
        body: { name, unitCode },
        phone,
        isConfiguredAdmin: app.config.ADMIN_ZALO_IDS.includes(session.zaloId),
      });
      return reply.status(201).send(toMemberDto(member));
    },
  );

  route.get(
    "/api/members",
    {
      schema: {
        tags: ["members"],
        summary: "Members of the caller's unit (and sub-units); admins see all",
        security: BEARER,
        querystring: listMembersQuerySchema,
        response: { 200: memberListSchema, ...errorResponses(400, 401, 403, 404) },
      },
      onRequest: leadOrAdmin,
      config: { rateLimit: apiRateLimit },
    },
    async (request) => {
      const members = await listMembers(app.prisma, memberOf(request), request.query);
      return { items: members.map(toMemberDto) };
    },
  );

  route.post(
    "/api/members/:id/approve",
    {
      schema: {
        tags: ["members"],
        summary: "Approve a pending member (an admin may also make them a unit lead)",
        security: BEARER,
        params: idParamsSchema,
        body: approveMemberBodySchema,
        response: { 200: memberSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      onRequest: leadOrAdmin,
      config: { rateLimit: apiRateLimit },
    },
    async (request) =>
      toMemberDto(await approveMember(app.prisma, memberOf(request), request.params.id, request.body ?? {})),
  );

  route.post(
    "/api/members/:id/remove",
    {
      schema: {
        tags: ["members"],
        summary: "Remove a member from the app (their records stay)",
        security: BEARER,
        params: idParamsSchema,
        response: { 200: memberSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
      onRequest: leadOrAdmin,
      config: { rateLimit: apiRateLimit },
    },
    async (request) => toMemberDto(await removeMember(app.prisma, memberOf(request), request.params.id)),
  );
};
