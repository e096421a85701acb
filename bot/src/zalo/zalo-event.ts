import { z } from "zod";

/**
 * Zalo webhook events, parsed tolerantly: only the envelope fields the product relies on are checked, and
 * unknown fields and event names pass through (zalo-platform.md marks several shapes as uncertain).
 */
const idSchema = z.union([z.string(), z.number()]).transform(String);

export const zaloEventSchema = z
  .object({
    app_id: idSchema.optional(),
    oa_id: idSchema.optional(),
    event_name: z.string().min(1),
    timestamp: idSchema,
    user_id_by_app: idSchema.optional(),
    sender: z.object({ id: idSchema }).partial().optional(),
    recipient: z.object({ id: idSchema }).partial().optional(),
    follower: z.object({ id: idSchema }).partial().optional(),
    user_id: idSchema.optional(),
    message: z
      .object({
        msg_id: idSchema.optional(),
        msg_ids: z.array(idSchema).optional(),
        text: z.string().optional(),
        attachments: z.array(z.object({ type: z.string(), payload: z.unknown().optional() }).loose()).optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

export type ZaloEvent = z.infer<typeof zaloEventSchema>;

export interface ZaloEventEnvelope {
  eventName: string;
  /** The resident's OA-scoped id, when the event concerns one. */
  oaUserId: string | null;
  /** Recognises Zalo's redeliveries: the message id, or event + user + timestamp for other kinds. */
  dedupKey: string;
  /** True for events a user caused (user_*, follow, unfollow); false for the OA's own sends and receipts. */
  fromUser: boolean;
}

/** Direction rule (zalo-platform.md §1.1): `user_*` events have sender = user; others have recipient = user. */
export function describeZaloEvent(event: ZaloEvent): ZaloEventEnvelope {
  const name = event.event_name;
  const fromUser = name.startsWith("user_") && name !== "user_received_message" && name !== "user_seen_message";
  const isFollow = name === "follow" || name === "unfollow";
  const oaUserId =
    (isFollow ? event.follower?.id : undefined) ??
    event.user_id ??
    (name.startsWith("user_") && fromUser ? event.sender?.id : event.recipient?.id) ??
    null;
  const msgId = event.message?.msg_id;
  const dedupKey = msgId ? `msg:${msgId}` : `evt:${name}:${oaUserId ?? "-"}:${event.timestamp}`;
  return { eventName: name, oaUserId, dedupKey, fromUser: fromUser || isFollow };
}
