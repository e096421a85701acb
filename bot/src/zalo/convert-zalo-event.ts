import type { AttachmentKind, InboundMessage } from "../channel/messages.ts";
import type { ContactSeal } from "./contact-seal.ts";
import { describeZaloEvent, type ZaloEvent, zaloEventSchema } from "./zalo-event.ts";

/** Zalo's attachment event names and the neutral kind each becomes. */
const ATTACHMENT_EVENTS: Readonly<Record<string, AttachmentKind>> = {
  user_send_image: "image",
  user_send_gif: "gif",
  user_send_video: "video",
  user_send_audio: "audio",
  user_send_file: "file",
  user_send_sticker: "sticker",
  user_send_link: "link",
  user_send_business_card: "other",
};

/**
 * Translates a stored Zalo event (already masked by the webhook's privacy guard) into the neutral message the
 * conversation engine speaks. Returns null for events that are not a resident talking to us (the OA's own sends,
 * receipts, tags, reactions, event names we do not know): the caller logs and ignores them.
 */
export function convertZaloEvent(payload: unknown, options: { seal?: ContactSeal } = {}): InboundMessage | null {
  const parsed = zaloEventSchema.safeParse(payload);
  if (!parsed.success) return null;
  const message = convertParsedEvent(parsed.data, payload, options);
  const appUserId = parsed.data.user_id_by_app;
  return message && appUserId ? { ...message, appUserId } : message;
}

function convertParsedEvent(
  event: ZaloEvent,
  payload: unknown,
  options: { seal?: ContactSeal },
): InboundMessage | null {
  const { eventName, oaUserId, fromUser } = describeZaloEvent(event);
  if (!fromUser || !oaUserId) return null;
  const at = new Date(Number(event.timestamp));
  if (Number.isNaN(at.getTime())) return null;
  const userId = oaUserId;

  switch (eventName) {
    case "follow":
      return { kind: "follow", userId, at };
    case "unfollow":
      return { kind: "unfollow", userId, at };
    case "user_click_chatnow":
      return { kind: "open-chat", userId, at };
    case "user_submit_info": {
      // The webhook sealed what was shared (redact-zalo-event.ts); nothing readable is left in the payload.
      const sealed = (payload as { info?: { sealed?: unknown } }).info?.sealed;
      const contact = typeof sealed === "string" && options.seal ? options.seal.open(sealed) : null;
      return { kind: "contact-shared", userId, at, phone: contact?.phone ?? null, address: contact?.address ?? null };
    }
    case "user_send_text": {
      const text = event.message?.text?.trim() ?? "";
      if (text === "") return null;
      return { kind: "text", userId, text, at, maskedSensitive: wasMasked(payload) };
    }
    case "user_send_location": {
      const coordinates = readCoordinates(event.message?.attachments?.[0]?.payload);
      return coordinates
        ? { kind: "location", userId, at, ...coordinates }
        : { kind: "attachment", userId, attachment: "other", at };
    }
    default: {
      const attachment = ATTACHMENT_EVENTS[eventName];
      return attachment ? { kind: "attachment", userId, attachment, at } : null;
    }
  }
}

/** The webhook adds `privacy.masked` (the kinds, never the values) when it hid something in the text. */
function wasMasked(payload: unknown): boolean {
  const privacy = (payload as { privacy?: { masked?: unknown } } | null)?.privacy;
  return Array.isArray(privacy?.masked) && privacy.masked.length > 0;
}

/** Coordinates may arrive as numbers or strings (zalo-platform.md §1.5). */
function readCoordinates(payload: unknown): { latitude: number; longitude: number } | null {
  const coordinates = (payload as { coordinates?: { latitude?: unknown; longitude?: unknown } } | undefined)
    ?.coordinates;
  const latitude = Number(coordinates?.latitude);
  const longitude = Number(coordinates?.longitude);
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || coordinates?.latitude === undefined) return null;
  return { latitude, longitude };
}
