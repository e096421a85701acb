import { oaLinkCodeSchema, oaLinkStatusSchema } from "@xks/shared/api/oa-link";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { memberOf } from "../../auth/request-auth.ts";
import { createLinkCode, unlinkMember } from "../../members/member-oa-link.ts";
import { type ApiContext, apiRateLimit, BEARER, errorResponses } from "./api-context.ts";

/** A member's link to the OA (see `members/member-oa-link.ts`): the state, a one-time code, unlinking. */
export const oaLinkRoutes: FastifyPluginAsync<ApiContext> = async (app, { guards }) => {
  const route = app.withTypeProvider<ZodTypeProvider>();
  const common = { onRequest: guards.requireActiveMember, config: { rateLimit: apiRateLimit } };
  const oaId = app.config.ZALO_OA_ID;

  const status = async (memberId: string) => {
    const member = await app.prisma.member.findUniqueOrThrow({
      where: { id: memberId },
      select: { oaUserId: true, oaLinkedAt: true },
    });
    return { linked: member.oaUserId !== null, linkedAt: member.oaLinkedAt?.toISOString() ?? null, oaId };
  };

  route.get(
    "/api/me/oa-link",
    {
      schema: {
        tags: ["members"],
        summary: "Whether the caller receives help requests as OA messages",
        security: BEARER,
        response: { 200: oaLinkStatusSchema, ...errorResponses(401, 403) },
      },
      ...common,
    },
    async (request) => status(memberOf(request).id),
  );

  route.post(
    "/api/me/oa-link",
    {
      schema: {
        tags: ["members"],
        summary: "A one-time code (15 minutes) to send in the OA chat; the webhook links the sender to the caller",
        description: "A new code replaces the previous one. Only a hash of it is stored.",
        security: BEARER,
        response: { 200: oaLinkCodeSchema, ...errorResponses(401, 403, 429) },
      },
      onRequest: guards.requireActiveMember,
      // Codes are cheap to draw; a handful a minute is plenty for a person.
      config: { rateLimit: { ...apiRateLimit, max: 10 } },
    },
    async (request) => {
      const code = await createLinkCode(app.prisma, memberOf(request).id, new Date());
      return { code: code.code, message: code.message, expiresAt: code.expiresAt.toISOString(), oaId };
    },
  );

  route.delete(
    "/api/me/oa-link",
    {
      schema: {
        tags: ["members"],
        summary: "Stop OA messages: unlink the caller's OA account (no automatic relink)",
        security: BEARER,
        response: { 200: oaLinkStatusSchema, ...errorResponses(401, 403) },
      },
      ...common,
    },
    async (request) => {
      const memberId = memberOf(request).id;
      await unlinkMember(app.prisma, memberId, new Date());
      return status(memberId);
    },
  );
};
