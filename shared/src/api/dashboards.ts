import { z } from "zod";
import { isoDateSchema, isoDateTimeSchema, serviceCodeSchema, unitRefSchema } from "./common.ts";
import { helpResponseTimesSchema } from "./help-response-times.ts";

/** Weeks run Monday 00:00 to Sunday 24:00 in Asia/Ho_Chi_Minh; `weekStart` is that Monday's date. */
export const DASHBOARD_TREND_WEEKS = 8;

export const totalsSchema = z.object({
  /** Assistance entries. */
  logs: z.number().int(),
  /** People helped. */
  people: z.number().int(),
  minutes: z.number().int(),
});
export type Totals = z.infer<typeof totalsSchema>;

export const weekPointSchema = totalsSchema.extend({ weekStart: isoDateSchema });
export type WeekPoint = z.infer<typeof weekPointSchema>;

export const serviceCountSchema = z.object({
  service: serviceCodeSchema,
  /** Entries that included this service. */
  logs: z.number().int(),
  people: z.number().int(),
});
export type ServiceCount = z.infer<typeof serviceCountSchema>;

/** `GET /api/dashboard/me`: the member's own numbers. */
export const memberDashboardSchema = z.object({
  weekStart: isoDateSchema,
  thisWeek: totalsSchema,
  allTime: totalsSchema,
  byService: z.array(serviceCountSchema),
  trend: z.array(weekPointSchema),
  /** Help requests the member claimed and has not completed yet. */
  openClaims: z.number().int(),
});
export type MemberDashboard = z.infer<typeof memberDashboardSchema>;

/** The unit dashboard's default page of members: what a phone shows before "Xem thêm". */
export const UNIT_MEMBERS_PAGE = 50;
export const UNIT_MEMBERS_PAGE_MAX = 500;

/** `GET /api/dashboard/unit/:code` query: one page of the unit's members. */
export const unitDashboardQuerySchema = z.object({
  membersOffset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  membersLimit: z.coerce.number().int().min(1).max(UNIT_MEMBERS_PAGE_MAX).default(UNIT_MEMBERS_PAGE),
});
export type UnitDashboardQuery = z.infer<typeof unitDashboardQuerySchema>;

/** `GET /api/dashboard/unit/:code`: the unit (with its sub-units) against its weekly target. */
export const unitDashboardSchema = z.object({
  unit: unitRefSchema.extend({ targetPeoplePerWeek: z.number().int() }),
  weekStart: isoDateSchema,
  thisWeek: totalsSchema,
  /** people this week / target (0 when the unit has no target); may exceed 1. */
  progress: z.number(),
  /**
   * One page of the unit's active members (see the query), most people helped this week first, then entries, then
   * name in Vietnamese order: a commune has tens, the whole organisation tens of thousands.
   */
  members: z.array(z.object({ id: z.string(), name: z.string(), logs: z.number().int(), people: z.number().int() })),
  /** How many active members the unit (with its sub-units) has in all. */
  membersTotal: z.number().int(),
  byService: z.array(serviceCountSchema),
  trend: z.array(weekPointSchema),
  helpRequests: z.object({ open: z.number().int(), claimed: z.number().int(), doneThisWeek: z.number().int() }),
  pendingMembers: z.number().int(),
});
export type UnitDashboard = z.infer<typeof unitDashboardSchema>;

export const rankedUnitSchema = unitRefSchema.extend({
  rank: z.number().int(),
  targetPeoplePerWeek: z.number().int(),
  thisWeek: totalsSchema,
  progress: z.number(),
  activeMembers: z.number().int(),
  /**
   * Set when `unitsSearch` matched only the name of a unit merged into this one ("Xã Hoằng Đạo" for Xã Hoằng Hóa),
   * so the row can say why it is shown.
   */
  matchedFormerName: z.string().optional(),
});
export type RankedUnit = z.infer<typeof rankedUnitSchema>;

export const checklistStepStatsSchema = z.object({
  stepId: z.string(),
  /** The step's title in the checklist file; the id for a step that no longer exists. */
  title: z.string(),
  /** Residents who reached the step. */
  entered: z.number().int(),
  done: z.number().int(),
  stuck: z.number().int(),
  help: z.number().int(),
  /**
   * Share of the visits to this step that went no further (0–1): no step it leads to (the next one, a chosen
   * answer's, its troubleshooting tips) was entered as often. 0 for a final step and for steps no longer in the file.
   */
  dropOff: z.number(),
});
export const checklistStatsSchema = z.object({
  checklistId: z.string(),
  /** The checklist's title as residents see it on the menu; the id for a checklist that no longer exists. */
  title: z.string(),
  started: z.number().int(),
  completed: z.number().int(),
  inProgress: z.number().int(),
  abandoned: z.number().int(),
  /** completed / started (0–1). */
  completionRate: z.number(),
  /** In the checklist's own order; steps from older versions, no longer in the file, last. */
  steps: z.array(checklistStepStatsSchema),
});
export type ChecklistStats = z.infer<typeof checklistStatsSchema>;

