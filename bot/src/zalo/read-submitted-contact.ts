import type { SharedContact } from "./contact-seal.ts";

/** Address parts are joined into one line for the volunteer; each part is cut to this, the line to twice that. */
const MAX_PART_CHARS = 120;

function text(value: unknown): string | null {
  if (typeof value === "number") return String(value);
  if (typeof value !== "string") return null;
  const trimmed = value.trim().replace(/\s+/g, " ");
  return trimmed === "" ? null : trimmed.slice(0, MAX_PART_CHARS);
}

/**
 * The phone number and address in a `user_submit_info` event's `info`, whichever shape Zalo sends (note §1.5:
 * UNCONFIRMED, so both are read): older integrations read a flat `info.phone, info.address, info.district,
 * info.city`; the 2026 documentation sample nests the address as `info.full_address{user_address, user_ward,
 * user_city}`. The phone is returned as sent (Zalo: "84…"); the conversation checks it is a Vietnamese mobile.
 */
export function readSubmittedContact(info: unknown): SharedContact {
  if (typeof info !== "object" || info === null) return { phone: null, address: null };
  const flat = info as Record<string, unknown>;
  const nested =
    typeof flat.full_address === "object" && flat.full_address !== null
      ? (flat.full_address as Record<string, unknown>)
      : null;
  const parts = nested
    ? [nested.user_address, nested.address, nested.user_ward, nested.user_district, nested.user_city]
    : [flat.address, flat.ward, flat.district, flat.city];
  const fromNested = nested ? null : text(flat.full_address);
  const address = [fromNested, ...parts.map(text)].filter((p): p is string => p !== null);
  return {
    phone: text(flat.phone) ?? text(flat.phone_number),
    address: address.length > 0 ? address.join(", ").slice(0, 2 * MAX_PART_CHARS) : null,
  };
}
