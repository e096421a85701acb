import { z } from "zod";
import {
  idSchema,
  isoDateSchema,
  isoDateTimeSchema,
  outcomeSchema,
  serviceCodeSchema,
  unitCodeSchema,
  unitRefSchema,
} from "./common.ts";

/** Own entries can be corrected for this long after they were first recorded. */
export const ASSISTANCE_LOG_EDIT_WINDOW_HOURS = 24;
/** An offline phone may hold entries for a while; older `happenedAt` values are refused. */
export const ASSISTANCE_LOG_MAX_AGE_DAYS = 60;
export const ASSISTANCE_LOG_MAX_PEOPLE = 500;
export const ASSISTANCE_LOG_MAX_MINUTES = 24 * 60;
export const ASSISTANCE_LOG_NOTE_MAX_CHARS = 500;

const fields = {
  /** When it happened (the phone's clock, with offset). Not in the future, not older than 60 days. */
  happenedAt: isoDateTimeSchema.refine((value) => {
    const at = Date.parse(value);
    const now = Date.now();
    // A few minutes of slack for phone clocks that run fast.
    return at <= now + 10 * 60_000 && at >= now - ASSISTANCE_LOG_MAX_AGE_DAYS * 86_400_000;
  }, `Thời gian hỗ trợ phải trong vòng ${ASSISTANCE_LOG_MAX_AGE_DAYS} ngày qua và không ở tương lai.`),
  services: z
    .array(serviceCodeSchema, { error: "Vui lòng chọn dịch vụ đã hỗ trợ." })
    .min(1, "Vui lòng chọn ít nhất một dịch vụ.")
    .max(7)
    .transform((services) => [...new Set(services)]),
  people: z
    .number({ error: "Số người được hỗ trợ phải là số." })
    .int("Số người phải là số nguyên.")
    .min(1, "Số người được hỗ trợ ít nhất là 1.")
    .max(ASSISTANCE_LOG_MAX_PEOPLE, `Số người tối đa ${ASSISTANCE_LOG_MAX_PEOPLE}.`),
  minutes: z
    .number({ error: "Số phút phải là số." })
    .int("Số phút phải là số nguyên.")
    .min(1, "Số phút ít nhất là 1.")
    .max(ASSISTANCE_LOG_MAX_MINUTES, "Số phút quá lớn."),
  hamlet: z.string().trim().min(1, "Vui lòng nhập thôn/xóm.").max(100, "Tên thôn/xóm dài quá 100 ký tự."),
  outcome: outcomeSchema,
  /** Never an ID number, OTP or password: the server masks those (privacy guard) before storing. */
  note: z
    .string()
    .trim()
    .max(ASSISTANCE_LOG_NOTE_MAX_CHARS, `Ghi chú dài quá ${ASSISTANCE_LOG_NOTE_MAX_CHARS} ký tự.`)
    .optional(),
  helpRequestId: idSchema.optional(),
  /** The registration day it was given at (bulk logging from the event page): its units must include the member's. */
  eventId: idSchema.optional(),
};

/**
 * `POST /api/assistance-logs`. `clientId` is generated on the phone (a UUID) when the member taps "Lưu", before any
 * network: sending the same entry again (offline queue, flaky network) returns the first record with 200 instead
 * of creating a second one (201).
 */
export const createAssistanceLogBodySchema = z.object({
  clientId: z
    .string()
    .trim()
    .min(8, "Mã bản ghi không hợp lệ.")
    .max(64, "Mã bản ghi không hợp lệ.")
    .regex(/^[A-Za-z0-9_-]+$/, "Mã bản ghi không hợp lệ."),
  ...fields,
});
export type CreateAssistanceLogBody = z.input<typeof createAssistanceLogBodySchema>;

/** `PATCH /api/assistance-logs/:id`: the author, within 24 hours of recording. `note: null` clears the note. */
export const updateAssistanceLogBodySchema = z
  .object({
    happenedAt: fields.happenedAt.optional(),
    services: fields.services.optional(),
    people: fields.people.optional(),
    minutes: fields.minutes.optional(),
    hamlet: fields.hamlet.optional(),
    outcome: fields.outcome.optional(),
    note: fields.note.nullable(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), "Không có gì để cập nhật.");
export type UpdateAssistanceLogBody = z.input<typeof updateAssistanceLogBodySchema>;

export const assistanceLogSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  member: z.object({ id: z.string(), name: z.string() }),
  unit: unitRefSchema,
  happenedAt: isoDateTimeSchema,
  services: z.array(serviceCodeSchema),
  people: z.number().int(),
  minutes: z.number().int(),
  hamlet: z.string(),
  outcome: outcomeSchema,
  note: z.string().nullable(),
  helpRequestId: z.string().nullable(),
  eventId: z.string().nullable(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
  /** Until when the author may still correct it. */
  editableUntil: isoDateTimeSchema,
});
export type AssistanceLog = z.infer<typeof assistanceLogSchema>;

/**
 * Filters shared by the list and the exports. `from`/`to` are calendar days in Asia/Ho_Chi_Minh, both inclusive,
 * on `happenedAt`. `unitCode` includes the unit's sub-units. `mine=true` keeps only the caller's own entries.
 * A member sees only their own entries; a unit lead their unit's; an admin everything.
 */
export const assistanceLogFilterSchema = z.object({
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  unitCode: unitCodeSchema.optional(),
  mine: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
});
export type AssistanceLogFilter = z.input<typeof assistanceLogFilterSchema>;

export const listAssistanceLogsQuerySchema = assistanceLogFilterSchema.extend({
  /** `nextCursor` from the previous page. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListAssistanceLogsQuery = z.input<typeof listAssistanceLogsQuerySchema>;

/** Newest first (by happenedAt, then id). */
export const assistanceLogPageSchema = z.object({
  items: z.array(assistanceLogSchema),
  nextCursor: z.string().nullable(),
});
export type AssistanceLogPage = z.infer<typeof assistanceLogPageSchema>;
