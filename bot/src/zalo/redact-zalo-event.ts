import { redactSensitive } from "@xks/shared/privacy/redact-sensitive";
import type { Prisma } from "../generated/prisma/client.ts";
import type { ContactSeal } from "./contact-seal.ts";
import { readSubmittedContact } from "./read-submitted-contact.ts";
import type { ZaloEvent } from "./zalo-event.ts";

/**
 * About 1 km: two decimal places of latitude are 1.1 km, of longitude at Vietnam's latitudes about 1 km. Enough to
 * tell which commune a resident is in, not which house.
 */
export const STORED_LOCATION_DECIMALS = 2;

function roundCoordinate(value: unknown): number | null {
  const number = Number(value);
  if (value === undefined || value === null || value === "" || !Number.isFinite(number)) return null;
  const factor = 10 ** STORED_LOCATION_DECIMALS;
  return Math.round(number * factor) / factor;
}

/** A location attachment keeps its coordinates, rounded; every other attachment keeps only its type. */
function redactAttachment(attachment: { type: string; payload?: unknown }): Prisma.InputJsonObject {
  if (attachment.type !== "location") return { type: attachment.type };
  const coordinates = (attachment.payload as { coordinates?: { latitude?: unknown; longitude?: unknown } } | undefined)
    ?.coordinates;
  const latitude = roundCoordinate(coordinates?.latitude);
  const longitude = roundCoordinate(coordinates?.longitude);
  if (latitude === null || longitude === null) return { type: attachment.type };
  return { type: attachment.type, payload: { coordinates: { latitude, longitude } } };
}

/**
 * What of a Zalo event the durable inbox keeps (Decree 13/2023: no more than the purpose needs):
 * - a text event's text, through the privacy guard (ID numbers, OTPs, passwords, cards masked), with the kinds
 *   masked in `privacy.masked`, and likewise an `oa_send_text` echo's (the worker compares it with what the product
 *   sent, to tell a staff member's answer from its own); other events lose their text (a caption or a link's URL
 *   is never read);
 * - attachments only their type: no image, file, sticker or link URLs (a photo of an ID card stays with Zalo), no
 *   link titles or descriptions; a location its coordinates rounded to about 1 km;
 * - a `user_submit_info` answer only its field names, and the phone and address the resident agreed to share for
 *   their help request sealed (`contact-seal.ts`: unreadable without SESSION_SECRET) for the worker, which moves
 *   them to the help request and removes the sealed value; the name, birthday and gender are never kept.
 * The envelope (ids, event name, timestamp) is kept: the worker needs it, and it identifies the resident no more
 * than the row's own `oaUserId` does.
 */
export function redactZaloEvent(event: ZaloEvent, options: { seal?: ContactSeal } = {}): Prisma.InputJsonObject {
  const { info, message, ...rest } = event as ZaloEvent & { info?: unknown };
  const stored: Record<string, Prisma.InputJsonValue | null | undefined> = { ...(rest as Prisma.InputJsonObject) };
  if (info !== undefined) {
    const fields = typeof info === "object" && info !== null ? Object.keys(info) : [];
    const contact = event.event_name === "user_submit_info" ? readSubmittedContact(info) : null;
    const shared = contact && (contact.phone !== null || contact.address !== null);
    stored.info = shared && options.seal ? { fields, sealed: options.seal.seal(contact) } : { fields };
  }
  if (message === undefined) return stored;

  const { text, attachments, ...envelope } = message;
  const kept: Record<string, Prisma.InputJsonValue | null | undefined> = { ...(envelope as Prisma.InputJsonObject) };
  // Zalo's own link previews and quoted messages may carry another user's text or a URL: not needed either.
  delete kept.url;
  delete kept.thumbnail;
  delete kept.description;
  if (attachments !== undefined) kept.attachments = attachments.map(redactAttachment);
  // A staff member's answer typed in Zalo's OA chat (`oa_send_text`) is free text too, and may repeat what the
  // resident told them.
  if (text !== undefined && (event.event_name === "user_send_text" || event.event_name === "oa_send_text")) {
    const { text: masked, found } = redactSensitive(text);
    kept.text = masked;
    if (found.length > 0) stored.privacy = { masked: found };
  }
  stored.message = kept;
  return stored;
}
