import { z } from "zod";
import { idSchema, isoDateTimeSchema, unitRefSchema } from "./common.ts";

export const HELP_STATUSES = ["OPEN", "CLAIMED", "DONE", "CANCELLED"] as const;
export const helpStatusSchema = z.enum(HELP_STATUSES);
export type HelpStatus = z.infer<typeof helpStatusSchema>;

export const HELP_STATUS_LABELS: Record<HelpStatus, string> = {
  OPEN: "Đang chờ",
  CLAIMED: "Đã nhận",
  DONE: "Đã xong",
  CANCELLED: "Đã hủy",
};

export const helpRequestSchema = z.object({
  id: z.string(),
  unit: unitRefSchema,
  topic: z.string(),
  preferredTime: z.string(),
  note: z.string().nullable(),
  status: helpStatusSchema,
  residentName: z.string().nullable(),
  claimedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  claimedAt: isoDateTimeSchema.nullable(),
  doneAt: isoDateTimeSchema.nullable(),
  /** 1–5 from the resident's one-tap rating after completion. */
  rating: z.number().int().nullable(),
  escalationLevel: z.number().int(),
  createdAt: isoDateTimeSchema,
});
export type HelpRequest = z.infer<typeof helpRequestSchema>;

/**
 * `GET /api/help-requests?status=`: the unit's inbox (a member's and a unit lead's own unit and its sub-units; an
 * admin sees all, or one unit with `unitCode`). Oldest open first.
 */
export const listHelpRequestsQuerySchema = z.object({
  status: helpStatusSchema.optional(),
  unitCode: z.string().trim().toUpperCase().max(50).optional(),
});
export type ListHelpRequestsQuery = z.input<typeof listHelpRequestsQuerySchema>;

export const helpRequestListSchema = z.object({ items: z.array(helpRequestSchema) });
export type HelpRequestList = z.infer<typeof helpRequestListSchema>;

export const helpRequestIdParamsSchema = z.object({ id: idSchema });

// ---- the resident's one-tap rating ---------------------------------------------------------------------------
//
// When a member completes a request, the OA asks the resident to rate it with reply buttons. Zalo sends a tapped
// reply button back as if the resident typed its payload, so the chatbot recognises the text below. Both sides
// (the API that sends the buttons and the conversation engine that reads the taps) use these two functions.

export const HELP_RATING_MIN = 1;
export const HELP_RATING_MAX = 5;

/** `danh gia <helpRequestId> <1-5>`, e.g. "danh gia clx2abc 5". */
export function helpRatingPayload(helpRequestId: string, score: number): string {
  return `danh gia ${helpRequestId} ${score}`;
}

const RATING_PAYLOAD = /^\s*(?:danh gia|đánh giá)\s+([A-Za-z0-9_-]{1,64})\s+([1-5])\s*$/iu;

/** Reads a rating tap (also accepts the diacritic spelling); null when the text is not one. */
export function parseHelpRatingPayload(text: string): { helpRequestId: string; score: number } | null {
  const match = RATING_PAYLOAD.exec(text.normalize("NFC"));
  if (!match?.[1] || !match[2]) return null;
  return { helpRequestId: match[1], score: Number(match[2]) };
}

/** Button titles for the rating message, best first (Zalo shows at most 5 buttons). */
export const HELP_RATING_BUTTON_TITLES: Record<number, string> = {
  5: "⭐⭐⭐⭐⭐ Rất tốt",
  4: "⭐⭐⭐⭐ Tốt",
  3: "⭐⭐⭐ Bình thường",
  2: "⭐⭐ Chưa tốt",
  1: "⭐ Không hài lòng",
};
