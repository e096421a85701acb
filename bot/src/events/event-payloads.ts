import { canonicalText } from "@xks/shared/text/fold-vietnamese";

/**
 * What the announcement's and reminders' buttons send back. Zalo returns a tapped `oa.query.show` button as the
 * resident's own text, shown in the chat, so the payload reads as a sentence: "Đăng ký tham gia buổi 12" (the
 * event's short `code`). It is read on the canonical text, so the same words typed by hand work too. Typed words
 * without a number ("đăng ký", "hủy đăng ký") are read by `conversation/event-signup.ts`, which finds the event from
 * the resident's unit.
 */

export type EventAction = "register" | "cancel" | "remind";

export const EVENT_BUTTON_TITLES = {
  register: "Đăng ký tham gia",
  remind: "Nhắc tôi",
  cancel: "Hủy đăng ký",
} as const;

const SENTENCES: Record<EventAction, string> = {
  register: "Đăng ký tham gia buổi",
  remind: "Nhắc tôi buổi",
  cancel: "Hủy đăng ký buổi",
};

/** e.g. "Đăng ký tham gia buổi 12". */
export function eventPayload(action: EventAction, eventCode: number): string {
  return `${SENTENCES[action]} ${eventCode}`;
}

const PAYLOAD = /^(huy dang ky|dang ky tham gia|dang ky|nhac toi)(?: buoi| so)? (\d{1,9})$/;

/** Reads a tapped button's payload (or the same words typed); null when the text is not one. */
export function parseEventPayload(text: string): { action: EventAction; eventCode: number } | null {
  const match = PAYLOAD.exec(canonicalText(text));
  if (!match?.[1] || !match[2]) return null;
  const action: EventAction = match[1] === "huy dang ky" ? "cancel" : match[1] === "nhac toi" ? "remind" : "register";
  return { action, eventCode: Number(match[2]) };
}
