import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { withTimeout } from "../with-timeout.ts";

export const READY_CHECK_TIMEOUT_MS = 1_500;

const readySchema = z.object({
  status: z.enum(["ready", "unavailable"]),
  failing: z.array(z.enum(["postgres", "redis"])),
});

/** `/health`: the process is alive. `/ready`: it can serve, i.e. PostgreSQL and Redis answer. */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  const route = app.withTypeProvider<ZodTypeProvider>();
  route.get(
    "/health",
    {
      schema: { tags: ["ops"], response: { 200: z.object({ status: z.literal("ok") }) } },
      config: { rateLimit: false },
    },
    async () => ({ status: "ok" as const }),
  );
  route.get(
    "/ready",
    { schema: { tags: ["ops"], response: { 200: readySchema, 503: readySchema } }, config: { rateLimit: false } },
    async (request, reply) => {
      const [pgResult, redisResult] = await Promise.allSettled([
        withTimeout(app.prisma.$queryRaw`SELECT 1`, READY_CHECK_TIMEOUT_MS),
        withTimeout(app.redis.ping(), READY_CHECK_TIMEOUT_MS),
      ]);
      const failing: Array<"postgres" | "redis"> = [];
      if (pgResult.status === "rejected") failing.push("postgres");
      if (redisResult.status === "rejected") failing.push("redis");
      if (failing.length > 0) {
        request.log.warn({ failing }, "not ready");
        return reply.status(503).send({ status: "unavailable", failing });
      }
      return { status: "ready" as const, failing };
    },
  );
};
