import type { Understanding } from "../understanding/candidate.ts";

/**
 * The neutral messages the conversation engine speaks. The engine never imports Zalo code: the Zalo converters
 * (`zalo/convert-zalo-event.ts` in, `zalo/convert-to-zalo-message.ts` out) translate at the boundary.
 */

export type AttachmentKind = "image" | "gif" | "video" | "audio" | "file" | "sticker" | "link" | "other";

export type InboundMessage = InboundMessageBody & {
  /**
   * The user's app-scoped id when the channel sent it (Zalo's `user_id_by_app`): claimed to equal the mini-app's
   * id of the same person (UNCONFIRMED), which links a member's mini-app account to their OA chat.
   */
  appUserId?: string;
};

type InboundMessageBody =
  | { kind: "follow"; userId: string; at: Date }
  | { kind: "unfollow"; userId: string; at: Date }
  /**
   * Typed text, or the payload of a tapped button (Zalo sends oa.query.* taps back as text). `understanding` is
   * added by the inbound job (the understanding module's candidates for this text); the engine never computes it.
   */
  | {
      kind: "text";
      userId: string;
      text: string;
      at: Date;
      maskedSensitive: boolean;
      understanding?: Understanding;
    }
  | { kind: "attachment"; userId: string; attachment: AttachmentKind; at: Date }
  | { kind: "location"; userId: string; latitude: number; longitude: number; at: Date }
  /**
   * The user shared their contact through the channel's own consent form (Zalo's request_user_info, answered by
   * user_submit_info). Either may be missing; the phone is as the channel gave it (Zalo: "84…"), not yet checked.
   */
  | { kind: "contact-shared"; userId: string; at: Date; phone: string | null; address: string | null }
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
  /**
   * Ask the user to share their contact through the channel's consent form (Zalo: a request_user_info card with
   * this title and subtitle). `text` is what the user reads if the channel cannot show the form.
   */
  requestContact?: { title: string; subtitle: string };
}
