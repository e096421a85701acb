import { oaLinkCodeSchema, oaLinkStatusSchema } from "@xks/shared/api/oa-link";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { memberOf } from "../../auth/request-auth.ts";
import { createLinkCode, unlinkMember } from "../../members/member-oa-link.ts";
import { paidSendsAllowed } from "../../outbound/paid-sends.ts";
import { FREE_REPLY_WINDOW_MS, REPLY_WINDOW_MS } from "../../time/reply-window.ts";
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
    const resident = member.oaUserId
      ? await app.prisma.resident.findUnique({
          where: { oaUserId: member.oaUserId },
          select: { lastInteractionAt: true },
        })
      : null;
    // Member notices are sent on the product's initiative: free for 48 hours after the member's last message to
    // the OA, then only while billed messages are allowed (see queue-member-notices.ts).
    const last = resident?.lastInteractionAt ?? null;
    const now = app.now();
    const window = (await paidSendsAllowed(app, now)) ? REPLY_WINDOW_MS : FREE_REPLY_WINDOW_MS;
    const until = last ? new Date(last.getTime() + window) : null;
    return {
      linked: member.oaUserId !== null,
      linkedAt: member.oaLinkedAt?.toISOString() ?? null,
      oaMessagesUntil: until?.toISOString() ?? null,
      oaMessagesOpen: until !== null && until > now,
      quietHours: app.config.QUIET_HOURS,
      oaId,
    };
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
