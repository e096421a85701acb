import type { EmulatorContext } from "./emulator-context.ts";
import type { ChatMessage, Resident, SharedInfo, SubmitInfoShape } from "./emulator-state.ts";
import { SAMPLE_IMAGES, STICKERS } from "./media-svg.ts";
import type { DeliveryRecord } from "./webhook-deliverer.ts";
import {
  buildClickChatNowEvent,
  buildFollowEvent,
  buildOaSendEvent,
  buildSubmitInfoEvent,
  buildUserMessageEvent,
  type EventContext,
  type SubmitInfoEvent,
  type UserMessageEvent,
  type ZaloWebhookEvent,
} from "./zalo-events.ts";
import { newMessageId } from "./zalo-ids.ts";

export interface ActionResult {
  readonly message: ChatMessage;
  readonly event: ZaloWebhookEvent;
  readonly delivery: { readonly id: string; readonly state: DeliveryRecord["state"] };
}

type MessageFields = Omit<ChatMessage, "id" | "userId" | "from" | "at">;

/**
 * What a resident can do on Zalo, each turned into a chat line for the page and a signed webhook event for the
 * product. Every action except unfollow is an interaction that reopens the 7-day window (note §2.5).
 */
export class ResidentActions {
  constructor(private readonly ctx: EmulatorContext) {}

  follow(resident: Resident): Promise<ActionResult> {
    this.ctx.state.setFollower(resident, true);
    this.ctx.state.recordInteraction(resident);
    return this.emit(resident, { kind: "notice", notice: "follow" }, (ctx) =>
      buildFollowEvent(ctx, resident, "follow"),
    );
  }

  unfollow(resident: Resident): Promise<ActionResult> {
    this.ctx.state.setFollower(resident, false);
    return this.emit(resident, { kind: "notice", notice: "unfollow" }, (ctx) =>
      buildFollowEvent(ctx, resident, "unfollow"),
    );
  }

  clickChatNow(resident: Resident): Promise<ActionResult> {
    this.ctx.state.recordInteraction(resident);
    return this.emit(resident, { kind: "notice", notice: "chatnow" }, (ctx) => buildClickChatNowEvent(ctx, resident));
  }

  sendText(resident: Resident, text: string): Promise<ActionResult> {
    return this.sendUserMessage(resident, "user_send_text", { kind: "text", text }, { text });
  }

  /**
   * An `oa.query.*` button tap arrives as `user_send_text` carrying the payload string (note §2.4, UNCONFIRMED
   * exact event). `oa.query.hide` payloads reach the OA but are not shown in the chat.
   */
  tap(resident: Resident, payload: string): Promise<ActionResult> {
    const hidden = this.ctx.state.findButton(resident.userId, payload)?.type === "oa.query.hide";
    return this.sendUserMessage(
      resident,
      "user_send_text",
      { kind: "text", text: payload, ...(hidden ? { hidden } : {}) },
      { text: payload },
    );
  }

  sendSticker(resident: Resident, stickerId: string = STICKERS[0].id): Promise<ActionResult> {
    const url = `${this.ctx.options.publicUrl}/_emulator/media/sticker/${encodeURIComponent(stickerId)}.svg`;
    return this.sendUserMessage(
      resident,
      "user_send_sticker",
      { kind: "sticker", stickerUrl: url },
      { attachments: [{ type: "sticker", payload: { id: stickerId, url } }] },
    );
  }

  sendImage(resident: Resident, imageId: string = SAMPLE_IMAGES[0].id, caption = ""): Promise<ActionResult> {
    const url = `${this.ctx.options.publicUrl}/_emulator/media/image/${encodeURIComponent(imageId)}.svg`;
    return this.sendUserMessage(
      resident,
      "user_send_image",
      { kind: "image", imageUrl: url, ...(caption ? { text: caption } : {}) },
      { text: caption, attachments: [{ type: "image", payload: { url, thumbnail: url } }] },
    );
  }

  /** Coordinates travel as strings inside `payload.coordinates`, as Zalo sends them (note §1.5). */
  sendLocation(resident: Resident, lat: number, lng: number): Promise<ActionResult> {
    return this.sendUserMessage(
      resident,
      "user_send_location",
      { kind: "location", location: { lat, lng } },
      {
        text: "",
        attachments: [
          { type: "location", payload: { coordinates: { latitude: String(lat), longitude: String(lng) } } },
        ],
      },
    );
  }

