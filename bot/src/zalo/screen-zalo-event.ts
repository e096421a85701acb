import type { ZaloEvent } from "./zalo-event.ts";

/**
 * Zalo retries a delivery after 30 s, 5 min, 15 min, 30 min and 1 h, then disables the webhook
 * (zalo-platform.md §1.2). Read as successive waits (the later of the two readings), the last genuine
 * redelivery of an event arrives 1 h 50 min 30 s after its `timestamp`. Half an hour more allows for Zalo's
 * clock and ours disagreeing and for a slow last attempt. Anything older is not a redelivery but a replay.
 */
export const ZALO_LAST_RETRY_AFTER_MS = (30 + 5 * 60 + 15 * 60 + 30 * 60 + 60 * 60) * 1000;
export const CLOCK_SKEW_ALLOWANCE_MS = 30 * 60 * 1000;
export const REDELIVERY_HORIZON_MS = ZALO_LAST_RETRY_AFTER_MS + CLOCK_SKEW_ALLOWANCE_MS;

export type EventRefusal =
  | { reason: "other-app"; field: "app_id" }
  | { reason: "other-oa"; field: "oa_id" | "recipient.id" | "sender.id" }
  | { reason: "beyond-redelivery-horizon"; ageMs: number };

export interface EventAudience {
  appId: string;
  oaId: string;
}

/**
 * Decides, from the event alone and the configuration (no I/O: the webhook's per-event cost stays a signature and
 * one insert), whether a signed event is one the product must act on. Returns why not, or null.
 *
 * Which field carries our id (zalo-platform.md §1.1): `app_id` on every event (H); `recipient.id` = OA on the
 * `user_*` events a resident causes (H); `sender.id` = OA on the OA's own `oa_send_*` echoes (M–H); `oa_id` on
 * follow/unfollow and the flat `user_click_chatnow` (M). Receipts are not checked by sender/recipient: a ZNS
 * receipt's recipient is a phone number (§4.3). A field that is absent is accepted: the notes do not promise it
 * on every event, and the signature already ties the body to our app and OA secret.
 */
export function screenZaloEvent(event: ZaloEvent, audience: EventAudience, nowMs: number): EventRefusal | null {
  if (event.app_id !== undefined && event.app_id !== audience.appId) return { reason: "other-app", field: "app_id" };
  if (event.oa_id !== undefined && event.oa_id !== audience.oaId) return { reason: "other-oa", field: "oa_id" };
  const name = event.event_name;
  const isReceipt = name === "user_received_message" || name === "user_seen_message";
  if (name.startsWith("user_") && !isReceipt) {
    const recipient = event.recipient?.id;
    if (recipient !== undefined && recipient !== audience.oaId) return { reason: "other-oa", field: "recipient.id" };
  } else if (name.startsWith("oa_send_")) {
    const sender = event.sender?.id;
    if (sender !== undefined && sender !== audience.oaId) return { reason: "other-oa", field: "sender.id" };
  }
  const sentAt = Number(event.timestamp);
  // A timestamp that is not a number is left to the worker (which ignores the event): it is not evidence of a replay.
  if (Number.isFinite(sentAt) && nowMs - sentAt > REDELIVERY_HORIZON_MS) {
    return { reason: "beyond-redelivery-horizon", ageMs: nowMs - sentAt };
  }
  return null;
}
