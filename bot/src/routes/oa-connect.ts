import cookie from "@fastify/cookie";
import type { FastifyPluginAsync, FastifyReply, preHandlerAsyncHookHandler } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { OA_CALLBACK_PATH, oaRedirectUri, webhookUrl } from "../config.ts";
import { ForbiddenError } from "../errors.ts";
import {
  completeOaConnect,
  OA_CONNECT_STATE_TTL_SECONDS,
  type OaConnectDeps,
  OaConnectError,
  redeemStartTicket,
  startOaConnect,
} from "../zalo/oa-oauth.ts";
import { OaTokenStore } from "../zalo/oa-token-store.ts";
import { ZaloOAuthError } from "../zalo/zalo-errors.ts";
import type { FetchFn } from "../zalo/zalo-http.ts";

export { OA_CALLBACK_PATH };
/** The single-use link the admin's browser opens first: it sets the nonce cookie, then redirects to Zalo. */
export const OA_START_PATH = "/oauth/zalo/start";
const NONCE_COOKIE = "xks_oa_connect";

export interface OaConnectRoutesOptions {
  /**
   * Guards `POST /api/admin/oa/connect` (an org-admin preHandler). Without it only the callback is registered:
   * starting the flow must never be open to anyone.
   */
  requireAdmin?: preHandlerAsyncHookHandler;
  /** Tests observe Zalo calls. */
  fetch?: FetchFn;
}

const callbackQuery = z.object({
  code: z.string().max(2_000).optional(),
  state: z.string().max(200).optional(),
  oa_id: z.string().max(40).optional(),
});

/**
 * Connecting the OA through Zalo's OAuth v4 with PKCE (an alternative to the initial tokens in the environment):
 * `POST /api/admin/oa/connect` (admins) answers the permission URL; Zalo sends the admin back to
 * `GET /oauth/zalo/callback`, which is public but only honours a state issued in the last 10 minutes, once.
 */
