import type { FastifyInstance } from "fastify";
import { renderChatPage } from "./chat-page.ts";
import type { EmulatorContext } from "./emulator-context.ts";
import { renderSignInPage } from "./signin-page.ts";

function httpUrl(value: string | undefined): URL | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/** The pages people use: the resident chat and the mini-app sign-in. */
export function registerPageRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { state, options } = ctx;

  app.get("/", async (_request, reply) => reply.redirect("/chat", 302));

  app.get("/chat", async (_request, reply) =>
    reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(renderChatPage(options.oaName)),
  );

  app.get("/signin", async (request, reply) => {
    const { redirect } = request.query as { redirect?: string };
    const target = httpUrl(redirect);
    return reply
      .code(target ? 200 : 400)
      .type("text/html; charset=utf-8")
      .send(renderSignInPage([...state.miniAppUsers.values()], target ? target.toString() : null, options.oaName));
  });

  /** Mints a user token the Graph `/me` endpoint accepts and hands it over in the hash, out of server logs. */
  app.get("/signin/choose", async (request, reply) => {
    const { userId, redirect } = request.query as { userId?: string; redirect?: string };
    const target = httpUrl(redirect);
    if (!target || !userId || !state.miniAppUsers.has(userId)) {
      return reply.code(400).type("text/plain; charset=utf-8").send("Yêu cầu đăng nhập không hợp lệ.");
    }
    target.hash = `zalo_access_token=${encodeURIComponent(state.createUserToken(userId))}`;
    return reply.redirect(target.toString(), 302);
  });
}
