import { z } from "zod";
import { unitCodeSchema, unitKindSchema } from "./common.ts";

/**
 * `GET /api/units`: the whole organisation tree as a flat list in depth-first order (parents before children,
 * siblings by name), so a picker can indent by `depth` and a tree can be rebuilt from `parentCode`.
 */
export const unitSchema = z.object({
  code: z.string(),
  name: z.string(),
  kind: unitKindSchema,
  parentCode: z.string().nullable(),
  depth: z.number().int(),
  /** Chỉ tiêu: people to help per week. */
  targetPeoplePerWeek: z.number().int(),
  /** Dissolved without successor: not offered to residents or in forms. */
  retired: z.boolean(),
  /** The unit it was merged into (the 2025 mergers), or null. A merged unit is kept for history only. */
  mergedIntoCode: z.string().nullable(),
  /**
   * Names of the units merged into this one, directly or through a chain (Xã Hoằng Hóa: "Xã Hoằng Đạo", …), so a
   * picker finds it by a name people still use (see `searchUnits` in `@xks/shared/text/unit-search`).
   */
  formerNames: z.array(z.string()),
});
export type Unit = z.infer<typeof unitSchema>;

export const unitListSchema = z.object({ items: z.array(unitSchema) });
export type UnitList = z.infer<typeof unitListSchema>;

/**
 * `GET /api/units?include=`: `active` (default; what forms and pickers offer) leaves out merged and retired units;
 * `all` (organisation admins) lists them too, for the units admin screen.
 */
export const unitListQuerySchema = z.object({
  include: z.enum(["active", "all"], { message: "include phải là active hoặc all." }).default("active"),
});
export type UnitListQuery = z.input<typeof unitListQuerySchema>;

export const UNITS_CSV_MAX_CHARS = 500_000;

/**
 * `POST /api/units/import` (admin): `code,name,kind[,parent_code,target_people_per_week,merged_into,retired]`, as
 * exported from Excel. All-or-nothing: any bad row → 400 `UNITS_CSV_INVALID` with `details: [{line, code, message}]`
 * (codes such as UNIT_MERGE_TARGET_UNKNOWN, UNIT_MERGE_CYCLE, UNIT_MERGE_INTO_RETIRED).
 */
export const importUnitsBodySchema = z.object({
  csv: z.string().min(1, "Tệp CSV trống.").max(UNITS_CSV_MAX_CHARS, "Tệp CSV quá lớn."),
  /** Parent of rows with an empty parent_code (e.g. the organisation root). */
  parentCode: unitCodeSchema.optional(),
});
export type ImportUnitsBody = z.input<typeof importUnitsBodySchema>;

export const unitImportErrorSchema = z.object({ line: z.number().int(), code: z.string(), message: z.string() });
export const importUnitsResponseSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  /** Units merged by this import. */
  merged: z.number().int(),
  /** Units newly retired by this import. */
  retired: z.number().int(),
});
export type ImportUnitsResponse = z.infer<typeof importUnitsResponseSchema>;

/**
 * `PATCH /api/units/:code` (admin): rename, set the weekly target, re-parent (`parentCode`, null = a root) or
 * retire / bring back (`retired`). Every change is written to the audit log.
 */
export const updateUnitBodySchema = z
  .object({
    name: z.string().trim().min(1, "Vui lòng nhập tên đơn vị.").max(200, "Tên đơn vị dài quá 200 ký tự.").optional(),
    targetPeoplePerWeek: z
      .number()
      .int("Chỉ tiêu phải là số nguyên.")
      .min(0, "Chỉ tiêu không được âm.")
      .max(100_000, "Chỉ tiêu quá lớn.")
      .optional(),
    parentCode: unitCodeSchema.nullable().optional(),
    retired: z.boolean().optional(),
  })
  .refine(
    (body) =>
      body.name !== undefined ||
      body.targetPeoplePerWeek !== undefined ||
      body.parentCode !== undefined ||
      body.retired !== undefined,
    "Không có gì để cập nhật.",
  );
export type UpdateUnitBody = z.input<typeof updateUnitBodySchema>;

export const unitCodeParamsSchema = z.object({ code: unitCodeSchema });

/**
 * `POST /api/units/:code/merge` (admin): merge the unit into an active unit. Residents, members, open help
 * requests, sub-units and the weekly target move to it; assistance logs stay for history and count under it.
 * Cannot be undone.
 */
export const mergeUnitBodySchema = z.object({ intoCode: unitCodeSchema });
export type MergeUnitBody = z.input<typeof mergeUnitBodySchema>;

export const mergeUnitResponseSchema = z.object({
  unit: unitSchema,
  successor: unitSchema,
  moved: z.object({
    residents: z.number().int(),
    members: z.number().int(),
    openHelpRequests: z.number().int(),
    childUnits: z.number().int(),
    targetPeoplePerWeek: z.number().int(),
  }),
});
export type MergeUnitResponse = z.infer<typeof mergeUnitResponseSchema>;
