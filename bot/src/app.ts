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
import { createPgPool, createPrisma, type PrismaClient, warmUpPrisma } from "./db.ts";
import { isDependencyUnavailable } from "./dependency-unavailable.ts";
import { startDevClock } from "./dev-clock.ts";
import { AppError, httpStatusOf } from "./errors.ts";
import { findUnstorableText } from "./find-unstorable-text.ts";
import { InboxWriter } from "./inbox/inbox-writer.ts";
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
    /** Verifies session tokens; the API rate limiter keys on the verified session. */
    sessionTokens: SessionTokens;
    /** The webhook's durable inbox: group-committed inserts; the worker's relay queues them (see `inbox/`). */
    inbox: InboxWriter;
    /** "Now" for scheduling (event times, broadcasts, quizzes): real time, or the emulator's when DEV_CLOCK_URL is set. */
    now: () => Date;
  }
}

const QUEUE_CLOSE_TIMEOUT_MS = 2_000;
/** Retry-After of a 503 while PostgreSQL or Redis is away: a restart takes seconds. */
const DEPENDENCY_RETRY_AFTER_S = 5;

/**
 * The pages the server serves besides JSON: the API docs (/docs, Swagger UI), the queue dashboard (/admin/queues,
 * bull-board) and the small OAuth and "access denied" pages. Every script is our own, from our origin (Swagger
 * UI and bull-board load theirs as files; bull-board's config is a JSON data block, which is not run), so no inline
 * script and no other origin may run one. Styles may be inline: Swagger UI and bull-board set style attributes and
 * our pages carry a small <style>. bull-board asks Google Fonts for its typeface, the only other origin allowed,
 * for styles and fonts only. No framing (clickjacking of the dashboard's buttons), no plugins, forms post only here.
 * No upgrade-insecure-requests: TLS ends at the proxy, and development runs on plain http.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'", "https://fonts.googleapis.com"],
  fontSrc: ["'self'", "data:", "https://fonts.gstatic.com"],
  imgSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
};

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
    // Only the proxies named in TRUST_PROXY may set the client address (X-Forwarded-For); by default none.
    // A hop count becomes proxy-addr's own rule for numbers (trust the n nearest hops); Fastify's types lack it.
    trustProxy:
      typeof config.TRUST_PROXY === "number"
        ? (_address: string, hop: number) => hop < (config.TRUST_PROXY as number)
        : config.TRUST_PROXY,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const prisma = createPrisma(config.DATABASE_URL);
  // Producers fail fast when Redis is away instead of queueing commands forever: the database is the
  // durable inbox, and the worker's recovery job re-enqueues whatever could not be queued. No ready check: a
  // command while Redis loads fails fast like any other, and ioredis's check (an INFO sent on every connect)
  // rejects unhandled when the connection closes under it, with the offline queue off.
  const redis = new Redis(config.REDIS_URL, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    enableReadyCheck: false,
    lazyConnect: true,
  });
  redis.on("error", (err) => app.log.warn({ err: err.message }, "redis connection error"));
  // Kept so that closing never cuts a connection mid-handshake (see onClose).
  const connecting = redis.connect().catch(() => undefined);
  const queues = createQueues(redis, config.QUEUE_PREFIX);
  app.decorate("config", config);
  app.decorate("prisma", prisma);
  // Before it listens, not on the first admin request (see warmUpPrisma).
  app.addHook("onReady", () => warmUpPrisma(prisma, app.log));
  app.decorate("redis", redis);
  app.decorate("queues", queues);
  const pool = createPgPool(config.DATABASE_URL, (err) => app.log.warn({ err: err.message }, "postgres pool error"));
  const inbox = new InboxWriter(pool);
  app.decorate("inbox", inbox);
  // Development only: the emulator's clock, read at start-up and refreshed in the background (see dev-clock.ts).
  const devClock = config.DEV_CLOCK_URL ? await startDevClock({ url: config.DEV_CLOCK_URL, log: app.log }) : null;
  app.decorate("now", devClock?.now ?? (() => new Date()));
  app.addHook("onClose", async () => {
    devClock?.stop();
    // In-flight requests have been answered by now; this waits for a statement still in flight.
    await inbox.drain();
    // Closing a queue waits for its Redis connection; when Redis is away, do not hang the shutdown on it.
    await withTimeout(closeQueues(queues), QUEUE_CLOSE_TIMEOUT_MS, "closing the queues").catch(() => undefined);
    await withTimeout(connecting, QUEUE_CLOSE_TIMEOUT_MS, "the Redis handshake").catch(() => undefined);
    redis.disconnect();
    await prisma.$disconnect();
    await pool.end();
  });

  // A callback hook, not an async one: it runs on every response, and a promise per response costs at the webhook's rate.
  app.addHook("onSend", (request, reply, payload, done) => {
    reply.header("x-request-id", request.id);
    done(null, payload);
  });

  await app.register(helmet, { contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY } });
  await app.register(cors, {
    origin: (origin, cb) => cb(null, !origin || config.MINIAPP_ORIGINS.includes(origin)),
    credentials: false,
    // @fastify/cors allows only GET, HEAD and POST by default: the mini-app also edits (PATCH) and deletes.
    methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
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
  // @fastify/rate-limit appends its onRequest hook after the route's own: a request refused by the route's auth
  // guard (401/403) would never be counted, so a flood of forged tokens would not be limited at all. This onRoute
  // hook runs after the plugin's and moves its hook (the last one) to the front.
  app.addHook("onRoute", (route) => {
    const limited = (route.config as { rateLimit?: unknown } | undefined)?.rateLimit;
    if (!limited || !Array.isArray(route.onRequest) || route.onRequest.length < 2) return;
    const limiter = route.onRequest.pop();
    if (limiter) route.onRequest.unshift(limiter);
  });
  await app.register(swagger, {
    openapi: {
      info: { title: "Xung Kích Số API", version: "1.0.0", description: "Webhook and mini-app API" },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    },
    transform: jsonSchemaTransform,
  });
  // No validator badge: it would load an image from validator.swagger.io (and send it our API description).
  await app.register(swaggerUi, { routePrefix: "/docs", uiConfig: { validatorUrl: null } });

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
    if (isDependencyUnavailable(error)) {
      // PostgreSQL or Redis is away (restarting, out of connections): not the request's fault, and worth a retry.
      request.log.warn({ err: (error as Error).message }, "a dependency is unavailable");
      return reply
        .status(503)
        .header("retry-after", String(DEPENDENCY_RETRY_AFTER_S))
        .send({ code: "UPSTREAM_UNAVAILABLE", message: "Hệ thống đang tạm gián đoạn, vui lòng thử lại sau ít phút." });
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
  // Text PostgreSQL cannot store (NUL, lone surrogates) is refused before any route sees it, with the field named.
  // A callback hook, like onSend above: it runs on every request, the webhook's included.
  app.addHook("preValidation", (request, reply, done) => {
    const where =
      findUnstorableText(request.params, "/params") ??
      findUnstorableText(request.query, "/query") ??
      findUnstorableText(request.body, "/body");
    if (!where) return done();
    // Answered here: `done` is not called, so the handler never runs.
    reply.status(400).send({
      code: "INVALID_INPUT",
      message: "Dữ liệu gửi lên có ký tự không hợp lệ, vui lòng kiểm tra lại.",
      details: [{ path: where, message: "contains U+0000 or an unpaired surrogate" }],
    });
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.status(404).send({ code: "NOT_FOUND", message: "Không tìm thấy địa chỉ này." }),
  );

  await app.register(healthRoutes);
  await app.register(zaloWebhookRoutes);
  const tokens = new SessionTokens(config.SESSION_SECRET);
  app.decorate("sessionTokens", tokens);
  const guards = createAuthGuards({ prisma, tokens });
  await app.register(apiRoutes, { tokens, guards });
  await app.register(oaConnectRoutes, { requireAdmin: guards.requireRole("ORG_ADMIN") });
  await app.register(adminQueuesRoutes, { requireAdmin: guards.requireRole("ORG_ADMIN") });
  return app;
}
