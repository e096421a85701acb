/**
 * The neutral messages the conversation engine speaks. The engine never imports Zalo code: the Zalo converters
 * (`zalo/convert-zalo-event.ts` in, `zalo/convert-to-zalo-message.ts` out) translate at the boundary.
 */

export type AttachmentKind = "image" | "gif" | "video" | "audio" | "file" | "sticker" | "link" | "other";

export type InboundMessage =
  | { kind: "follow"; userId: string; at: Date }
  | { kind: "unfollow"; userId: string; at: Date }
  /** Typed text, or the payload of a tapped button (Zalo sends oa.query.* taps back as text). */
  | { kind: "text"; userId: string; text: string; at: Date; maskedSensitive: boolean }
  | { kind: "attachment"; userId: string; attachment: AttachmentKind; at: Date }
  | { kind: "location"; userId: string; latitude: number; longitude: number; at: Date }
  /** The user opened the chat (e.g. tapped "Nhắn tin" on the OA profile). */
  | { kind: "open-chat"; userId: string; at: Date };

/** A button that sends `payload` back as if the user typed it. */
export interface QuickReplyButton {
  kind: "reply";
  title: string;
  payload: string;
}
export interface LinkButton {
  kind: "link";
  title: string;
  url: string;
}
export interface PhoneButton {
  kind: "phone";
  title: string;
  phone: string;
}
export type OutboundButton = QuickReplyButton | LinkButton | PhoneButton;

export interface OutboundMessage {
  text: string;
  /** At most MAX_BUTTONS_PER_MESSAGE; the adapter splits longer lists across messages. */
  buttons?: OutboundButton[];
  imageUrl?: string;
}
