import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { withTimeout } from "../with-timeout.ts";
import { readSignatureWarning } from "../zalo/webhook-signature-monitor.ts";

export const READY_CHECK_TIMEOUT_MS = 1_500;

const readySchema = z.object({
  status: z.enum(["ready", "unavailable"]),
  failing: z.array(z.enum(["postgres", "redis"])),
  /** Problems that do not stop serving but need a human, e.g. webhook events failing their signature. */
  warnings: z.array(z.object({ code: z.literal("WEBHOOK_SIGNATURE_FAILING"), cause: z.string() })),
});

/**
 * `/health`: the process is alive. `/ready`: it can serve, i.e. PostgreSQL and Redis answer; warnings (not
 * failures: the server still serves) say what a human should look at.
 */
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
      const [pgResult, redisResult, signatureResult] = await Promise.allSettled([
        withTimeout(app.prisma.$queryRaw`SELECT 1`, READY_CHECK_TIMEOUT_MS),
        withTimeout(app.redis.ping(), READY_CHECK_TIMEOUT_MS),
        withTimeout(readSignatureWarning(app), READY_CHECK_TIMEOUT_MS),
      ]);
      const cause = signatureResult.status === "fulfilled" ? signatureResult.value : null;
      const warnings = cause ? [{ code: "WEBHOOK_SIGNATURE_FAILING" as const, cause }] : [];
      const failing: Array<"postgres" | "redis"> = [];
      if (pgResult.status === "rejected") failing.push("postgres");
      if (redisResult.status === "rejected") failing.push("redis");
      if (failing.length > 0) {
        request.log.warn({ failing }, "not ready");
        return reply.status(503).send({ status: "unavailable", failing, warnings });
      }
      return { status: "ready" as const, failing, warnings };
    },
  );
};