export const oaConnectRoutes: FastifyPluginAsync<OaConnectRoutesOptions> = async (app, options) => {
  const route = app.withTypeProvider<ZodTypeProvider>();
  const deps: OaConnectDeps = {
    config: app.config,
    redis: app.redis,
    tokens: new OaTokenStore({
      config: app.config,
      prisma: app.prisma,
      redis: app.redis,
      log: app.log,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }),
    isActiveAdmin: async (memberId) => {
      const member = await app.prisma.member.findUnique({
        where: { id: memberId },
        select: { role: true, status: true },
      });
      return member?.role === "ORG_ADMIN" && member.status === "ACTIVE";
    },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  await app.register(cookie);

  route.get(
    OA_START_PATH,
    { schema: { hide: true, querystring: z.object({ ticket: z.string().max(200).optional() }) } },
    async (request, reply) => {
      const start = await redeemStartTicket(deps, request.query.ticket ?? "");
      if (!start) {
        return page(reply, 400, "Chưa kết nối được OA", "Liên kết đã hết hạn hoặc đã được dùng. Vui lòng bắt đầu lại.");
      }
      // Lax, not Strict: the cookie must come back on Zalo's top-level redirect to the callback.
      reply.setCookie(NONCE_COOKIE, start.browserNonce, {
        path: OA_CALLBACK_PATH,
        httpOnly: true,
        sameSite: "lax",
        secure: request.protocol === "https",
        maxAge: OA_CONNECT_STATE_TTL_SECONDS,
      });
      return reply.redirect(start.permissionUrl);
    },
  );

  route.get(OA_CALLBACK_PATH, { schema: { hide: true, querystring: callbackQuery } }, async (request, reply) => {
    const { code, state, oa_id: oaId } = request.query;
    const browserNonce = request.cookies[NONCE_COOKIE];
    reply.clearCookie(NONCE_COOKIE, { path: OA_CALLBACK_PATH });
    try {
      await completeOaConnect(deps, { code, state, oaId, browserNonce });
    } catch (error) {
      if (error instanceof OaConnectError) {
        request.log.warn({ kind: error.kind }, "OA connect callback refused");
        const text = CALLBACK_REFUSALS[error.kind];
        return page(reply, 400, "Chưa kết nối được OA", text);
      }
      if (error instanceof ZaloOAuthError) {
        request.log.warn({ code: error.code }, "Zalo refused the OA authorization code");
        return page(reply, 400, "Chưa kết nối được OA", "Zalo không chấp nhận yêu cầu cấp quyền. Vui lòng thử lại.");
      }
      request.log.error({ err: (error as Error).message }, "OA connect failed");
      return page(reply, 502, "Chưa kết nối được OA", "Không liên lạc được với Zalo. Vui lòng thử lại sau ít phút.");
    }
    request.log.info("OA connected through OAuth");
    return page(
      reply,
      200,
      "Đã kết nối OA",
      "Chatbot đã được cấp quyền gửi tin qua Official Account. Bạn có thể đóng trang này.",
    );
  });

  if (options.requireAdmin) {
    route.post(
      "/api/admin/oa/connect",
      {
        preHandler: options.requireAdmin,
        schema: {
          tags: ["admin"],
          security: [{ bearer: [] }],
          response: { 200: z.object({ url: z.string(), redirectUri: z.url() }) },
        },
      },
      async (request) => {
        // Zalo compares this with the callback URL registered for the app (note §3: a mismatch gives -14003), so
        // it comes from the configuration, never from the request's Host. A new PKCE verifier every time.
        const redirectUri = oaRedirectUri(app.config);
        const adminMemberId = request.auth?.member?.id;
        if (!adminMemberId) throw new ForbiddenError("Bạn không có quyền thực hiện thao tác này.");
        const { ticket } = await startOaConnect(deps, redirectUri, adminMemberId);
        // Relative: the mini-app opens it on the API's origin, so the cookie lands where the callback is served.
        return { url: `${OA_START_PATH}?ticket=${ticket}`, redirectUri };
      },
    );

    route.get(
      "/api/admin/oa/settings",
      {
        preHandler: options.requireAdmin,
        schema: {
          tags: ["admin"],
          summary: "What to paste into the Zalo app's settings, and whether the OA is connected",
          security: [{ bearer: [] }],
          response: {
            200: z.object({
              redirectUri: z.url(),
              webhookUrl: z.url(),
              connected: z.boolean(),
              accessExpiresAt: z.string().nullable(),
            }),
          },
        },
      },
      async () => {
        const row = await app.prisma.oaToken.findUnique({ where: { id: "oa" }, select: { accessExpiresAt: true } });
        return {
          redirectUri: oaRedirectUri(app.config),
          webhookUrl: webhookUrl(app.config),
          connected: row !== null,
          accessExpiresAt: row?.accessExpiresAt.toISOString() ?? null,
        };
      },
    );
  }
};

const CALLBACK_REFUSALS: Record<OaConnectError["kind"], string> = {
  wrong_oa: "Tài khoản OA vừa cấp quyền không phải OA của chương trình. Vui lòng đăng nhập đúng OA và thử lại.",
  state_invalid: "Liên kết kết nối đã hết hạn hoặc đã được dùng. Vui lòng bắt đầu lại từ trang quản trị.",
  missing_code: "Liên kết kết nối đã hết hạn hoặc đã được dùng. Vui lòng bắt đầu lại từ trang quản trị.",
  other_browser:
    "Việc kết nối phải được hoàn tất trên chính trình duyệt đã bắt đầu. Vui lòng bắt đầu lại từ trang quản trị.",
  not_admin: "Chỉ quản trị viên tổ chức được kết nối OA.",
};

function page(reply: FastifyReply, status: number, title: string, text: string): FastifyReply {
  const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:15vh auto;padding:0 1rem;text-align:center;color:#1f2937}h1{font-size:1.4rem}</style></head>
<body><h1>${title}</h1><p>${text}</p></body></html>`;
  return reply.status(status).type("text/html; charset=utf-8").send(html);
}
