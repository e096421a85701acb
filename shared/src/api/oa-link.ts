import { z } from "zod";
import { isoDateTimeSchema } from "./common.ts";

/**
 * A member's link to the OA, so that new help requests of their unit reach them as OA messages.
 * `GET /api/me/oa-link`: the state. `POST /api/me/oa-link`: a one-time code to send in the OA chat (the mini-app
 * opens the chat with `message` typed in). `DELETE /api/me/oa-link`: unlink (OA messages stop).
 */
export const oaLinkStatusSchema = z.object({
  linked: z.boolean(),
  linkedAt: isoDateTimeSchema.nullable(),
  /**
   * Until when the OA may message this member (Zalo: 48 hours after the member's last message to the OA, 7 days
   * when billed messages are on); past it, new requests reach them only in the mini-app until they write to the OA
   * again. null when not linked or when the member never wrote to the OA.
   */
  oaMessagesUntil: isoDateTimeSchema.nullable(),
  /** Whether that time is still ahead, on the server's clock. */
  oaMessagesOpen: z.boolean(),
  /**
   * The server's QUIET_HOURS (Vietnam-time "HH:MM" bounds): a notice written in them is sent when they end; the
   * request is in the mini-app at once. null: notices go out at any hour.
   */
  quietHours: z.object({ start: z.string(), end: z.string() }).nullable(),
  /** The OA to open the chat with. */
  oaId: z.string(),
});
export type OaLinkStatus = z.infer<typeof oaLinkStatusSchema>;

export const oaLinkCodeSchema = z.object({
  code: z.string(),
  /** What to send in the OA chat, e.g. "LIENKET KMPQRT". */
  message: z.string(),
  expiresAt: isoDateTimeSchema,
  oaId: z.string(),
});
export type OaLinkCode = z.infer<typeof oaLinkCodeSchema>;
