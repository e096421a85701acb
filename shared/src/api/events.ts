import { z } from "zod";
import { isoDateTimeSchema, privacyWarningsSchema, unitCodeSchema, unitRefSchema } from "./common.ts";

/**
 * Registration days (issue 12): an admin or unit lead creates an event for units in their scope; residents of those
 * units sign up on the OA and are reminded; at the event members check them in and log the help given.
 */

export const EVENT_TITLE_MAX_CHARS = 120;
export const EVENT_TEXT_MAX_CHARS = 500;
export const EVENT_MAX_CAPACITY = 5_000;
export const EVENT_MAX_UNITS = 50;
/** An event lasts at most this long (a registration day, not a campaign). */
export const EVENT_MAX_DURATION_HOURS = 24;

/** Stable codes of the refusals the mini-app may branch on (the message says it in Vietnamese). */
export const EVENT_ERROR_CODES = {
  inPast: "EVENT_IN_PAST",
  endsBeforeStart: "EVENT_ENDS_BEFORE_START",
  tooLong: "EVENT_TOO_LONG",
  unitOutOfScope: "EVENT_UNIT_OUT_OF_SCOPE",
  unitNotFound: "UNIT_NOT_FOUND",
  unitInactive: "UNIT_INACTIVE",
  cancelled: "EVENT_CANCELLED",
  capacityBelowRegistered: "EVENT_CAPACITY_BELOW_REGISTERED",
  notFound: "EVENT_NOT_FOUND",
  registrationNotFound: "REGISTRATION_NOT_FOUND",
} as const;

const text = (max: number, tooLong: string) => z.string().trim().max(max, tooLong);

export const createEventBodySchema = z.object({
  title: text(EVENT_TITLE_MAX_CHARS, "Tên sự kiện quá dài.").min(1, "Vui lòng nhập tên sự kiện."),
  /** What to bring, e.g. "Căn cước gắn chip, điện thoại có SIM chính chủ". */
  bring: text(EVENT_TEXT_MAX_CHARS, "Phần “cần mang theo” quá dài.").default(""),
  place: text(EVENT_TEXT_MAX_CHARS, "Địa điểm quá dài.").min(1, "Vui lòng nhập địa điểm."),
  startsAt: isoDateTimeSchema,
  endsAt: isoDateTimeSchema,
  capacity: z
    .number({ error: "Số chỗ phải là số." })
    .int("Số chỗ phải là số nguyên.")
    .min(1, "Số chỗ ít nhất là 1.")
    .max(EVENT_MAX_CAPACITY, `Số chỗ tối đa ${EVENT_MAX_CAPACITY}.`),
  /** Who it is held with, e.g. "Công an xã". */
  organisedWith: text(EVENT_TITLE_MAX_CHARS, "Tên đơn vị phối hợp quá dài.").default(""),
  unitCodes: z
    .array(unitCodeSchema)
    .min(1, "Vui lòng chọn ít nhất một đơn vị.")
    .max(EVENT_MAX_UNITS, `Tối đa ${EVENT_MAX_UNITS} đơn vị.`)
    .transform((codes) => [...new Set(codes)]),
  /** Announce it at once to the units' residents in the reply window (default true). */
  announce: z.boolean().default(true),
});
export type CreateEventBody = z.input<typeof createEventBodySchema>;

/** Any of the fields; the same rules apply to the result. Units cannot change once residents may have signed up. */
export const updateEventBodySchema = z
  .object({
    title: createEventBodySchema.shape.title.optional(),
    bring: text(EVENT_TEXT_MAX_CHARS, "Phần “cần mang theo” quá dài.").optional(),
    place: createEventBodySchema.shape.place.optional(),
    startsAt: isoDateTimeSchema.optional(),
    endsAt: isoDateTimeSchema.optional(),
    capacity: createEventBodySchema.shape.capacity.optional(),
    organisedWith: text(EVENT_TITLE_MAX_CHARS, "Tên đơn vị phối hợp quá dài.").optional(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), "Không có gì để cập nhật.");
export type UpdateEventBody = z.input<typeof updateEventBodySchema>;

export const EVENT_STATUSES = ["OPEN", "CANCELLED"] as const;

export const eventCountsSchema = z.object({
  registered: z.number().int(),
  checkedIn: z.number().int(),
  /** Residents who asked only to be reminded ("Nhắc tôi"). */
  remindOnly: z.number().int(),
  cancelled: z.number().int(),
  /** People counted in the event's assistance logs. */
  peopleHelped: z.number().int(),
  /** Level-2 e-ID (VNeID) activations logged at the event: people of its VNEID logs with outcome DONE. */
  vneidActivations: z.number().int(),
});
export type EventCounts = z.infer<typeof eventCountsSchema>;

export const eventSchema = z.object({
  id: z.string(),
  title: z.string(),
  bring: z.string(),
  place: z.string(),
  startsAt: isoDateTimeSchema,
  endsAt: isoDateTimeSchema,
  capacity: z.number().int(),
  organisedWith: z.string(),
  status: z.enum(EVENT_STATUSES),
  units: z.array(unitRefSchema),
  /** Whether the caller may edit or cancel it (created within their scope). */
  editable: z.boolean(),
  announced: z.boolean(),
  counts: eventCountsSchema,
  createdAt: isoDateTimeSchema,
});
export type RegistrationEvent = z.infer<typeof eventSchema>;

/** What creating or editing answers: the event, and what the privacy guard saw in its texts (saved as written). */
export const savedEventSchema = eventSchema.extend({ privacyWarnings: privacyWarningsSchema });
export type SavedRegistrationEvent = z.infer<typeof savedEventSchema>;

export const eventListSchema = z.object({ items: z.array(eventSchema) });
export type EventList = z.infer<typeof eventListSchema>;

export const listEventsQuerySchema = z.object({
  /** `upcoming` (default): not ended yet; `past`: ended; `all`. */
  when: z.enum(["upcoming", "past", "all"]).default("upcoming"),
});

/** A resident signed up for the event, as members see it at the door: no more than the name Zalo shows. */
export const eventRegistrationSchema = z.object({
  id: z.string(),
  number: z.number().int().nullable(),
  /** The resident's Zalo display name when known; the number alone otherwise. */
  displayName: z.string().nullable(),
  status: z.enum(["REGISTERED", "CANCELLED", "REMIND_ONLY"]),
  registeredAt: isoDateTimeSchema,
  checkedInAt: isoDateTimeSchema.nullable(),
});
export type EventRegistration = z.infer<typeof eventRegistrationSchema>;

export const eventRegistrationListSchema = z.object({ items: z.array(eventRegistrationSchema) });
export type EventRegistrationList = z.infer<typeof eventRegistrationListSchema>;

/** `q`: part of the display name (with or without diacritics) or the sign-up number ("12", "số 12", "#12"). */
export const searchRegistrationsQuerySchema = z.object({
  q: z.string().trim().max(100, "Từ khóa quá dài.").default(""),
});

export const eventIdParamsSchema = z.object({ id: z.string().min(1).max(64) });
export const registrationParamsSchema = z.object({
  id: z.string().min(1).max(64),
  registrationId: z.string().min(1).max(64),
});

/** The check-in's answer: the registration, and whether this call checked them in (false: already checked in). */
export const checkInResponseSchema = z.object({ registration: eventRegistrationSchema, checkedInNow: z.boolean() });
export type CheckInResponse = z.infer<typeof checkInResponseSchema>;
