import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { EmulatorContext } from "./emulator-context.ts";
import type { ChatMessage } from "./emulator-state.ts";
import { parseCsMessage } from "./parse-cs-message.ts";
import { invalidField, ZALO_ERRORS } from "./zalo-error-codes.ts";
import { buildOaSendEvent } from "./zalo-events.ts";
import { newMessageId } from "./zalo-ids.ts";

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const interactionDate = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Asia/Ho_Chi_Minh",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
});

/**
 * Injected faults, the per-app rate limit and the OA token, in the order a real call meets them.
 * Returns false when the call has already been answered (or its connection dropped).
 */
async function guardOaCall(ctx: EmulatorContext, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  const { state } = ctx;
  if (state.faults.latencyMs > 0) await sleep(state.faults.latencyMs);
  if (state.faults.failNetwork > 0) {
    state.faults.failNetwork -= 1;
    reply.hijack();
    request.raw.socket.destroy();
    return false;
  }
  if (state.faults.fail5xx > 0) {
    state.faults.fail5xx -= 1;
    await reply.code(502).type("text/html").send("<html><body><h1>502 Bad Gateway</h1></body></html>");
    return false;
  }
  const slot = state.takeRateLimitSlot();
  reply.header("X-RateLimit-Limit", String(slot.limit)).header("X-RateLimit-Remain", String(slot.remain));
  if (!slot.allowed) {
    await reply.send(ZALO_ERRORS.rateLimited);
    return false;
  }
  const token = state.faults.rejectAccessToken ? "invalid" : state.checkOaAccessToken(header(request, "access_token"));
  if (token !== "ok") {
    await reply.send(token === "expired" ? ZALO_ERRORS.expiredAccessToken : ZALO_ERRORS.invalidAccessToken);
    return false;
  }
  return true;
}

/** Zalo's OA OpenAPI under `/openapi` (stands for https://openapi.zalo.me). */
export function registerOpenApiRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { state, options, deliverer } = ctx;

  app.post("/openapi/v3.0/oa/message/cs", async (request, reply) => {
    if (!(await guardOaCall(ctx, request, reply))) return reply;
    const parsed = parseCsMessage(request.body);
    if ("error" in parsed) return parsed;
    if (state.faults.refuseButtons && parsed.fields.buttons?.length) return invalidField("message.attachment");
    const resident = state.residents.get(parsed.userId);
    // The documented condition is an interaction within 7 days, not following (note §8); the stricter reading
    // (followers only, -213) is a switch.
    if (!resident || (state.rules.csRequiresFollow && !resident.isFollower)) return ZALO_ERRORS.notFollower;
    if (!state.isWindowOpen(resident)) return ZALO_ERRORS.windowClosed;
    const band = state.billingBand(resident);
    if (band === "paid" && state.rules.zca === "none") return ZALO_ERRORS.noZaloCloudAccount;
    if (band === "paid" && state.rules.zca === "empty") return ZALO_ERRORS.zaloCloudAccountEmpty;

    const messageId = newMessageId();
    const sentTime = state.now();
    const message: ChatMessage = { id: messageId, userId: resident.userId, from: "oa", at: sentTime, ...parsed.fields };
    state.addMessage(message);
    state.sent.push({
      messageId,
      userId: resident.userId,
      sentTime,
      band,
      kind: message.kind,
      ...(message.text === undefined ? {} : { text: message.text }),
      request: request.body,
    });
    // Zalo echoes the OA's own sends as `oa_send_*` events; post it after answering, like Zalo.
    const echo = buildOaSendEvent(
      { appId: options.appId, oaId: options.oaId, timestamp: String(sentTime) },
      resident,
      parsed.echo.eventName,
      { msg_id: messageId, ...parsed.echo.message },
    );
    setImmediate(() => void deliverer.deliver(echo));
    return {
      error: 0,
      message: "Success",
      data: { message_id: messageId, user_id: resident.userId, sent_time: String(sentTime) },
    };
  });

  /** The OA's profile (note §4.2): the health check `npm run zalo:check` makes with the OA token. */
  app.get("/openapi/v2.0/oa/getoa", async (request, reply) => {
    if (!(await guardOaCall(ctx, request, reply))) return reply;
    return {
      error: 0,
      message: "Success",
      data: {
        oa_id: options.oaId,
        name: options.oaName,
        description: "Official Account (giả lập)",
        is_verified: true,
        oa_type: 4,
        cate_name: "Tổ chức chính trị - xã hội",
        num_follower: [...state.residents.values()].filter((r) => r.isFollower).length,
        avatar: `${options.publicUrl}/_emulator/media/avatar/${options.oaId}.svg`,
        package_name: "Gói Nâng cao",
        linked_ZCA: state.rules.zca === "none" ? "" : "emulated-zca",
      },
    };
  });

  app.get("/openapi/v3.0/oa/user/detail", async (request, reply) => {
    if (state.faults.failUserDetail > 0) {
      state.faults.failUserDetail -= 1;
      return reply.code(502).type("text/html").send("<html><body><h1>502 Bad Gateway</h1></body></html>");
    }
    if (!(await guardOaCall(ctx, request, reply))) return reply;
    const { data } = request.query as { data?: string };
    let userId: unknown;
    try {
      userId = (JSON.parse(data ?? "") as { user_id?: unknown }).user_id;
    } catch {
      return invalidField("data");
    }
    if (typeof userId !== "string" && typeof userId !== "number") return invalidField("user_id");
    const resident = state.residents.get(String(userId));
    if (!resident) return ZALO_ERRORS.notFollower;
    const avatar = `${options.publicUrl}/_emulator/media/avatar/${resident.userId}.svg`;
    return {
      error: 0,
      message: "Success",
      data: {
        user_id: resident.userId,
        user_id_by_app: state.reportedAppUserId(resident),
        user_external_id: "",
        display_name: resident.displayName,
        user_alias: "",
        is_sensitive: false,
        user_last_interaction_date:
          resident.lastInteractionAt === null ? "" : interactionDate.format(new Date(resident.lastInteractionAt)),
        user_is_follower: resident.isFollower,
        avatar,
        avatars: { "120": avatar, "240": avatar },
        dynamic_param: "",
        tags_and_notes_info: { notes: [], tag_names: [] },
        shared_info: resident.sharedInfo ?? {},
      },
    };
  });
}
