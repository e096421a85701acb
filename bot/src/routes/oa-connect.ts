import type { FastifyPluginAsync, FastifyReply, preHandlerAsyncHookHandler } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { completeOaConnect, type OaConnectDeps, OaConnectError, startOaConnect } from "../zalo/oa-oauth.ts";
import { OaTokenStore } from "../zalo/oa-token-store.ts";
import { ZaloOAuthError } from "../zalo/zalo-errors.ts";
import type { FetchFn } from "../zalo/zalo-http.ts";

export const OA_CALLBACK_PATH = "/oauth/zalo/callback";

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
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };

  route.get(OA_CALLBACK_PATH, { schema: { hide: true, querystring: callbackQuery } }, async (request, reply) => {
    const { code, state, oa_id: oaId } = request.query;
    try {
      await completeOaConnect(deps, { code, state, oaId });
    } catch (error) {
      if (error instanceof OaConnectError) {
        request.log.warn({ kind: error.kind }, "OA connect callback refused");
        const text =
          error.kind === "wrong_oa"
            ? "Tài khoản OA vừa cấp quyền không phải OA của chương trình. Vui lòng đăng nhập đúng OA và thử lại."
            : "Liên kết kết nối đã hết hạn hoặc đã được dùng. Vui lòng bắt đầu lại từ trang quản trị.";
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
          response: { 200: z.object({ url: z.url() }) },
        },
      },
      async (request) => {
        // Zalo compares this with the callback URL saved in its console (note §3: a mismatch gives -14003).
        const redirectUri = `${request.protocol}://${request.host}${OA_CALLBACK_PATH}`;
        const { url } = await startOaConnect(deps, redirectUri);
        return { url };
      },
    );
  }
};

function page(reply: FastifyReply, status: number, title: string, text: string): FastifyReply {
  const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:15vh auto;padding:0 1rem;text-align:center;color:#1f2937}h1{font-size:1.4rem}</style></head>
<body><h1>${title}</h1><p>${text}</p></body></html>`;
  return reply.status(status).type("text/html; charset=utf-8").send(html);
}
