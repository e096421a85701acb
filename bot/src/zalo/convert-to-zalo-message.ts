import type { OutboundButton, OutboundMessage } from "../channel/messages.ts";
import { ZaloPermanentError } from "./zalo-errors.ts";

/** Zalo's limit for one consultation text: "Giới hạn tối đa là 2.000 ký tự" (note §2.3a). */
export const ZALO_TEXT_MAX_CHARS = 2_000;
/** The PHP SDK says "Only support 4 buttons/elements"; its README says 5 (note §2.4). Four is safe. */
export const ZALO_MAX_BUTTONS = 4;
/** Zalo documents no limit for a button title; keep it short enough for every validator we know of. */
export const ZALO_BUTTON_TITLE_MAX_CHARS = 100;
/** A text is required beside buttons; buttons beyond the fourth follow under this line. */
export const MORE_CHOICES_TEXT = "Thêm lựa chọn:";

/** A part of a boundary must be at least this share of the window, or the next finer boundary is tried. */
const MIN_PART_SHARE = 0.3;

export type ZaloButton =
  | { title: string; type: "oa.query.show"; payload: string }
  | { title: string; type: "oa.open.url"; payload: { url: string } }
  | { title: string; type: "oa.open.phone"; payload: { phone_code: string } };

export type ZaloTemplatePayload =
  | { buttons: ZaloButton[] }
  | { template_type: "media"; elements: [{ media_type: "image"; url: string }]; buttons?: ZaloButton[] };

/** The `message` object of a `/v3.0/oa/message/cs` request (the client adds `recipient`). */
export interface ZaloCsMessage {
  text?: string;
  attachment?: { type: "template"; payload: ZaloTemplatePayload };
}

/**
 * Neutral OutboundMessage → the Zalo consultation messages that carry it, in sending order:
 * the image first (media template), then the text in parts of at most 2,000 characters, the first four buttons
 * on the last part, and any further buttons in follow-up messages of four.
 */
export function convertToZaloMessage(message: OutboundMessage): ZaloCsMessage[] {
  const parts = splitZaloText(message.text);
  const buttonGroups = chunk((message.buttons ?? []).map(convertButton), ZALO_MAX_BUTTONS);
  if (parts.length === 0 && !message.imageUrl) {
    throw new ZaloPermanentError(-201, "invalid_payload", "outbound message has neither text nor image");
  }
  const out: ZaloCsMessage[] = [];
  if (message.imageUrl) {
    // With no text to hang the buttons on, the image carries the first group.
    const buttons = parts.length === 0 ? buttonGroups.shift() : undefined;
    out.push({
      attachment: {
        type: "template",
        payload: {
          template_type: "media",
          elements: [{ media_type: "image", url: message.imageUrl }],
          ...(buttons ? { buttons } : {}),
        },
      },
    });
  }
  parts.forEach((text, index) => {
    const buttons = index === parts.length - 1 ? buttonGroups.shift() : undefined;
    out.push(buttons ? withButtons(text, buttons) : { text });
  });
  for (const buttons of buttonGroups) out.push(withButtons(MORE_CHOICES_TEXT, buttons));
  return out;
}

/**
 * Splits a text into parts of at most `max` characters (code points, as Zalo counts them), cutting at the last
 * paragraph break, else line break, else sentence end, else space that leaves a part of reasonable size;
 * only a single unbroken run longer than `max` is cut mid-word.
 */
export function splitZaloText(text: string, max = ZALO_TEXT_MAX_CHARS): string[] {
  const parts: string[] = [];
  // NFC: Vietnamese typed as base letter + combining marks would otherwise count double and could be cut apart.
  let rest = text.normalize("NFC").trim();
  while (codePointLength(rest) > max) {
    const window = takeCodePoints(rest, max);
    const cut = findCut(window);
    parts.push(window.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== "") parts.push(rest);
  return parts;
}

/** Where to end the part taken from `window` (an index into it). */
function findCut(window: string): number {
  const min = Math.floor(window.length * MIN_PART_SHARE);
  const paragraph = window.lastIndexOf("\n\n");
  if (paragraph >= min && paragraph > 0) return paragraph;
  const line = window.lastIndexOf("\n");
  if (line >= min && line > 0) return line;
  let sentence = -1;
  for (const match of window.matchAll(/[.!?…]+["'”’)\]]*(?=\s)/g)) sentence = match.index + match[0].length;
  if (sentence >= min && sentence > 0) return sentence;
  const space = Math.max(window.lastIndexOf(" "), window.lastIndexOf("\t"));
  if (space > 0) return space;
  return window.length;
}

function convertButton(button: OutboundButton): ZaloButton {
  const title = takeCodePoints(button.title.trim(), ZALO_BUTTON_TITLE_MAX_CHARS);
  switch (button.kind) {
    case "reply":
      return { title, type: "oa.query.show", payload: button.payload };
    case "link":
      return { title, type: "oa.open.url", payload: { url: button.url } };
    case "phone":
      return { title, type: "oa.open.phone", payload: { phone_code: toZaloPhone(button.phone) } };
    default:
      return assertNever(button);
  }
}

/** Zalo writes phone numbers as 84xxxxxxxxx (note §2.4); accept 0xxx, +84xxx and spaced forms. */
export function toZaloPhone(phone: string): string {
  const digits = phone.replace(/[\s.()-]/g, "").replace(/^\+/, "");
  return digits.startsWith("0") ? `84${digits.slice(1)}` : digits;
}

function withButtons(text: string, buttons: ZaloButton[]): ZaloCsMessage {
  return { text, attachment: { type: "template", payload: { buttons } } };
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function takeCodePoints(text: string, count: number): string {
  let taken = 0;
  let end = 0;
  for (const ch of text) {
    if (taken === count) break;
    taken++;
    end += ch.length;
  }
  return text.slice(0, end);
}

function assertNever(value: never): never {
  throw new Error(`Unhandled button: ${JSON.stringify(value)}`);
}
