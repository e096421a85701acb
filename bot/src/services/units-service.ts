import type { Unit as UnitDto, UpdateUnitBody } from "@xks/shared/api/units";
import type { MemberWithUnit } from "../auth/request-auth.ts";
import type { PrismaClient } from "../db.ts";
import { InvalidInputError, NotFoundError } from "../errors.ts";
import { importUnitsCsv } from "../units/import-units-csv.ts";
import { writeAuditLog } from "./audit-log.ts";

/** The tree in depth-first order, siblings by name, with each unit's depth and parent code. */
export async function listUnitTree(prisma: PrismaClient): Promise<UnitDto[]> {
  const units = await prisma.unit.findMany({ orderBy: { name: "asc" } });
  const byId = new Map(units.map((u) => [u.id, u]));
  const childrenOf = new Map<string | null, typeof units>();
  for (const unit of units) {
    // A dangling parent id (should not happen) shows the unit as a root rather than hiding it.
    const parentKey = unit.parentId && byId.has(unit.parentId) ? unit.parentId : null;
    const list = childrenOf.get(parentKey) ?? [];
    list.push(unit);
    childrenOf.set(parentKey, list);
  }
  const result: UnitDto[] = [];
  const seen = new Set<string>();
  const visit = (parentId: string | null, depth: number) => {
    for (const unit of childrenOf.get(parentId) ?? []) {
      if (seen.has(unit.id)) continue;
      seen.add(unit.id);
      result.push({
        code: unit.code,
        name: unit.name,
        kind: unit.kind,
        parentCode: unit.parentId ? (byId.get(unit.parentId)?.code ?? null) : null,
        depth,
        targetPeoplePerWeek: unit.targetPeoplePerWeek,
      });
      visit(unit.id, depth + 1);
    }
  };
  visit(null, 0);
  return result;
}

export class UnitsCsvInvalidError extends InvalidInputError {
  constructor(errors: { line: number; message: string }[]) {
    super(
      `Tệp CSV có ${errors.length} lỗi, chưa có gì được thay đổi. Vui lòng sửa và tải lại.`,
      "UNITS_CSV_INVALID",
      errors,
    );
  }
}

export async function importUnits(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  csv: string,
  parentCode: string | undefined,
): Promise<{ created: number; updated: number }> {
  const result = await importUnitsCsv(prisma, csv, parentCode ? { parentCode } : {});
  if (result.errors.length > 0) throw new UnitsCsvInvalidError(result.errors);
  await writeAuditLog(prisma, {
    actorId: actor.id,
    action: "unit.import",
    targetType: "Unit",
    details: { created: result.created, updated: result.updated, parentCode: parentCode ?? null },
  });
  return { created: result.created, updated: result.updated };
}

export async function updateUnit(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  code: string,
  body: UpdateUnitBody,
): Promise<UnitDto> {
  const unit = await prisma.unit.findUnique({ where: { code } });
  if (!unit) throw new NotFoundError(`Không tìm thấy đơn vị ${code}.`, "UNIT_NOT_FOUND");
  await prisma.$transaction(async (tx) => {
    await tx.unit.update({
      where: { id: unit.id },
      data: {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.targetPeoplePerWeek !== undefined ? { targetPeoplePerWeek: body.targetPeoplePerWeek } : {}),
      },
    });
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "unit.update",
      targetType: "Unit",
      targetId: unit.id,
      details: {
        code,
        before: { name: unit.name, targetPeoplePerWeek: unit.targetPeoplePerWeek },
        after: { ...body },
      },
    });
  });
  const tree = await listUnitTree(prisma);
  const updated = tree.find((u) => u.code === code);
  if (!updated) throw new NotFoundError(`Không tìm thấy đơn vị ${code}.`, "UNIT_NOT_FOUND");
  return updated;
}
