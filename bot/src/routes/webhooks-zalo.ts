import { createHash } from "node:crypto";
import { redactSensitive } from "@xks/shared/privacy/redact-sensitive";
import type { FastifyPluginAsync } from "fastify";
import { Prisma } from "../generated/prisma/client.ts";
import { enqueueInboundEvent } from "../queues/queues.ts";
import { withTimeout } from "../with-timeout.ts";
import { verifyZaloSignature } from "../zalo/verify-zalo-signature.ts";
import { describeZaloEvent, type ZaloEvent, zaloEventSchema } from "../zalo/zalo-event.ts";

/**
 * Zalo wants HTTP 200 within 2 seconds or it tells the OA admin the webhook is broken. The event is stored
 * first (the durable inbox), then queued within this deadline; if Redis is slow or away, the worker's
 * recover-inbox job queues it later, so nothing accepted is lost.
 */
export const ENQUEUE_DEADLINE_MS = 500;

declare module "fastify" {
  interface FastifyRequest {
    rawBody?: string;
  }
}

export const zaloWebhookRoutes: FastifyPluginAsync = async (app) => {
  // Signatures cover the exact bytes received: keep them as a string and parse JSON ourselves.
  app.addContentTypeParser(["application/json", "text/plain"], { parseAs: "string" }, (req, body, done) => {
    req.rawBody = String(body);
    done(null, null);
  });

  app.get("/webhooks/zalo", { schema: { hide: true } }, async () => ({ ok: true }));

  app.post(
    "/webhooks/zalo",
    {
      schema: { tags: ["webhook"], summary: "Zalo OA events (signed)" }, // No per-IP limit: Zalo delivers every resident's events from a few addresses, and a burst (e.g. replies
      // to a broadcast) must not be refused. Unsigned requests are rejected before any I/O.
      config: { rateLimit: false },
    },
    async (request, reply) => {
      const raw = request.rawBody ?? "";
      const header = request.headers["x-zevent-signature"];
      const signature = Array.isArray(header) ? header[0] : header;
      if (!signature) {
        request.log.warn("webhook without signature rejected");
        return reply.status(401).send({ code: "SIGNATURE_MISSING", message: "Missing X-ZEvent-Signature" });
      }
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        return reply.status(400).send({ code: "INVALID_JSON", message: "Body is not JSON" });
      }
      const timestamp =
        typeof body === "object" && body !== null ? String((body as { timestamp?: unknown }).timestamp ?? "") : "";
      const { ZALO_APP_ID, ZALO_OA_SECRET_KEY } = app.config;
      if (!verifyZaloSignature(raw, signature, timestamp, ZALO_APP_ID, ZALO_OA_SECRET_KEY)) {
        request.log.warn("webhook with a wrong signature rejected");
        return reply.status(401).send({ code: "SIGNATURE_INVALID", message: "Signature does not match" });
      }

      const parsed = zaloEventSchema.safeParse(body);
      if (!parsed.success) {
        // Signed by Zalo but of a shape we do not know: acknowledge (a retry would not help) and keep a trace.
        request.log.warn({ issues: parsed.error.issues.length }, "unrecognised webhook event shape ignored");
        await storeEvent(app.prisma, {
          dedupKey: `raw:${createHash("sha256").update(raw).digest("hex")}`,
          eventName: "unrecognised",
          oaUserId: null,
          payload: { keys: Object.keys(body ?? {}) },
          status: "IGNORED",
        });
        return { ok: true };
      }

      const event = parsed.data;
      const envelope = describeZaloEvent(event);
      const stored = await storeEvent(app.prisma, {
        dedupKey: envelope.dedupKey,
        eventName: envelope.eventName,
        oaUserId: envelope.oaUserId,
        payload: redactEvent(event),
        status: envelope.fromUser ? "RECEIVED" : "IGNORED",
      });
      if (!stored) {
        request.log.info({ dedupKey: envelope.dedupKey }, "redelivered webhook event recognised");
        return { ok: true, duplicate: true };
      }
      if (envelope.fromUser) {
        await withTimeout(enqueueInboundEvent(app.queues, stored.id), ENQUEUE_DEADLINE_MS, "enqueue").catch(
          (err: Error) =>
            request.log.warn({ eventId: stored.id, err: err.message }, "event stored, queueing deferred to recovery"),
        );
      }
      return { ok: true };
    },
  );
};

type StoreInput = Pick<Prisma.InboundEventCreateInput, "dedupKey" | "eventName" | "oaUserId" | "payload" | "status">;

/** Inserts the event once; returns null when Zalo redelivered an event already stored. */
async function storeEvent(
  prisma: { inboundEvent: { create(args: { data: StoreInput; select: { id: true } }): Promise<{ id: string }> } },
  data: StoreInput,
): Promise<{ id: string } | null> {
  try {
    return await prisma.inboundEvent.create({ data, select: { id: true } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return null;
    throw error;
  }
}

/**
 * Masks ID numbers, OTPs, passwords and card numbers before the event is persisted. The personal details of a
 * `user_submit_info` answer (name, phone, address) are not used by the product, so only their field names are kept.
 */
function redactEvent(event: ZaloEvent): Prisma.InputJsonObject {
  const { info, ...rest } = event as ZaloEvent & { info?: unknown };
  const stored: Prisma.InputJsonObject = {
    ...(rest as Prisma.InputJsonObject),
    ...(info !== undefined ? { info: { fields: Object.keys(info ?? {}) } } : {}),
  };
  const text = event.message?.text;
  if (text === undefined || event.message === undefined) return stored;
  const { text: masked, found } = redactSensitive(text);
  return {
    ...stored,
    message: { ...(event.message as Prisma.InputJsonObject), text: masked },
    ...(found.length > 0 ? { privacy: { masked: found } } : {}),
  };
}
