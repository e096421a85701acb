import { z } from "zod";
import { idSchema, isoDateTimeSchema, privacyWarningsSchema, unitCodeSchema } from "./common.ts";

/**
 * Broadcast notices: an admin writes a notice, picks an audience, previews who can be reached by an OA message,
 * then sends now, schedules it, or cancels it before it finishes.
 */

/** Zalo's limit for one consultation text (note §2.3a); a notice is one text message. */
export const BROADCAST_TEXT_MAX_CHARS = 2_000;
export const BROADCAST_TITLE_MAX_CHARS = 120;

export const broadcastAudienceSchema = z.object({
  /** `residents`: people who talk to the OA; `members`: union members (the notice also appears in their feed). */
  kind: z.enum(["residents", "members"]),
  /** Only people of these units; all units when absent or empty. */
  unitCodes: z.array(unitCodeSchema).max(200).optional(),
  /** Residents only: those who have not finished this checklist (e.g. "vneid"). */
  unfinishedChecklist: z.string().trim().min(1).max(64).optional(),
});
export type BroadcastAudience = z.infer<typeof broadcastAudienceSchema>;

export const createBroadcastBodySchema = z.object({
  title: z.string().trim().min(1, "Vui lòng nhập tiêu đề.").max(BROADCAST_TITLE_MAX_CHARS, "Tiêu đề quá dài."),
  text: z
    .string()
    .trim()
    .min(1, "Vui lòng nhập nội dung.")
    .max(BROADCAST_TEXT_MAX_CHARS, "Nội dung tối đa 2.000 ký tự (giới hạn của Zalo)."),
  imageUrl: z.url({ protocol: /^https?$/ }).optional(),
  linkUrl: z.url({ protocol: /^https?$/ }).optional(),
  audience: broadcastAudienceSchema,
  /** Absent: send now. A time during quiet hours waits for the morning unless `urgent`. */
  sendAt: isoDateTimeSchema.optional(),
  urgent: z.boolean().optional(),
});
export type CreateBroadcastBody = z.infer<typeof createBroadcastBodySchema>;

/** The new notice's id, and the secrets the privacy guard saw in its title, text or link (sent as written). */
export const createdBroadcastSchema = z.object({ id: z.string(), privacyWarnings: privacyWarningsSchema });
export type CreatedBroadcast = z.infer<typeof createdBroadcastSchema>;

export const previewBroadcastBodySchema = z.object({ audience: broadcastAudienceSchema });

/**
 * How many the audience holds, how many an OA message reaches free (within 48 hours of their last interaction)
 * or billed (48 hours to 7 days), and how many it cannot reach (note §2.5: the 7-day window). With
 * `paidMessages` false (PAID_MESSAGES=off, the default) the billed ones are left out: `unreachable.paidBand`.
 */
export const broadcastPreviewSchema = z.object({
  total: z.number().int(),
  /** Who will be sent to: `free`, plus `paid` when `paidMessages`. */
  reachable: z.number().int(),
  free: z.number().int(),
  paid: z.number().int(),
  paidMessages: z.boolean(),
  unreachable: z.object({
    outsideWindow: z.number().int(),
    optedOut: z.number().int(),
    unfollowed: z.number().int(),
    /** In the billed band while billed messages are off. */
    paidBand: z.number().int(),
  }),
  /**
   * The night-time pause (`QUIET_HOURS`, Vietnam time, e.g. 21:00–07:00): a notice that is not urgent and whose
   * time falls inside waits until `end`. null when there are no quiet hours.
   */
  quietHours: z.object({ start: z.string(), end: z.string() }).nullable(),
});
export type BroadcastPreview = z.infer<typeof broadcastPreviewSchema>;

export const BROADCAST_STATUSES = ["scheduled", "sending", "done", "cancelled"] as const;
export const broadcastStatusSchema = z.enum(BROADCAST_STATUSES);
export type BroadcastStatus = z.infer<typeof broadcastStatusSchema>;

export const broadcastCountsSchema = z.object({
  /** Not sent yet (waiting, or on its way to Zalo). */
  queued: z.number().int(),
  sent: z.number().int(),
  /** Zalo refused it (blocked, window closed…) or it kept failing. */
  failed: z.number().int(),
  /** Not attempted: unreachable by an OA message, opted out, or cancelled. */
  skipped: z.number().int(),
  /** Why the skipped ones were left out (`paidBand`: billed band while PAID_MESSAGES is off). */
  leftOut: z.object({
    paidBand: z.number().int(),
    outsideWindow: z.number().int(),
    optedOut: z.number().int(),
    unfollowed: z.number().int(),
    cancelled: z.number().int(),
  }),
  /** Sent ones by what they cost. */
  sentFree: z.number().int(),
  sentPaid: z.number().int(),
});

export const broadcastSchema = z.object({
  id: z.string(),
  title: z.string(),
  text: z.string(),
  imageUrl: z.string().nullable(),
  linkUrl: z.string().nullable(),
  audience: broadcastAudienceSchema,
  status: broadcastStatusSchema,
  urgent: z.boolean(),
  sendAt: isoDateTimeSchema,
  total: z.number().int(),
  counts: broadcastCountsSchema,
  /** Sends that were on the wire when a worker died and had to be repeated (Zalo has no idempotency key). */
  repeated: z.number().int(),
  createdAt: isoDateTimeSchema,
  startedAt: isoDateTimeSchema.nullable(),
  finishedAt: isoDateTimeSchema.nullable(),
});
export type Broadcast = z.infer<typeof broadcastSchema>;

export const broadcastSummarySchema = broadcastSchema.omit({
  text: true,
  imageUrl: true,
  linkUrl: true,
  counts: true,
  repeated: true,
});
export type BroadcastSummary = z.infer<typeof broadcastSummarySchema>;

export const listBroadcastsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** The `nextCursor` of the previous page. */
  cursor: idSchema.optional(),
});
export const broadcastListSchema = z.object({
  items: z.array(broadcastSummarySchema),
  nextCursor: z.string().nullable(),
});
export type BroadcastList = z.infer<typeof broadcastListSchema>;
