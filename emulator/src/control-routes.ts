import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "./emulator-context.ts";
import { REPLY_WINDOW_MS, type Resident, type StreamEvent } from "./emulator-state.ts";
import { renderAvatarSvg, renderSampleImageSvg, renderStickerSvg, SAMPLE_IMAGES, STICKERS } from "./media-svg.ts";
import { ResidentActions } from "./resident-actions.ts";
import type { DeliveryRecord } from "./webhook-deliverer.ts";

/** A control-API failure; the status code is chosen here, at the edge. */
export class ControlApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = "ControlApiError";
  }
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ControlApiError(400, `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

const createResidentBody = z.object({
  displayName: z.string().trim().min(1).max(80),
  phone: z
    .string()
    .regex(/^84\d{8,10}$/)
    .optional(),
  follow: z.boolean().optional(),
});
const textBody = z.object({ text: z.string().min(1).max(5000) });
/** Zalo's limit for an OA text (note §2.3). */
const staffReplyBody = z.object({ text: z.string().trim().min(1).max(2000) });
const tapBody = z.object({ payload: z.string().min(1) });
const stickerBody = z.object({ stickerId: z.string().min(1).optional() });
const imageBody = z.object({ imageId: z.string().min(1).optional(), caption: z.string().max(2000).optional() });
const locationBody = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });
const submitInfoBody = z.object({
  name: z.string().max(200).optional(),
  phone: z.string().max(40).optional(),
  address: z.string().max(500).optional(),
  city: z.string().max(200).optional(),
  district: z.string().max(200).optional(),
  /** The event's shape: the 2026 nested one (default) or the flat one older integrations read. */
  shape: z.enum(["nested", "flat"]).optional(),
});
const faultsBody = z.object({
  expireAccessToken: z.literal(true).optional(),
  closeWindowFor: z.string().optional(),
  rateLimitPerMinute: z.number().int().min(0).nullable().optional(),
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  fail5xx: z.number().int().min(0).optional(),
  failNetwork: z.number().int().min(0).optional(),
  failUserDetail: z.number().int().min(0).optional(),
  refuseButtons: z.boolean().optional(),
  rejectAccessToken: z.boolean().optional(),
  rejectAppSecret: z.boolean().optional(),
  signWithAppSecret: z.boolean().optional(),
});
const rulesBody = z.object({
  csRequiresFollow: z.boolean().optional(),
  zca: z.enum(["funded", "none", "empty"]).optional(),
  checkRegisteredRedirect: z.boolean().optional(),
  appIdIsMiniAppId: z.boolean().optional(),
});
const clockBody = z.object({ advanceMs: z.number().int().min(0) });
const userIdBody = z.object({ userId: z.string().min(1) });
const redeliverBody = z.object({ numRetry: z.number().int().min(0).max(10).optional() });

function deliveryView(record: DeliveryRecord) {
  return {
    id: record.id,
    eventName: record.eventName,
    userId: record.userId,
    msgId: record.msgId ?? null,
    state: record.state,
    attempts: record.attempts,
    body: JSON.parse(record.rawBody) as unknown,
  };
}

/**
 * The emulator's own API under `/_emulator`: what the chat page and tests use to play residents, inspect what
 * the OA sent, inject faults and move the clock. Not part of Zalo.
 */
export function registerControlRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { state, options, deliverer } = ctx;
  const actions = new ResidentActions(ctx);

  function residentView(resident: Resident) {
    const windowClosesAt = resident.lastInteractionAt === null ? null : resident.lastInteractionAt + REPLY_WINDOW_MS;
    return { ...resident, windowOpen: state.isWindowOpen(resident), windowClosesAt };
  }

  function residentFrom(request: FastifyRequest): Resident {
    const { id } = request.params as { id: string };
    const resident = state.residents.get(id);
    if (!resident) throw new ControlApiError(404, `no resident with id ${id}`);
    return resident;
  }

  app.get("/_emulator/config", async () => ({
    appId: options.appId,
    oaId: options.oaId,
    oaName: options.oaName,
    webhookUrl: options.webhookUrl,
    registeredRedirectUri: options.registeredRedirectUri,
    stickers: STICKERS,
    images: SAMPLE_IMAGES.map(({ id, title }) => ({ id, title })),
    now: state.now(),
  }));

  // ---- residents ----------------------------------------------------------------------------------------

  app.get("/_emulator/users", async () => ({
    users: [...state.residents.values()].map(residentView),
    now: state.now(),
  }));

  app.post("/_emulator/users", async (request, reply) => {
    const body = parseBody(createResidentBody, request.body);
    const resident = state.createResident(body.displayName, body.phone);
    if (body.follow) await actions.follow(resident);
    return reply.code(201).send({ user: residentView(resident) });
  });

  app.get("/_emulator/users/:id", async (request) => ({ user: residentView(residentFrom(request)) }));

  app.get("/_emulator/users/:id/messages", async (request) => {
    const resident = residentFrom(request);
    return { messages: state.conversation(resident.userId), now: state.now() };
  });

  app.post("/_emulator/users/:id/follow", async (request) => actions.follow(residentFrom(request)));
  app.post("/_emulator/users/:id/unfollow", async (request) => actions.unfollow(residentFrom(request)));
  app.post("/_emulator/users/:id/chatnow", async (request) => actions.clickChatNow(residentFrom(request)));
  app.post("/_emulator/users/:id/audio", async (request) => actions.sendAudio(residentFrom(request)));
  app.post("/_emulator/users/:id/text", async (request) => {
    const { text } = parseBody(textBody, request.body);
    return actions.sendText(residentFrom(request), text);
  });
  /** Plays a staff member answering the resident by hand in Zalo's OA chat tool (an `oa_send_text` echo). */
  app.post("/_emulator/users/:id/staff-reply", async (request) => {
    const { text } = parseBody(staffReplyBody, request.body);
    return actions.staffReply(residentFrom(request), text);
  });
  app.post("/_emulator/users/:id/tap", async (request) => {
    const { payload } = parseBody(tapBody, request.body);
    return actions.tap(residentFrom(request), payload);
  });
  app.post("/_emulator/users/:id/sticker", async (request) => {
    const { stickerId } = parseBody(stickerBody, request.body);
    return actions.sendSticker(residentFrom(request), stickerId);
  });
  app.post("/_emulator/users/:id/image", async (request) => {
    const { imageId, caption } = parseBody(imageBody, request.body);
    return actions.sendImage(residentFrom(request), imageId, caption);
  });
  app.post("/_emulator/users/:id/location", async (request) => {
    const { lat, lng } = parseBody(locationBody, request.body);
    return actions.sendLocation(residentFrom(request), lat, lng);
  });
  app.post("/_emulator/users/:id/submit-info", async (request) => {
    const { shape, ...info } = parseBody(submitInfoBody, request.body);
    return actions.submitInfo(residentFrom(request), info, shape);
  });

  // ---- what the OA sent, deliveries, reset ---------------------------------------------------------------

  app.get("/_emulator/sent", async (request) => {
    const { userId } = request.query as { userId?: string };
    return { messages: userId ? state.sent.filter((m) => m.userId === userId) : state.sent };
  });

  app.delete("/_emulator/sent", async () => {
    state.sent = [];
    return { ok: true };
  });

  app.get("/_emulator/deliveries", async (request) => {
    const { userId, eventName } = request.query as { userId?: string; eventName?: string };
    const records = deliverer
      .list()
      .filter((r) => (!userId || r.userId === userId) && (!eventName || r.eventName === eventName));
    return { deliveries: records.map(deliveryView) };
  });

  /** Posts an event again byte for byte (same msg_id, timestamp, signature) to test de-duplication. */
  app.post("/_emulator/deliveries/:id/redeliver", async (request) => {
    const { id } = request.params as { id: string };
    const { numRetry } = parseBody(redeliverBody, request.body);
    const record = deliverer.find(id);
    if (!record) throw new ControlApiError(404, `no delivery with id or msg_id ${id}`);
    const attempt = await deliverer.redeliver(record, numRetry);
    return { attempt, delivery: deliveryView(record) };
  });

  app.post("/_emulator/reset", async () => {
    deliverer.clear();
    state.reset();
    return { ok: true };
  });

  // ---- faults, clock, tokens ---------------------------------------------------------------------------

  app.get("/_emulator/faults", async () => ({ faults: state.faults }));

  app.post("/_emulator/faults", async (request) => {
    const body = parseBody(faultsBody, request.body);
    if (body.expireAccessToken) state.expireAccessToken();
    if (body.closeWindowFor !== undefined) {
      const resident = state.residents.get(body.closeWindowFor);
      if (!resident) throw new ControlApiError(404, `no resident with id ${body.closeWindowFor}`);
      state.closeWindowFor(resident);
    }
    // null puts the configured limit back.
    if (body.rateLimitPerMinute !== undefined) {
      state.faults.rateLimitPerMinute = body.rateLimitPerMinute ?? options.rateLimitPerMinute;
    }
    if (body.latencyMs !== undefined) state.faults.latencyMs = body.latencyMs;
    if (body.fail5xx !== undefined) state.faults.fail5xx = body.fail5xx;
    if (body.failNetwork !== undefined) state.faults.failNetwork = body.failNetwork;
    if (body.failUserDetail !== undefined) state.faults.failUserDetail = body.failUserDetail;
    if (body.refuseButtons !== undefined) state.faults.refuseButtons = body.refuseButtons;
    if (body.rejectAccessToken !== undefined) state.faults.rejectAccessToken = body.rejectAccessToken;
    if (body.rejectAppSecret !== undefined) state.faults.rejectAppSecret = body.rejectAppSecret;
    if (body.signWithAppSecret !== undefined) state.faults.signWithAppSecret = body.signWithAppSecret;
    return { faults: state.faults };
  });

  app.get("/_emulator/rules", async () => ({ rules: state.rules }));
  app.post("/_emulator/rules", async (request) => {
    const body = parseBody(rulesBody, request.body);
    state.rules = { ...state.rules, ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) };
    return { rules: state.rules };
  });

  // `npm run dev`'s server and worker read it every 2 s (bot/src/dev-clock.ts): not worth a log line each time.
  app.get("/_emulator/clock", { logLevel: "warn" }, async () => ({ now: state.now() }));
  app.post("/_emulator/clock", async (request) => {
    const { advanceMs } = parseBody(clockBody, request.body);
    return { now: state.advanceClock(advanceMs) };
  });

  app.get("/_emulator/tokens", async () => state.currentOaTokens());

  // ---- mini-app users ----------------------------------------------------------------------------------

  app.get("/_emulator/miniapp-users", async () => ({ users: [...state.miniAppUsers.values()] }));

  app.post("/_emulator/signin", async (request) => {
    const { userId } = parseBody(userIdBody, request.body);
    if (!state.miniAppUsers.has(userId)) throw new ControlApiError(404, `no mini-app user with id ${userId}`);
    return { accessToken: state.createUserToken(userId) };
  });

  app.post("/_emulator/phone-token", async (request) => {
    const { userId } = parseBody(userIdBody, request.body);
    if (!state.miniAppUsers.has(userId)) throw new ControlApiError(404, `no mini-app user with id ${userId}`);
    return { token: state.createPhoneToken(userId) };
  });

  // ---- live updates ------------------------------------------------------------------------------------

  const openStreams = new Set<FastifyReply>();
  app.addHook("onClose", async () => {
    for (const reply of openStreams) reply.raw.end();
  });

  app.get("/_emulator/stream", (request, reply) => {
    const { userId } = request.query as { userId?: string };
    reply.hijack();
    reply.raw.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      connection: "keep-alive",
    });
    reply.raw.write(": connected\n\n");
    const send = (event: StreamEvent) => {
      if (userId && event.userId !== null && event.userId !== userId) return;
      const data = event.type === "resident" ? { ...event, resident: residentView(event.resident) } : event;
      reply.raw.write(`event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const unsubscribe = state.subscribe(send);
    // Comments keep proxies and the browser from dropping an idle stream.
    const keepAlive = setInterval(() => reply.raw.write(": ping\n\n"), 15_000);
    openStreams.add(reply);
    request.raw.on("close", () => {
      clearInterval(keepAlive);
      unsubscribe();
      openStreams.delete(reply);
    });
  });

  // ---- media -------------------------------------------------------------------------------------------

  app.get("/_emulator/media/avatar/:file", async (request, reply) => {
    const id = (request.params as { file: string }).file.replace(/\.svg$/, "");
    const name = state.residents.get(id)?.displayName ?? state.miniAppUsers.get(id)?.name ?? "Zalo";
    return reply.type("image/svg+xml").header("cache-control", "max-age=3600").send(renderAvatarSvg(id, name));
  });

  app.get("/_emulator/media/sticker/:file", async (request, reply) => {
    const svg = renderStickerSvg((request.params as { file: string }).file.replace(/\.svg$/, ""));
    if (!svg) throw new ControlApiError(404, "unknown sticker");
    return reply.type("image/svg+xml").header("cache-control", "max-age=3600").send(svg);
  });

  app.get("/_emulator/media/image/:file", async (request, reply) => {
    const svg = renderSampleImageSvg((request.params as { file: string }).file.replace(/\.svg$/, ""));
    if (!svg) throw new ControlApiError(404, "unknown image");
    return reply.type("image/svg+xml").header("cache-control", "max-age=3600").send(svg);
  });
}
