import type { OutboundButton, OutboundMessage } from "../channel/messages.ts";
import { listNumberedChoices } from "../channel/numbered-choices.ts";
import { ZaloPermanentError } from "./zalo-errors.ts";

/** Zalo's limit for one consultation text: "Giới hạn tối đa là 2.000 ký tự" (note §2.3a). */
export const ZALO_TEXT_MAX_CHARS = 2_000;
/** The PHP SDK says "Only support 4 buttons/elements"; its README says 5 (note §2.4). Four is safe. */
export const ZALO_MAX_BUTTONS = 4;
/**
 * The only button-title limit Zalo documents is 35 characters (promotion buttons, note §2.4); no v3 consultation
 * limit is documented and tools cut at 20–35. Titles are cut at a word boundary with "…"; the payload a tap sends
 * back stays whole, so a shortened title still answers the question.
 */
export const ZALO_BUTTON_TITLE_MAX_CHARS = 35;
/** A text is required beside buttons; buttons beyond the fourth follow under this line. */
export const MORE_CHOICES_TEXT = "Thêm lựa chọn:";
/** Heads the numbered choices of a message sent as plain text because Zalo refused its buttons. */
export const NUMBERED_CHOICES_TEXT = "Nhắn số để chọn:";

/** A part of a boundary must be at least this share of the window, or the next finer boundary is tried. */
const MIN_PART_SHARE = 0.3;

export type ZaloButton =
  | { title: string; type: "oa.query.show"; payload: string }
  | { title: string; type: "oa.open.url"; payload: { url: string } }
  | { title: string; type: "oa.open.phone"; payload: { phone_code: string } };

export type ZaloTemplatePayload =
  | { buttons: ZaloButton[] }
  | { template_type: "request_user_info"; elements: [{ title: string; subtitle: string }] }
  | { template_type: "media"; elements: [{ media_type: "image"; url: string }]; buttons?: ZaloButton[] };

/** The `message` object of a `/v3.0/oa/message/cs` request (the client adds `recipient`). */
export interface ZaloCsMessage {
  text?: string;
  attachment?: { type: "template"; payload: ZaloTemplatePayload };
}

/** Which kind of Zalo message a part is: Zalo may refuse one kind (buttons on text) and accept the others. */
export type ZaloMessageShape = "text" | "text-buttons" | "media" | "media-buttons" | "request-user-info";

/** request_user_info limits (note §2.3f, gateway docs: M): title 100, subtitle 500 characters. */
export const ZALO_REQUEST_INFO_TITLE_MAX_CHARS = 100;
export const ZALO_REQUEST_INFO_SUBTITLE_MAX_CHARS = 500;

/** One Zalo send, and the plain-text messages that carry the same content if Zalo refuses its shape. */
export interface ZaloPart {
  shape: ZaloMessageShape;
  message: ZaloCsMessage;
  /** null for a plain text: there is nothing simpler to fall back to. */
  fallback: ZaloCsMessage[] | null;
}

/**
 * Neutral OutboundMessage → the Zalo consultation messages that carry it, in sending order:
 * the image first (media template), then the text in parts of at most 2,000 characters, the first four buttons
 * on the last part, and any further buttons in follow-up messages of four.
 */
export function convertToZaloMessage(message: OutboundMessage): ZaloCsMessage[] {
  return convertToZaloParts([message]).map((part) => part.message);
}

/**
 * The messages of one outbound row → Zalo parts, each with its plain-text fallback: the same content with the
 * quick-reply buttons as numbered lines ("1. Xong"), numbered across the whole row (see `listNumberedChoices`), and
 * links and phone numbers written out.
 */
export function convertToZaloParts(messages: readonly OutboundMessage[]): ZaloPart[] {
  const numbers: Numbering = {
    of: new Map(listNumberedChoices(messages).map((button, index) => [button, index + 1])),
    // Lines the texts already show (the menu lists its checklists as "1. …"): not repeated under "Nhắn số".
    listed: new Set(messages.flatMap((message) => message.text.split("\n").map((line) => line.trim()))),
  };
  return messages.flatMap((message) => convertOne(message, numbers));
}

interface Numbering {
  of: ReadonlyMap<OutboundButton, number>;
  listed: ReadonlySet<string>;
}

