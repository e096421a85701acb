import formbody from "@fastify/formbody";
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import { registerControlRoutes } from "./control-routes.ts";
import type { EmulatorContext } from "./emulator-context.ts";
import { type EmulatorOptions, type ResolvedEmulatorOptions, resolveEmulatorOptions } from "./emulator-options.ts";
import { EmulatorState } from "./emulator-state.ts";
import { registerGraphRoutes } from "./graph-routes.ts";
import { registerOAuthRoutes } from "./oauth-routes.ts";
import { registerOpenApiRoutes } from "./openapi-routes.ts";
import { registerPageRoutes } from "./page-routes.ts";
import { ResidentActions } from "./resident-actions.ts";
import { WebhookDeliverer } from "./webhook-deliverer.ts";
import { invalidField } from "./zalo-error-codes.ts";

export type { EmulatorOptions } from "./emulator-options.ts";

export interface Emulator {
  readonly app: FastifyInstance;
  readonly state: EmulatorState;
  /** Posts signed events to the product; also lists and redelivers them. */
  readonly deliverer: WebhookDeliverer;
  /** Play a resident in-process (same as the `/_emulator/users/:id/*` routes). */
  readonly residents: ResidentActions;
  readonly options: ResolvedEmulatorOptions;
}

const ZALO_PREFIXES = ["/openapi/", "/graph/", "/oauth/"];

/**
 * Builds the whole emulator — Zalo's OpenAPI, OAuth and Graph hosts under path prefixes, the control API,
 * the chat and sign-in pages — as one Fastify app. `main.ts` listens; tests use `app.inject` in-process.
 */
export async function buildEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const resolved = resolveEmulatorOptions(options);
  const app = Fastify({ logger: resolved.logger, forceCloseConnections: true });
  await app.register(formbody);

  const state = new EmulatorState({
    initialAccessToken: resolved.initialAccessToken,
    initialRefreshToken: resolved.initialRefreshToken,
    rateLimitPerMinute: resolved.rateLimitPerMinute,
    rules: resolved.rules,
  });
  const deliverer = new WebhookDeliverer({
    webhookUrl: resolved.webhookUrl,
    appId: resolved.appId,
    oaSecretKey: resolved.oaSecretKey,
    signingKey: () => (state.faults.signWithAppSecret ? resolved.appSecret : resolved.oaSecretKey),
    retryScale: resolved.retryScale,
    ackDeadlineMs: resolved.ackDeadlineMs,
    onUpdate: (record) => state.setDeliveryState(record.userId, record.id, record.state),
    log: (message) => app.log.warn(message),
  });
  const ctx: EmulatorContext = { options: resolved, state, deliverer };

  // Zalo answers even malformed requests with HTTP 200 and an error body; only the control API uses 4xx.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status < 500 && ZALO_PREFIXES.some((p) => request.url.startsWith(p))) {
      return reply.code(200).send(invalidField("body"));
    }
    if (status >= 500) request.log.error(error);
    return reply.code(status).send({ error: error.name, message: status >= 500 ? "internal error" : error.message });
  });

  registerOpenApiRoutes(app, ctx);
  registerOAuthRoutes(app, ctx);
  registerGraphRoutes(app, ctx);
  registerControlRoutes(app, ctx);
  registerPageRoutes(app, ctx);
  app.addHook("onClose", async () => deliverer.cancelRetries());

  return { app, state, deliverer, residents: new ResidentActions(ctx), options: resolved };
}
