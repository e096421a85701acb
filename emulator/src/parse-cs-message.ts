import { z } from "zod";
import type { ChatButton, ChatMessage } from "./emulator-state.ts";
import { invalidField, type ZaloErrorBody } from "./zalo-error-codes.ts";
import type { OaSendEvent } from "./zalo-events.ts";

/** Zalo's limit for a consultation text (note §2.3a: "Giới hạn tối đa là 2.000 ký tự"). */
export const CS_TEXT_MAX_CHARS = 2000;
/** The PHP SDK guards at 5 buttons (note §2.4); the product should stay at ≤ 4 to be safe. */
export const CS_MAX_BUTTONS = 5;

const title = z.string().trim().min(1).max(100);
const phoneCode = z.string().regex(/^\+?\d{8,15}$/);

const buttonSchema = z.discriminatedUnion("type", [
  z.object({ title, type: z.literal("oa.query.show"), payload: z.string().min(1).max(1000) }),
  z.object({ title, type: z.literal("oa.query.hide"), payload: z.string().min(1).max(1000) }),
  z.object({ title, type: z.literal("oa.open.url"), payload: z.object({ url: z.url({ protocol: /^https?$/ }) }) }),
  z.object({ title, type: z.literal("oa.open.phone"), payload: z.object({ phone_code: phoneCode }) }),
  z.object({
    title,
    type: z.literal("oa.open.sms"),
    payload: z.object({ phone_code: phoneCode, content: z.string().max(1000) }),
  }),
]);

const buttonsSchema = z.array(buttonSchema).min(1).max(CS_MAX_BUTTONS);

const buttonsTemplate = z.object({ buttons: buttonsSchema });

const mediaTemplate = z.object({
  template_type: z.literal("media"),
  elements: z
    .array(
      z.union([
        z.object({ media_type: z.literal("image"), url: z.url({ protocol: /^https?$/ }) }),
        z.object({ media_type: z.literal("image"), attachment_id: z.string().min(1) }),
        z.object({ media_type: z.literal("sticker"), attachment_id: z.string().min(1) }),
      ]),
    )
    .length(1),
  buttons: buttonsSchema.optional(),
});

const requestInfoTemplate = z.object({
  template_type: z.literal("request_user_info"),
  elements: z
    .array(
      z.object({
        title: z.string().min(1).max(100),
        subtitle: z.string().min(1).max(500),
        image_url: z.url({ protocol: /^https?$/ }).optional(),
      }),
    )
    .length(1),
});

const envelopeSchema = z.object({
  recipient: z.object({ user_id: z.string().regex(/^\d+$/) }),
  message: z.object({
    text: z.string().optional(),
    quote_message_id: z.string().optional(),
    attachment: z.object({ type: z.literal("template"), payload: z.record(z.string(), z.unknown()) }).optional(),
  }),
});

export interface ParsedCsMessage {
  readonly userId: string;
  /** The chat line minus what only the sender knows (id, time). */
  readonly fields: Omit<ChatMessage, "id" | "userId" | "from" | "at">;
  /** How the send comes back to the product as an `oa_send_*` event. */
  readonly echo: {
    readonly eventName: OaSendEvent["event_name"];
    readonly message: Omit<OaSendEvent["message"], "msg_id">;
  };
}

/** The first failing field, in Zalo's "`<field>` is invalid!" form (-201). */
function firstIssue(error: z.ZodError, prefix = ""): ZaloErrorBody {
  const path = error.issues[0]?.path.map(String).join(".") ?? "";
  return invalidField(prefix + path || "body");
}

/**
 * Validates a `/v3.0/oa/message/cs` body the way Zalo would (note §2.3): text ≤ 2,000 characters, text with
 * buttons, media image/sticker template, request_user_info. Anything else is -201.
 */
export function parseCsMessage(body: unknown): ParsedCsMessage | ZaloErrorBody {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) return firstIssue(envelope.error);
  const { recipient, message } = envelope.data;
  const text = message.text;
  // Zalo counts characters; count code points so an emoji is one, not two.
  if (text !== undefined && (text.trim() === "" || [...text].length > CS_TEXT_MAX_CHARS)) {
    return invalidField("message.text");
  }
  const userId = recipient.user_id;
  const payload = message.attachment?.payload;
  if (!payload) {
    if (text === undefined) return invalidField("message.text");
    return { userId, fields: { kind: "text", text }, echo: { eventName: "oa_send_text", message: { text } } };
  }

  const templateType = payload.template_type;
  if (templateType === undefined) {
    const parsed = buttonsTemplate.safeParse(payload);
    if (!parsed.success) return firstIssue(parsed.error, "message.attachment.payload.");
    if (text === undefined) return invalidField("message.text");
    const buttons = parsed.data.buttons as ChatButton[];
    return { userId, fields: { kind: "text", text, buttons }, echo: { eventName: "oa_send_text", message: { text } } };
  }
  if (templateType === "media") {
    const parsed = mediaTemplate.safeParse(payload);
    if (!parsed.success) return firstIssue(parsed.error, "message.attachment.payload.");
    const element = parsed.data.elements[0];
    const buttons = parsed.data.buttons as ChatButton[] | undefined;
    const common = { ...(text ? { text } : {}), ...(buttons ? { buttons } : {}) };
    if (element?.media_type === "sticker") {
      return {
        userId,
        fields: {
          kind: "sticker",
          stickerUrl: `/_emulator/media/sticker/${encodeURIComponent(element.attachment_id)}.svg`,
        },
        echo: {
          eventName: "oa_send_sticker",
          message: { attachments: [{ type: "sticker", payload: { id: element.attachment_id } }] },
        },
      };
    }
    const url = element && "url" in element ? element.url : undefined;
    const attachmentPayload = url
      ? { url }
      : { attachment_id: element && "attachment_id" in element ? element.attachment_id : "" };
    return {
      userId,
      fields: { kind: "image", ...(url ? { imageUrl: url } : {}), ...common },
      echo: {
        eventName: "oa_send_image",
        message: { ...(text ? { text } : {}), attachments: [{ type: "image", payload: attachmentPayload }] },
      },
    };
  }
  if (templateType === "request_user_info") {
    const parsed = requestInfoTemplate.safeParse(payload);
    if (!parsed.success) return firstIssue(parsed.error, "message.attachment.payload.");
    const element = parsed.data.elements[0];
    if (!element) return invalidField("message.attachment.payload.elements");
    const requestInfo = {
      title: element.title,
      subtitle: element.subtitle,
      ...(element.image_url ? { imageUrl: element.image_url } : {}),
    };
    return {
      userId,
      fields: { kind: "request_user_info", requestInfo },
      // Zalo lists no `oa_send_*` name for this template; `oa_send_list` is the emulator's guess.
      echo: { eventName: "oa_send_list", message: { attachments: [{ type: "template", payload }] } },
    };
  }
  return invalidField("message.attachment.payload.template_type");
}
