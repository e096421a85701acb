import { z } from "zod";
import { HELP_CANCEL_REASONS, HELP_EVENT_KINDS, MEMBER_CANCEL_REASONS } from "../labels.ts";
import { SERVICE_CODES } from "../services.ts";
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
  /**
   * The resident's Zalo display name and hamlet/address: only for members whose scope includes the request's unit
   * (anyone else never gets the request at all). The phone, of those, only for the member who claimed the request
   * and for leads and admins. Null when not given, not yours to see, or erased after the retention period.
   */
  residentName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  /** The resident left a phone number that this caller does not see yet (it shows to the member who claims). */
  contactPhoneAfterClaim: z.boolean(),
  contactAddress: z.string().nullable(),
  /** The services the assistance log is prefilled with (from the topic's checklist); may be empty. */
  services: z.array(z.enum(SERVICE_CODES)),
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
  /** `true`: only the requests the caller has claimed (any status). */
  mine: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
  unitCode: z.string().trim().toUpperCase().max(50).optional(),
});
export type ListHelpRequestsQuery = z.input<typeof listHelpRequestsQuerySchema>;

export const helpRequestListSchema = z.object({ items: z.array(helpRequestSchema) });
export type HelpRequestList = z.infer<typeof helpRequestListSchema>;

export const helpRequestIdParamsSchema = z.object({ id: idSchema });

// ---- the workflow ----------------------------------------------------------------------------------------------

// The kinds, reasons and their labels live in the zod-free `labels.ts` (the mini-app's help screen imports them).
export {
  HELP_CANCEL_REASON_LABELS,
  HELP_CANCEL_REASONS,
  HELP_EVENT_KINDS,
  HELP_EVENT_LABELS,
  type HelpCancelReason,
  type HelpEventKind,
  MEMBER_CANCEL_REASONS,
  type MemberCancelReason,
} from "../labels.ts";
export const helpCancelReasonSchema = z.enum(HELP_CANCEL_REASONS);

const memberRefSchema = z.object({ id: z.string(), name: z.string() });

export const helpRequestEventSchema = z.object({
  id: z.string(),
  kind: z.enum(HELP_EVENT_KINDS),
  at: isoDateTimeSchema,
  /** Who did it; null for the resident (CREATED) or the system. */
  actor: memberRefSchema.nullable(),
  toMember: memberRefSchema.nullable(),
  fromUnit: unitRefSchema.nullable(),
  toUnit: unitRefSchema.nullable(),
  reason: helpCancelReasonSchema.nullable(),
});
export type HelpRequestEvent = z.infer<typeof helpRequestEventSchema>;

/** `GET /api/help-requests/:id`: the request, its history (oldest first), and whether it was logged already. */
export const helpRequestDetailSchema = helpRequestSchema.extend({
  events: z.array(helpRequestEventSchema),
  /** The assistance log written for this request, if any: the work counts once. */
  assistanceLogId: z.string().nullable(),
});
export type HelpRequestDetail = z.infer<typeof helpRequestDetailSchema>;

/** `POST /api/help-requests/:id/hand-over`: give it to another active member of the unit. */
export const handOverHelpRequestBodySchema = z.object({ memberId: idSchema });
export type HandOverHelpRequestBody = z.infer<typeof handOverHelpRequestBodySchema>;

/**
 * `POST /api/help-requests/:id/cancel`: close it with a reason. WRONG_UNIT does not close it: it moves to
 * `unitCode` (required then), opens there, and that unit's members are told.
 */
export const cancelHelpRequestBodySchema = z
  .object({
    reason: z.enum(MEMBER_CANCEL_REASONS),
    unitCode: z.string().trim().toUpperCase().min(1).max(50).optional(),
  })
  .refine((body) => body.reason !== "WRONG_UNIT" || body.unitCode !== undefined, {
    message: "Chọn đơn vị đúng của người dân.",
    path: ["unitCode"],
  });
export type CancelHelpRequestBody = z.infer<typeof cancelHelpRequestBodySchema>;

/** `GET /api/help-requests/counts`: the badge. `open`: waiting in the caller's own unit; `mine`: claimed by them. */
export const helpRequestCountsSchema = z.object({ open: z.number().int(), mine: z.number().int() });
export type HelpRequestCounts = z.infer<typeof helpRequestCountsSchema>;

/** `GET /api/help-requests/:id/colleagues`: who it can be handed to (active members of its unit). */
export const helpColleagueListSchema = z.object({ items: z.array(memberRefSchema) });
export type HelpColleagueList = z.infer<typeof helpColleagueListSchema>;

/** The stable codes of the workflow's refusals (409 unless noted). */
export const HELP_ERROR_CODES = {
  notOpen: "HELP_REQUEST_NOT_OPEN",
  notClaimed: "HELP_REQUEST_NOT_CLAIMED",
  closed: "HELP_REQUEST_CLOSED",
  /** Someone else changed it between the read and the write (two taps at once): reload. */
  changed: "HELP_REQUEST_CHANGED",
  /** 403: a member acting on a request another member claimed. */
  notYours: "HELP_REQUEST_NOT_YOURS",
  /** 400: the member to hand it to is not an active member of the unit. */
  badHandOverTarget: "HELP_HANDOVER_TARGET_INVALID",
  /** 400: moved to the unit it is already in, or to a retired unit. */
  badMoveTarget: "HELP_MOVE_TARGET_INVALID",
  /** 409 on POST /api/assistance-logs: another assistance log already counts this request. */
  alreadyLogged: "HELP_REQUEST_ALREADY_LOGGED",
} as const;

// ---- the resident's one-tap rating ---------------------------------------------------------------------------
//
// When a member completes a request, the OA asks the resident to rate it with reply buttons. Zalo sends a tapped
// reply button back as if the resident typed its payload, so the chatbot recognises the text below. Both sides
// (the API that sends the buttons and the conversation engine that reads the taps) use these two functions.

export const HELP_RATING_MIN = 1;
export const HELP_RATING_MAX = 5;

/**
 * What a rating button sends: "Đánh giá 5 sao". Zalo shows the tapped payload in the chat as the resident's own
 * message, so it reads as a sentence and carries no id; the rating goes to the resident's latest completed request.
 */
export function helpRatingPayload(score: number): string {
  return `Đánh giá ${score} sao`;
}

/** Typed or tapped: "đánh giá 4 sao", "danh gia 4 sao a". */
const RATING_SENTENCE = /^\s*(?:danh gia|đánh giá)\s+([1-5])\s*(?:sao)\b[\s.!]*(?:a|ạ|nhe|nhé)?[\s.!]*$/iu;
/** The earlier payload, still on the buttons of completion messages sent before: `danh gia <helpRequestId> <1-5>`. */
const RATING_WITH_ID = /^\s*(?:danh gia|đánh giá)\s+([A-Za-z0-9_-]{1,64})\s+([1-5])\s*$/iu;

/**
 * Reads a rating tap (also accepts the diacritic spelling); null when the text is not one. `helpRequestId` is null
 * for the sentence form: the resident's latest completed request is meant.
 */
export function parseHelpRatingPayload(text: string): { helpRequestId: string | null; score: number } | null {
  const normalized = text.normalize("NFC");
  const sentence = RATING_SENTENCE.exec(normalized);
  if (sentence?.[1]) return { helpRequestId: null, score: Number(sentence[1]) };
  const match = RATING_WITH_ID.exec(normalized);
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
