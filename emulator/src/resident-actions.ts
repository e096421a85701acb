import type { EmulatorContext } from "./emulator-context.ts";
import type { ChatMessage, Resident, SharedInfo } from "./emulator-state.ts";
import { SAMPLE_IMAGES, STICKERS } from "./media-svg.ts";
import type { DeliveryRecord } from "./webhook-deliverer.ts";
import {
  buildClickChatNowEvent,
  buildFollowEvent,
  buildSubmitInfoEvent,
  buildUserMessageEvent,
  type EventContext,
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

  /** The answer to a `request_user_info` card: arrives as `user_submit_info` (note §1.5). */
  submitInfo(resident: Resident, info: Partial<SharedInfo>): Promise<ActionResult> {
    const shared: SharedInfo = {
      name: info.name ?? resident.displayName,
      phone: info.phone ?? resident.phone,
      address: info.address ?? "Số 1 Đường Thanh Niên",
      city: info.city ?? "Hà Nội",
      district: info.district ?? "Ba Đình",
    };
    resident.sharedInfo = shared;
    this.ctx.state.recordInteraction(resident);
    return this.emit(
      resident,
      { kind: "notice", notice: "submit_info", text: `${shared.name} · ${shared.phone}` },
      (ctx) => buildSubmitInfoEvent(ctx, resident, shared),
    );
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
    const event = build({ appId: options.appId, oaId: options.oaId, timestamp: String(at) }, id);
    const record = await deliverer.deliver(event, id);
    return { message, event, delivery: { id: record.id, state: record.state } };
  }
}
