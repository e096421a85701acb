import type { Config } from "../config.ts";

/**
 * Extension point: Zalo template messages (ZBS Template Message, formerly ZNS) for residents outside the 7-day
 * window. Off by default (`ZALO_TEMPLATE_MESSAGES=off`), and nothing in this build implements it.
 *
 * Why it is not simply on: a consultation message (what broadcasts and reminders send) needs an interaction in the
 * last 7 days, else Zalo answers -230/-232 (zalo-platform note §2.5). Template messages reach a resident by phone
 * number or OA user id without that window, but (note §4.3) they need a verified OA linked to a funded Zalo Cloud
 * Account, a template approved by Zalo for each notice type (free text is not allowed: only the template's
 * parameters vary), they cost money per message, the night rule (22:00–06:00, -133) may apply, and the 2026 ZBS
 * prices and limits are not confirmed. Each of these is a decision for the union, not for the code.
 *
 * How to plug one in:
 * 1. Implement `TemplateMessageChannel` in `bot/src/zalo/` (the only folder that knows Zalo's URLs and codes):
 *    `POST {ZNS host}/message/template` with `{phone, template_id, template_data, tracking_id}` or the UID variant
 *    `POST /v3.0/oa/message/template`, through the shared rate limiter and the OA token store, mapping its errors
 *    onto `ZaloPermanentError`/`ZaloTransientError` like the consultation send.
 * 2. Give it to the job context next to `zalo`, and in `broadcast.send-batch.ts`, where a recipient is skipped
 *    as "outside-window", call `channel.send(...)` when `templateMessagesEnabled(config)` and the broadcast names a
 *    template; record the result on the delivery as usual (SENT with the returned `msg_id`, FAILED with a reason).
 *    `tracking_id` = the delivery id makes the send traceable in Zalo's delivery webhook.
 * 3. Add `templateId` + parameters to the broadcast body schema (`shared/src/api/broadcasts.ts`) and show in the
 *    preview how many recipients would be reached by template and at what cost.
 */
export interface TemplateMessageChannel {
  /**
   * Sends one approved template. `trackingId` (≤ 48 characters) is echoed in Zalo's delivery event; use the
   * delivery or reminder id. Resolves with Zalo's `msg_id`; rejects with the Zalo error classes.
   */
  send(input: TemplateMessage): Promise<{ messageId: string }>;
}

export interface TemplateMessage {
  /** The resident's OA user id (UID channel) or phone number in 84xxxxxxxxx form (ZNS channel). */
  recipient: { oaUserId: string } | { phone: string };
  /** A template approved by Zalo for this OA. */
  templateId: string;
  /** Values for the template's parameters, by the names declared in the template. */
  templateData: Record<string, string>;
  trackingId: string;
}

/** Whether template messages may be used at all; false unless an administrator turned them on. */
export function templateMessagesEnabled(config: Pick<Config, "ZALO_TEMPLATE_MESSAGES">): boolean {
  return config.ZALO_TEMPLATE_MESSAGES;
}