  sendAudio(resident: Resident): Promise<ActionResult> {
    const url = `${this.ctx.options.publicUrl}/_emulator/media/audio/voice-note.aac`;
    return this.sendUserMessage(
      resident,
      "user_send_audio",
      { kind: "audio", audioUrl: url },
      { attachments: [{ type: "audio", payload: { url } }] },
    );
  }

  /**
   * The answer to a `request_user_info` card ("Chia sẻ"): arrives as `user_submit_info` (note §1.5), in the 2026
   * nested shape unless `shape` says "flat". What is not given comes from the resident's Zalo account (name, phone)
   * and a demo address in Hoằng Hóa.
   */
  submitInfo(resident: Resident, info: Partial<SharedInfo>, shape: SubmitInfoShape = "nested"): Promise<ActionResult> {
    const shared: SharedInfo = {
      name: info.name ?? resident.displayName,
      phone: info.phone ?? resident.phone,
      address: info.address ?? "Thôn Trung, gần nhà văn hóa",
      district: info.district ?? "Xã Hoằng Đạo",
      city: info.city ?? "Thanh Hóa",
    };
    resident.sharedInfo = shared;
    this.ctx.state.recordInteraction(resident);
    const sent: SubmitInfoEvent["info"] =
      shape === "flat"
        ? {
            name: shared.name,
            phone: shared.phone,
            address: shared.address,
            city: shared.city,
            district: shared.district,
          }
        : {
            name: shared.name,
            phone: shared.phone,
            user_dob: "01/01/1960",
            gender: "Nữ",
            full_address: { user_city: shared.city, user_ward: shared.district, user_address: shared.address },
          };
    return this.emit(
      resident,
      { kind: "notice", notice: "submit_info", text: `${shared.name} · ${shared.phone}` },
      (ctx) => buildSubmitInfoEvent(ctx, resident, sent),
    );
  }

  /**
   * A person of the union answering the resident by hand in Zalo's OA chat tool: the resident sees it as from the
   * OA, and Zalo posts it to the webhook as an `oa_send_text` echo, like the OA's API sends (note §1.1), but it
   * is not one of the API's sends (`state.sent`), and its msg_id matches none of them.
   */
  async staffReply(resident: Resident, text: string): Promise<ActionResult> {
    const { state, options, deliverer } = this.ctx;
    const at = state.now();
    const id = newMessageId();
    const message: ChatMessage = { id, userId: resident.userId, from: "oa", at, kind: "text", text, byStaff: true };
    state.addMessage(message);
    const event = buildOaSendEvent(
      { appId: options.appId, oaId: options.oaId, timestamp: String(at) },
      resident,
      "oa_send_text",
      {
        msg_id: id,
        text,
      },
    );
    const record = await deliverer.deliver(event, id);
    return { message, event, delivery: { id: record.id, state: record.state } };
  }

  private sendUserMessage(
    resident: Resident,
    eventName: UserMessageEvent["event_name"],
    fields: MessageFields,
    message: Omit<UserMessageEvent["message"], "msg_id">,
  ): Promise<ActionResult> {
    this.ctx.state.recordInteraction(resident);
    return this.emit(resident, fields, (ctx, msgId) =>
      buildUserMessageEvent(ctx, resident, eventName, { msg_id: msgId, ...message }),
    );
  }

  private async emit(
    resident: Resident,
    fields: MessageFields,
    build: (ctx: EventContext, msgId: string) => ZaloWebhookEvent,
  ): Promise<ActionResult> {
    const { state, options, deliverer } = this.ctx;
    const at = state.now();
    const id = newMessageId();
    const message: ChatMessage = { id, userId: resident.userId, from: "user", at, ...fields, deliveryState: "pending" };
    state.addMessage(message);
    const built = build({ appId: options.appId, oaId: options.oaId, timestamp: String(at) }, id);
    const event = { ...built, user_id_by_app: state.reportedAppUserId(resident) } as ZaloWebhookEvent;
    const record = await deliverer.deliver(event, id);
    return { message, event, delivery: { id: record.id, state: record.state } };
  }
}
