import { z } from "zod";
import { isoDateSchema, isoDateTimeSchema, serviceCodeSchema, unitRefSchema } from "./common.ts";

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

/** `GET /api/dashboard/unit/:code`: the unit (with its sub-units) against its weekly target. */
export const unitDashboardSchema = z.object({
  unit: unitRefSchema.extend({ targetPeoplePerWeek: z.number().int() }),
  weekStart: isoDateSchema,
  thisWeek: totalsSchema,
  /** people this week / target (0 when the unit has no target); may exceed 1. */
  progress: z.number(),
  members: z.array(z.object({ id: z.string(), name: z.string(), logs: z.number().int(), people: z.number().int() })),
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

/** `GET /api/dashboard/organisation` (admin): every unit ranked by progress this week, then people helped. */
export const organisationDashboardSchema = z.object({
  weekStart: isoDateSchema,
  thisWeek: totalsSchema,
  allTime: totalsSchema,
  units: z.array(rankedUnitSchema),
  byService: z.array(serviceCountSchema),
  trend: z.array(weekPointSchema),
  checklists: z.array(checklistStatsSchema),
  members: z.object({ active: z.number().int(), pending: z.number().int() }),
  helpRequests: z.object({ open: z.number().int(), claimed: z.number().int(), done: z.number().int() }),
});
export type OrganisationDashboard = z.infer<typeof organisationDashboardSchema>;

export const ALERT_KINDS = ["TOKEN_REFRESH_FAILED", "HELP_ESCALATED"] as const;
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
