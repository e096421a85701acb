import { randomUUID } from "node:crypto";
import cors from "@fastify/cors";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from "fastify-type-provider-zod";
import { Redis } from "ioredis";
import { createAuthGuards } from "./auth/request-auth.ts";
import { SessionTokens } from "./auth/session-token.ts";
import type { Config } from "./config.ts";
import { createPrisma, type PrismaClient } from "./db.ts";
import { AppError, httpStatusOf } from "./errors.ts";
import { loggerOptions } from "./logger.ts";
import { closeQueues, createQueues, type Queues } from "./queues/queues.ts";
import { adminQueuesRoutes } from "./routes/admin-queues.ts";
import { apiRoutes } from "./routes/api/index.ts";
import { healthRoutes } from "./routes/health.ts";
import { oaConnectRoutes } from "./routes/oa-connect.ts";
import { zaloWebhookRoutes } from "./routes/webhooks-zalo.ts";
import { withTimeout } from "./with-timeout.ts";

declare module "fastify" {
  interface FastifyInstance {
    config: Config;
    prisma: PrismaClient;
    redis: Redis;
    queues: Queues;
  }
}

const QUEUE_CLOSE_TIMEOUT_MS = 2_000;

export interface BuildAppOptions {
  config: Config;
  /** Tests may pass a logger-less app; production logs JSON to stdout. */
  logger?: boolean;
}

/**
 * Builds the HTTP server, the same for production (`server.ts`) and for tests, so the two cannot drift.
 * It opens its own PostgreSQL pool and Redis connection and closes them in `onClose`.
 */
export async function buildApp({ config, logger = true }: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ? loggerOptions(config) : false,
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    // The mini-app sends small JSON; image uploads go through their own route with its own limit.
    bodyLimit: 1_048_576,
    trustProxy: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const prisma = createPrisma(config.DATABASE_URL);
  // Producers fail fast when Redis is away instead of queueing commands forever: the database is the
  // durable inbox, and the worker's recovery job re-enqueues whatever could not be queued.
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
  redis.on("error", (err) => app.log.warn({ err: err.message }, "redis connection error"));
  redis.connect().catch(() => undefined);
  const queues = createQueues(redis, config.QUEUE_PREFIX);
  app.decorate("config", config);
  app.decorate("prisma", prisma);
  app.decorate("redis", redis);
  app.decorate("queues", queues);
  app.addHook("onClose", async () => {
    // Closing a queue waits for its Redis connection; when Redis is away, do not hang the shutdown on it.
    await withTimeout(closeQueues(queues), QUEUE_CLOSE_TIMEOUT_MS, "closing the queues").catch(() => undefined);
    redis.disconnect();
    await prisma.$disconnect();
  });

  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });

  await app.register(helmet, {
    // The API serves JSON and the Swagger UI; the UI needs inline styles and scripts.
    contentSecurityPolicy: false,
  });
  await app.register(cors, {
    origin: (origin, cb) => cb(null, !origin || config.MINIAPP_ORIGINS.includes(origin)),
    credentials: false,
  });
  await app.register(rateLimit, {
    max: 300,
    timeWindow: "1 minute",
    keyGenerator: (req) => req.ip,
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      code: "RATE_LIMITED",
      message: `Bạn thao tác quá nhanh, vui lòng thử lại sau ${Math.ceil(ctx.ttl / 1000)} giây.`,
    }),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: "Xung Kích Số API", version: "1.0.0", description: "Webhook and mini-app API" },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      return reply.status(400).send({
        code: "INVALID_INPUT",
        message: "Dữ liệu gửi lên không hợp lệ, vui lòng kiểm tra lại.",
        details: error.validation.map((v) => ({ path: v.instancePath, message: v.message })),
      });
    }
    if (error instanceof AppError) {
      const status = httpStatusOf(error);
      if (status >= 500) request.log.error({ err: error }, "request failed");
      return reply.status(status).send({ code: error.code, message: error.message, details: error.details });
    }
    const status = error.statusCode ?? 500;
    if (status === 429) return reply.status(429).send(error);
    if (status < 500) {
      return reply.status(status).send({ code: error.code ?? "BAD_REQUEST", message: "Yêu cầu không hợp lệ." });
    }
    request.log.error({ err: error }, "unhandled error");
    // 5xx responses never leak internals.
    return reply.status(500).send({ code: "INTERNAL", message: "Hệ thống đang bận, vui lòng thử lại sau." });
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.status(404).send({ code: "NOT_FOUND", message: "Không tìm thấy địa chỉ này." }),
  );

  await app.register(healthRoutes);
  await app.register(zaloWebhookRoutes);
  const tokens = new SessionTokens(config.SESSION_SECRET);
  const guards = createAuthGuards({ prisma, tokens });
  await app.register(apiRoutes, { tokens, guards });
  await app.register(oaConnectRoutes, { requireAdmin: guards.requireRole("ORG_ADMIN") });
  await app.register(adminQueuesRoutes, { requireAdmin: guards.requireRole("ORG_ADMIN") });
  return app;
}