function convertOne(message: OutboundMessage, numbers: Numbering): ZaloPart[] {
  if (message.requestContact) {
    // Zalo's consent form (note §2.3f): the user taps to share their name, phone and address, answered later by a
    // user_submit_info event. If Zalo refuses the template, the text asks them to type instead.
    const { title, subtitle } = message.requestContact;
    const card: ZaloCsMessage = {
      attachment: {
        type: "template",
        payload: {
          template_type: "request_user_info",
          elements: [
            {
              title: takeCodePoints(title.trim(), ZALO_REQUEST_INFO_TITLE_MAX_CHARS),
              subtitle: takeCodePoints(subtitle.trim(), ZALO_REQUEST_INFO_SUBTITLE_MAX_CHARS),
            },
          ],
        },
      },
    };
    const fallback = splitZaloText(message.text).map((text) => ({ text }));
    return [{ shape: "request-user-info", message: card, fallback: fallback.length > 0 ? fallback : null }];
  }
  const parts = splitZaloText(message.text);
  const groups = chunk(message.buttons ?? [], ZALO_MAX_BUTTONS);
  if (parts.length === 0 && !message.imageUrl) {
    throw new ZaloPermanentError(-201, "invalid_payload", "outbound message has neither text nor image");
  }
  const out: ZaloPart[] = [];
  if (message.imageUrl) {
    // With no text to hang the buttons on, the image carries the first group.
    const buttons = parts.length === 0 ? groups.shift() : undefined;
    const media = (withButtonsToo?: ZaloButton[]): ZaloCsMessage => ({
      attachment: {
        type: "template",
        payload: {
          template_type: "media",
          elements: [{ media_type: "image", url: message.imageUrl ?? "" }],
          ...(withButtonsToo ? { buttons: withButtonsToo } : {}),
        },
      },
    });
    out.push(
      buttons
        ? {
            shape: "media-buttons",
            message: media(buttons.map(convertButton)),
            fallback: [media(), ...plainTexts(null, buttons, numbers)],
          }
        : { shape: "media", message: media(), fallback: null },
    );
  }
  parts.forEach((text, index) => {
    const buttons = index === parts.length - 1 ? groups.shift() : undefined;
    out.push(buttons ? textWithButtons(text, buttons, numbers) : { shape: "text", message: { text }, fallback: null });
  });
  for (const buttons of groups) out.push(textWithButtons(MORE_CHOICES_TEXT, buttons, numbers));
  return out;
}

function textWithButtons(text: string, buttons: OutboundButton[], numbers: Numbering): ZaloPart {
  return {
    shape: "text-buttons",
    message: withButtons(text, buttons.map(convertButton)),
    fallback: plainTexts(text, buttons, numbers),
  };
}

/**
 * `text` (if any) followed by the buttons as lines: "n. title" for quick replies (skipped when a text of the row
 * already shows that very line, as the menu does), "title: url" for links, "title: phone" for phone buttons.
 */
function plainTexts(text: string | null, buttons: OutboundButton[], numbers: Numbering): ZaloCsMessage[] {
  const choices: string[] = [];
  const others: string[] = [];
  for (const button of buttons) {
    const title = button.title.trim();
    if (button.kind === "reply") {
      const line = `${numbers.of.get(button) ?? "?"}. ${title}`;
      if (!numbers.listed.has(line)) choices.push(line);
    } else if (button.kind === "link") {
      others.push(`${title}: ${button.url}`);
    } else {
      others.push(`${title}: ${button.phone}`);
    }
  }
  const blocks = [
    ...(text ? [text] : []),
    ...(choices.length > 0 ? [`${NUMBERED_CHOICES_TEXT}\n${choices.join("\n")}`] : []),
    ...(others.length > 0 ? [others.join("\n")] : []),
  ];
  return splitZaloText(blocks.join("\n\n")).map((part) => ({ text: part }));
}

/** Cuts a title to `max` code points at a word boundary, marking the cut with "…". */
export function shortenButtonTitle(title: string, max = ZALO_BUTTON_TITLE_MAX_CHARS): string {
  const trimmed = title.trim().replace(/\s+/g, " ");
  if (codePointLength(trimmed) <= max) return trimmed;
  const room = takeCodePoints(trimmed, max - 1);
  const space = room.lastIndexOf(" ");
  // A single word longer than the limit is cut inside it: better than an empty title.
  const cut = space > 0 ? room.slice(0, space) : room;
  return `${cut.replace(/[\s,.;:–-]+$/u, "")}…`;
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
  const title = shortenButtonTitle(button.title);
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
