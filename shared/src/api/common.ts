import { z } from "zod";
import { OUTCOMES, SERVICE_CODES } from "../labels.ts";
import { SENSITIVE_KINDS } from "../privacy/redact-sensitive.ts";

/**
 * Building blocks of the mini-app API shared by the server (route schemas, /docs) and the mini-app (types, forms).
 * Dates travel as ISO 8601 strings; every error is `{ code, message, details? }` with a Vietnamese `message`.
 */

export {
  OUTCOME_LABELS,
  OUTCOMES,
  type Outcome,
  SERVICE_CODES,
  SERVICE_LABELS,
  type ServiceCode,
} from "../labels.ts";

export const serviceCodeSchema = z.enum(SERVICE_CODES);
export const outcomeSchema = z.enum(OUTCOMES);

export const MEMBER_ROLES = ["MEMBER", "UNIT_LEAD", "ORG_ADMIN"] as const;
export const memberRoleSchema = z.enum(MEMBER_ROLES);
export type MemberRole = z.infer<typeof memberRoleSchema>;

export const MEMBER_STATUSES = ["PENDING", "ACTIVE", "REMOVED"] as const;
export const memberStatusSchema = z.enum(MEMBER_STATUSES);
export type MemberStatus = z.infer<typeof memberStatusSchema>;

export const UNIT_KINDS = ["ORGANISATION", "TOWN", "COMMUNE", "SCHOOL", "AGENCY", "OTHER"] as const;
export const unitKindSchema = z.enum(UNIT_KINDS);
export type UnitKind = z.infer<typeof unitKindSchema>;

/** Every non-2xx answer. `code` is stable for programs; `message` is plain Vietnamese for people. */
export const apiErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/** Stable error codes the mini-app may branch on (others are possible; show `message`). */
export const API_ERROR_CODES = {
  invalidInput: "INVALID_INPUT",
  unauthenticated: "UNAUTHENTICATED",
  forbidden: "FORBIDDEN",
  notFound: "NOT_FOUND",
  conflict: "CONFLICT",
  notRegistered: "NOT_REGISTERED",
  memberPending: "MEMBER_PENDING",
  memberRemoved: "MEMBER_REMOVED",
  alreadyRegistered: "ALREADY_REGISTERED",
  editWindowClosed: "EDIT_WINDOW_CLOSED",
  zaloTokenInvalid: "ZALO_TOKEN_INVALID",
  phoneTokenInvalid: "PHONE_TOKEN_INVALID",
  upstreamUnavailable: "UPSTREAM_UNAVAILABLE",
} as const;

/** An instant with its offset, e.g. "2026-03-02T08:30:00+07:00" or "2026-03-02T01:30:00.000Z". */
export const isoDateTimeSchema = z.iso.datetime({ offset: true });
/** A calendar day, read in the organisation's time zone (Asia/Ho_Chi_Minh). */
export const isoDateSchema = z.iso.date();

export const idSchema = z.string().min(1).max(64);
export const idParamsSchema = z.object({ id: idSchema });

/** Unit codes as in the units CSV ("HOANG_DAO"); matched case-insensitively. */
export const unitCodeSchema = z
  .string()
  .trim()
  .min(1, "Vui lòng chọn đơn vị.")
  .max(50, "Mã đơn vị quá dài.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "Mã đơn vị không hợp lệ.")
  .toUpperCase();

export const unitRefSchema = z.object({ code: z.string(), name: z.string() });
export type UnitRef = z.infer<typeof unitRefSchema>;

export const okSchema = z.object({ ok: z.literal(true) });

/**
 * The query of a short-lived signed download link (`?exp=…&m=…&sig=…`): exports and QR posters. A plain GET URL
 * with no Authorization header, because Zalo's webview and the SDK's `downloadFile` cannot send one and may not save
 * a blob. An expired or altered link, or one signed for something else, is refused with 403 and a code of its kind
 * (`EXPORT_LINK_EXPIRED` / `EXPORT_LINK_INVALID`, `QR_LINK_EXPIRED` / `QR_LINK_INVALID`).
 */
export const signedLinkQuerySchema = z.object({
  /** Expiry, milliseconds since the epoch. */
  exp: z.coerce.number().int().positive(),
  /** The member the link was signed for. */
  m: z.string().min(1).max(64),
  sig: z.string().regex(/^[\w-]{43}$/, "chữ ký không hợp lệ"),
});
export type SignedLinkQuery = z.infer<typeof signedLinkQuerySchema>;

/** A signed link as the API hands it out: a path on the API (prefix it with the API's base URL) and its expiry. */
export const signedLinkSchema = z.object({ url: z.string(), expiresAt: isoDateTimeSchema });

/**
 * Kinds of secret (ID number, card, OTP, password) the privacy guard sees in text an admin wrote. Such text is
 * saved as written (it is theirs to correct) and the answer carries this warning for the mini-app to show.
 */
export const privacyWarningsSchema = z.array(z.enum(SENSITIVE_KINDS));
