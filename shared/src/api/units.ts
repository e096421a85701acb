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
});
export type Unit = z.infer<typeof unitSchema>;

export const unitListSchema = z.object({ items: z.array(unitSchema) });
export type UnitList = z.infer<typeof unitListSchema>;

export const UNITS_CSV_MAX_CHARS = 500_000;

/**
 * `POST /api/units/import` (admin): `code,name,kind[,parent_code,target_people_per_week]`, as exported from
 * Excel. All-or-nothing: any bad row → 400 `UNITS_CSV_INVALID` with `details: [{line, message}]`.
 */
export const importUnitsBodySchema = z.object({
  csv: z.string().min(1, "Tệp CSV trống.").max(UNITS_CSV_MAX_CHARS, "Tệp CSV quá lớn."),
  /** Parent of rows with an empty parent_code (e.g. the organisation root). */
  parentCode: unitCodeSchema.optional(),
});
export type ImportUnitsBody = z.input<typeof importUnitsBodySchema>;

export const unitImportErrorSchema = z.object({ line: z.number().int(), message: z.string() });
export const importUnitsResponseSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
});
export type ImportUnitsResponse = z.infer<typeof importUnitsResponseSchema>;

/** `PATCH /api/units/:code` (admin). */
export const updateUnitBodySchema = z
  .object({
    name: z.string().trim().min(1, "Vui lòng nhập tên đơn vị.").max(200, "Tên đơn vị dài quá 200 ký tự.").optional(),
    targetPeoplePerWeek: z
      .number()
      .int("Chỉ tiêu phải là số nguyên.")
      .min(0, "Chỉ tiêu không được âm.")
      .max(100_000, "Chỉ tiêu quá lớn.")
      .optional(),
  })
  .refine((body) => body.name !== undefined || body.targetPeoplePerWeek !== undefined, "Không có gì để cập nhật.");
export type UpdateUnitBody = z.input<typeof updateUnitBodySchema>;

export const unitCodeParamsSchema = z.object({ code: unitCodeSchema });
