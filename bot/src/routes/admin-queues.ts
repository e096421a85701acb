import { randomBytes } from "node:crypto";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { FastifyAdapter } from "@bull-board/fastify";
import cookie from "@fastify/cookie";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AuthGuard } from "../auth/request-auth.ts";
import { memberOf } from "../auth/request-auth.ts";

/**
 * The queue dashboard (bull-board) at /admin/queues, for organisation admins only.
 *
 * A browser page cannot send the mini-app's bearer token, so an admin's mini-app first asks for a one-time ticket
 * (`POST /api/admin/queues/ticket`, bearer-authenticated), then opens `/admin/queues/enter?ticket=…`. The ticket
 * is single-use and lives 60 s, so it is harmless in access logs; it is exchanged for an HttpOnly cookie naming a
 * dashboard session in Redis. Every dashboard request re-checks that the member is still an active admin.
 */
export const QUEUE_DASHBOARD_PATH = "/admin/queues";
const TICKET_TTL_S = 60;
const DASHBOARD_SESSION_TTL_S = 60 * 60;
const COOKIE_NAME = "xks_queues";

export interface AdminQueuesOptions {
  requireAdmin: AuthGuard;
}

export const adminQueuesRoutes: FastifyPluginAsync<AdminQueuesOptions> = async (app, { requireAdmin }) => {
  const redisKey = (kind: "ticket" | "session", id: string) =>
    `${app.config.QUEUE_PREFIX}:queue-dashboard:${kind}:${id}`;

  app.withTypeProvider<ZodTypeProvider>().post(
    "/api/admin/queues/ticket",
    {
      onRequest: requireAdmin,
      schema: {
        tags: ["admin"],
        summary: "A one-time link to the queue dashboard",
        security: [{ bearer: [] }],
        response: { 200: z.object({ url: z.string() }) },
      },
    },
    async (request) => {
      const ticket = randomBytes(24).toString("base64url");
      await app.redis.set(redisKey("ticket", ticket), memberOf(request).id, "EX", TICKET_TTL_S);
      return { url: `${QUEUE_DASHBOARD_PATH}/enter?ticket=${ticket}` };
    },
  );

  await app.register(async (dashboard) => {
    await dashboard.register(cookie);

    dashboard.get(`${QUEUE_DASHBOARD_PATH}/enter`, { schema: { hide: true } }, async (request, reply) => {
      const ticket = String((request.query as { ticket?: unknown }).ticket ?? "");
      const memberId = ticket ? await app.redis.getdel(redisKey("ticket", ticket)) : null;
      if (!memberId)
        return reply.status(401).type("text/html").send(deniedPage("Liên kết đã hết hạn hoặc đã được dùng."));
      const session = randomBytes(24).toString("base64url");
      await app.redis.set(redisKey("session", session), memberId, "EX", DASHBOARD_SESSION_TTL_S);
      reply.setCookie(COOKIE_NAME, session, {
        path: QUEUE_DASHBOARD_PATH,
        httpOnly: true,
        sameSite: "strict",
        secure: request.protocol === "https",
        maxAge: DASHBOARD_SESSION_TTL_S,
      });
      return reply.redirect(QUEUE_DASHBOARD_PATH);
    });

    await dashboard.register(async (board) => {
      board.addHook("onRequest", async (request, reply) => {
        const session = request.cookies[COOKIE_NAME];
        const memberId = session ? await app.redis.get(redisKey("session", session)) : null;
        const member = memberId ? await app.prisma.member.findUnique({ where: { id: memberId } }) : null;
        if (!member || member.status !== "ACTIVE" || member.role !== "ORG_ADMIN") {
          return reply
            .status(401)
            .type("text/html")
            .send(deniedPage("Chỉ quản trị viên tổ chức được xem hàng đợi. Mở từ mục Quản trị trong ứng dụng."));
        }
      });
      const serverAdapter = new FastifyAdapter();
      serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
      createBullBoard({
        queues: Object.values(app.queues).map((queue) => new BullMQAdapter(queue)),
        serverAdapter,
        options: { uiConfig: { boardTitle: "Xung Kích Số" } },
      });
      await board.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
    });
  });
};

function deniedPage(message: string): string {
  return `<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Không có quyền</title><body style="font-family:system-ui;padding:2rem;font-size:1.2rem"><p>${message}</p></body></html>`;
}
