import { createHash } from "node:crypto";
import type { FastifyPluginAsync } from "fastify";
import { isOaSendEcho } from "../jobs/inbound.process-oa-echo.ts";
import { withTimeout } from "../with-timeout.ts";
import { cleanWebhookBody } from "../zalo/clean-webhook-body.ts";
import { contactSealFor } from "../zalo/contact-seal.ts";
import { redactZaloEvent } from "../zalo/redact-zalo-event.ts";
import { screenZaloEvent } from "../zalo/screen-zalo-event.ts";
import { verifyZaloSignature } from "../zalo/verify-zalo-signature.ts";
import { noteSignatureFailure } from "../zalo/webhook-signature-monitor.ts";
import { describeZaloEvent, zaloEventSchema } from "../zalo/zalo-event.ts";
import { lazyRequestLogger } from "./lazy-request-logger.ts";

/**
 * Zalo wants HTTP 200 within 2 seconds or it tells the OA admin the webhook is broken. The 200 goes out only after
 * the event's row committed (the durable inbox, `inbox/inbox-writer.ts`: events arriving together share one
 * statement). The server does no queueing: the commit notifies the worker's relay (`inbox/inbound-relay.ts`), which
 * queues the new events in batches, and the worker's recover-inbox job queues whatever is still waiting after its
 * grace period, so nothing accepted is lost.
 */
const SIGNATURE_DIAGNOSIS_DEADLINE_MS = 500;

declare module "fastify" {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
}

/** Not fatal: bytes that are not valid UTF-8 become U+FFFD, so any body Zalo relays can be stored. */
const UTF8 = new TextDecoder("utf-8", { fatal: false });

export const zaloWebhookRoutes: FastifyPluginAsync = async (app) => {
  const seal = contactSealFor(app.config.SESSION_SECRET);
  // Encapsulated to this plugin: a request's logger is made only if the route logs (refusals, failures).
  app.setChildLoggerFactory(lazyRequestLogger);
  // Signatures cover the exact bytes received: keep them as bytes and parse JSON ourselves.
  app.addContentTypeParser(["application/json", "text/plain"], { parseAs: "buffer" }, (req, body, done) => {
    req.rawBody = Buffer.isBuffer(body) ? body : Buffer.from(body);
    done(null, null);
  });

  app.get("/webhooks/zalo", { schema: { hide: true } }, async () => ({ ok: true }));

  app.post(
    "/webhooks/zalo",
    {
      schema: { tags: ["webhook"], summary: "Zalo OA events (signed)" },
      // No per-IP limit: Zalo delivers every resident's events from a few addresses, and a burst (e.g. replies
      // to a broadcast) must not be refused. Unsigned requests are rejected before any I/O.
      config: { rateLimit: false, cors: false },
      // Zalo's servers call this, never a browser: CORS and the browser security headers mean nothing to them, and
      // @fastify/helmet rebuilds its middleware on every request (a twentieth of the route's CPU at load).
      helmet: false,
      // No line per accepted event in production (two per request at info, a tenth of the route's CPU at load):
      // refusals and failures still log as warnings.
      ...(app.config.NODE_ENV === "production" ? { logLevel: "warn" as const } : {}),
    },
    async (request, reply) => {
      const raw = request.rawBody ?? Buffer.alloc(0);
      const header = request.headers["x-zevent-signature"];
      const signature = Array.isArray(header) ? header[0] : header;
      if (!signature) {
        request.log.warn("webhook without signature rejected");
        return reply.status(401).send({ code: "SIGNATURE_MISSING", message: "Missing X-ZEvent-Signature" });
      }
      const text = UTF8.decode(raw);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return reply.status(400).send({ code: "INVALID_JSON", message: "Body is not JSON" });
      }
      const timestamp =
        typeof body === "object" && body !== null ? String((body as { timestamp?: unknown }).timestamp ?? "") : "";
      const { ZALO_APP_ID, ZALO_OA_SECRET_KEY } = app.config;
      if (!verifyZaloSignature(raw, signature, timestamp, ZALO_APP_ID, ZALO_OA_SECRET_KEY)) {
        request.log.warn("webhook with a wrong signature rejected");
        // Diagnose and count (alert, /ready warning); never accept. Bounded: the 401 must not wait on Redis.
        await withTimeout(noteSignatureFailure(app, raw, signature, body), SIGNATURE_DIAGNOSIS_DEADLINE_MS).catch(
          (err: Error) => request.log.warn({ err: err.message }, "signature failure not recorded"),
        );
        return reply.status(401).send({ code: "SIGNATURE_INVALID", message: "Signature does not match" });
      }
      // NUL and unpaired surrogates cannot be stored by PostgreSQL, nor a body nested 50,000 deep; everything derived
      // below (dedup key, user id, payload) comes from the cleaned body.
      body = cleanWebhookBody(text, body);

      const parsed = zaloEventSchema.safeParse(body);
      if (!parsed.success) {
        // Signed by Zalo but of a shape we do not know: acknowledge (a retry would not help) and keep a trace.
        request.log.warn({ issues: parsed.error.issues.length }, "unrecognised webhook event shape ignored");
        await app.inbox.store({
          dedupKey: `raw:${createHash("sha256").update(raw).digest("hex")}`,
          eventName: "unrecognised",
          oaUserId: null,
          payload: { keys: Object.keys(body ?? {}) },
          status: "IGNORED",
        });
        return { ok: true };
      }

      const event = parsed.data;
      const refusal = screenZaloEvent(event, { appId: ZALO_APP_ID, oaId: app.config.ZALO_OA_ID }, Date.now());
      if (refusal) {
        // 200, not 4xx: the body is genuinely signed, so a refusal would only make Zalo retry it up its ladder and
        // then disable the webhook. Nothing is stored or queued, so a replayed old body (or an event meant for
        // another app or OA) changes nothing; the log says why and carries no payload.
        request.log.info({ event: event.event_name, ...refusal }, "webhook event not for us, or too old: ignored");
        return { ok: true, ignored: refusal.reason };
      }
      const envelope = describeZaloEvent(event);
      // The OA's own sends come back as `oa_send_*` echoes: the worker tells the product's sends from a person's
      // answer typed in Zalo's OA chat tool (human takeover, inbound.process-oa-echo.ts). Receipts stay ignored.
      const toProcess = envelope.fromUser || (envelope.oaUserId !== null && isOaSendEcho(envelope.eventName));
      const stored = await app.inbox.store({
        dedupKey: envelope.dedupKey,
        eventName: envelope.eventName,
        oaUserId: envelope.oaUserId,
        payload: redactZaloEvent(event, { seal }),
        status: toProcess ? "RECEIVED" : "IGNORED",
      });
      if (!stored) {
        request.log.info({ dedupKey: envelope.dedupKey }, "redelivered webhook event recognised");
        return { ok: true, duplicate: true };
      }
      return { ok: true };
    },
  );
};
