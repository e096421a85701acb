import { meResponseSchema, zaloSignInBodySchema, zaloSignInResponseSchema } from "@xks/shared/api/auth";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { consumeSignInAllowance } from "../../auth/consume-sign-in-allowance.ts";
import { sessionOf } from "../../auth/request-auth.ts";
import { TooManyRequestsError, UnauthenticatedError, UpstreamError } from "../../errors.ts";
import { memberAfterSignIn, toMemberDto } from "../../services/members-service.ts";
import { ZaloError } from "../../zalo/zalo-errors.ts";
import { verifyZaloUser, ZaloGraphRefusedError } from "../../zalo/zalo-graph.ts";
import { type ApiContext, apiRateLimit, BEARER, errorResponses, ipRateLimit } from "./api-context.ts";

/** The name a configured admin gets when Zalo gives none; they can be renamed like any member. */
const UNNAMED_ADMIN = "Quản trị viên";

/** A tight limit on sign-in per IP: each attempt costs a call to Zalo. (Per Zalo user: consumeSignInAllowance.) */
const SIGN_IN_RATE_LIMIT_PER_MINUTE = 30;

export const authRoutes: FastifyPluginAsync<ApiContext> = async (app, { tokens, guards, graph }) => {
  const route = app.withTypeProvider<ZodTypeProvider>();

  route.post(
    "/api/auth/zalo",
    {
      schema: {
        tags: ["auth"],
        summary: "Trade a Zalo user access token for a 12-hour session token",
        description:
          "Verifies the token at Zalo Graph `/v2.0/me` (with appsecret_proof). `member` is null for a user who has not registered yet. Users in ADMIN_ZALO_IDS become active organisation admins.",
        body: zaloSignInBodySchema,
        response: { 200: zaloSignInResponseSchema, ...errorResponses(400, 401, 429, 503) },
      },
      config: { rateLimit: { ...ipRateLimit, max: SIGN_IN_RATE_LIMIT_PER_MINUTE } },
    },
    async (request) => {
      let zaloUser: Awaited<ReturnType<typeof verifyZaloUser>>;
      try {
        zaloUser = await verifyZaloUser(graph, request.body.accessToken);
      } catch (error) {
        if (error instanceof ZaloGraphRefusedError) {
          request.log.info({ zaloCode: error.zaloCode }, "zalo sign-in refused");
          throw new UnauthenticatedError(
            "Không xác thực được tài khoản Zalo, vui lòng mở lại ứng dụng.",
            "ZALO_TOKEN_INVALID",
          );
        }
        if (error instanceof ZaloError) {
          request.log.warn({ err: error.message }, "zalo graph unavailable");
          throw new UpstreamError("Không kết nối được Zalo, vui lòng thử lại sau ít phút.");
        }
        throw error;
      }
      const allowance = await consumeSignInAllowance(app.redis, app.config.QUEUE_PREFIX, zaloUser.id);
      if (!allowance.allowed) {
        request.log.info("sign-in refused: too many for this Zalo user");
        throw new TooManyRequestsError(
          `Bạn đăng nhập quá nhiều lần, vui lòng thử lại sau ${Math.ceil(allowance.retryAfterMs / 60_000)} phút.`,
        );
      }
      // A sign-in without name or picture (the usual case: see ZALO_ME_FIELDS) works the same.
      const name = zaloUser.name ?? "";
      const member = await memberAfterSignIn(
        app.prisma,
        { id: zaloUser.id, name: zaloUser.name ?? UNNAMED_ADMIN },
        app.config.ADMIN_ZALO_IDS,
      );
      const { token, expiresAt } = await tokens.sign({
        zaloId: zaloUser.id,
        name,
        zaloAccessToken: request.body.accessToken,
      });
      return {
        token,
        expiresAt: expiresAt.toISOString(),
        member: member ? toMemberDto(member) : null,
        zaloUser: { ...zaloUser, name },
      };
    },
  );

  route.get(
    "/api/me",
    {
      schema: {
        tags: ["auth"],
        summary: "The signed-in user and their member record (null before registration)",
        security: BEARER,
        response: { 200: meResponseSchema, ...errorResponses(401) },
      },
      onRequest: guards.requireSession,
      config: { rateLimit: apiRateLimit },
    },
    async (request) => {
      const session = sessionOf(request);
      const member = request.auth?.member ?? null;
      return { zaloUser: { id: session.zaloId, name: session.name }, member: member ? toMemberDto(member) : null };
    },
  );
};