/** Days of OA messages shown on the organisation dashboard. */
export const MESSAGING_DAYS = 14;

/**
 * OA messages sent per local day, by what they cost: free within 48 hours of the resident's last interaction,
 * paid (billed by Zalo) from 48 hours to 7 days. Price and allowance are the configuration's, not Zalo's figures.
 */
export const messagingStatsSchema = z.object({
  /** The last MESSAGING_DAYS local days, oldest first, including empty ones. */
  days: z.array(z.object({ date: isoDateSchema, free: z.number().int(), paid: z.number().int() })),
  paidThisMonth: z.number().int(),
  /** PAID_MESSAGES: whether reminders and broadcasts may send billed messages. */
  paidMessages: z.boolean(),
  paidPriceVnd: z.number().int(),
  paidMonthlyAllowance: z.number().int(),
});
export type MessagingStats = z.infer<typeof messagingStatsSchema>;

/** The ranking's default page: what a phone shows before "Xem thêm". */
export const ORGANISATION_UNITS_PAGE = 50;
export const ORGANISATION_UNITS_PAGE_MAX = 500;

/**
 * `GET /api/dashboard/organisation` query: one page of the unit ranking (a province has thousands of units), optionally
 * only the units whose name or code contains `unitsSearch` (with or without diacritics), or that a unit of that
 * name was merged into (the row's `matchedFormerName` says so). Ranks stay organisation-wide.
 */
export const organisationDashboardQuerySchema = z.object({
  unitsOffset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  unitsLimit: z.coerce.number().int().min(1).max(ORGANISATION_UNITS_PAGE_MAX).default(ORGANISATION_UNITS_PAGE),
  unitsSearch: z.string().trim().max(100).optional(),
});
export type OrganisationDashboardQuery = z.infer<typeof organisationDashboardQuerySchema>;

/** `GET /api/dashboard/organisation` (admin): units ranked by progress this week, then people helped. */
export const organisationDashboardSchema = z.object({
  weekStart: isoDateSchema,
  thisWeek: totalsSchema,
  allTime: totalsSchema,
  /** One page of the ranking (see the query); `rank` is the place among all the organisation's units. */
  units: z.array(rankedUnitSchema),
  /** How many units the ranking (after `unitsSearch`) holds in all. */
  unitsTotal: z.number().int(),
  byService: z.array(serviceCountSchema),
  trend: z.array(weekPointSchema),
  checklists: z.array(checklistStatsSchema),
  members: z.object({ active: z.number().int(), pending: z.number().int() }),
  helpRequests: z.object({ open: z.number().int(), claimed: z.number().int(), done: z.number().int() }),
  messages: messagingStatsSchema,
});
export type OrganisationDashboard = z.infer<typeof organisationDashboardSchema>;

export const ALERT_KINDS = [
  "TOKEN_REFRESH_FAILED",
  "HELP_ESCALATED",
  "ZALO_MESSAGE_DOWNGRADED",
  "WEBHOOK_SIGNATURE_FAILING",
  "ZALO_BILLING_REFUSED",
] as const;
export const alertSchema = z.object({
  id: z.string(),
  kind: z.enum(ALERT_KINDS),
  message: z.string(),
  unit: unitRefSchema.nullable(),
  createdAt: isoDateTimeSchema,
  resolvedAt: isoDateTimeSchema.nullable(),
});
export type Alert = z.infer<typeof alertSchema>;

/** `GET /api/alerts?resolved=false` (unit lead: their unit's; admin: all). `POST /api/alerts/:id/resolve`. */
export const listAlertsQuerySchema = z.object({
  resolved: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
});
export const alertListSchema = z.object({ items: z.array(alertSchema) });
export type AlertList = z.infer<typeof alertListSchema>;

/**
 * What the dashboard routes answer: the dashboard service's figures plus the help requests' response times
 * (`bot/src/services/help-response-times.ts`, added at the route).
 */
export const unitDashboardResponseSchema = unitDashboardSchema.extend({ responseTimes: helpResponseTimesSchema });
export type UnitDashboardResponse = z.infer<typeof unitDashboardResponseSchema>;
export const organisationDashboardResponseSchema = organisationDashboardSchema.extend({
  responseTimes: helpResponseTimesSchema,
});
export type OrganisationDashboardResponse = z.infer<typeof organisationDashboardResponseSchema>;
