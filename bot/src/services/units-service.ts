import type { MergeUnitResponse, Unit as UnitDto, UpdateUnitBody } from "@xks/shared/api/units";
import type { MemberWithUnit } from "../auth/request-auth.ts";
import type { PrismaClient } from "../db.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.ts";
import { importUnitsCsv } from "../units/import-units-csv.ts";
import { mergeUnitInto } from "../units/merge-unit.ts";
import { formerNamesByUnit } from "../units/unit-successors.ts";
import { writeAuditLog } from "./audit-log.ts";

export interface ListUnitsOptions {
  /** `active` leaves out merged and retired units (what residents and forms are offered). */
  include?: "active" | "all";
}

/** The tree in depth-first order, siblings by name, with each unit's depth and parent code. */
export async function listUnitTree(
  prisma: PrismaClient,
  { include = "all" }: ListUnitsOptions = {},
): Promise<UnitDto[]> {
  const units = await prisma.unit.findMany({ orderBy: { name: "asc" } });
  const byId = new Map(units.map((u) => [u.id, u]));
  const formerNames = formerNamesByUnit(units);
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
      const active = unit.mergedIntoId === null && unit.retiredAt === null;
      if (include === "all" || active) {
        result.push({
          code: unit.code,
          name: unit.name,
          kind: unit.kind,
          parentCode: unit.parentId ? (byId.get(unit.parentId)?.code ?? null) : null,
          depth,
          targetPeoplePerWeek: unit.targetPeoplePerWeek,
          retired: unit.retiredAt !== null,
          mergedIntoCode: unit.mergedIntoId ? (byId.get(unit.mergedIntoId)?.code ?? null) : null,
          formerNames: formerNames.get(unit.id) ?? [],
        });
      }
      visit(unit.id, depth + 1);
    }
  };
  visit(null, 0);
  return result;
}

export class UnitsCsvInvalidError extends InvalidInputError {
  constructor(errors: { line: number; code: string; message: string }[]) {
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
): Promise<{ created: number; updated: number; merged: number; retired: number }> {
  const result = await importUnitsCsv(prisma, csv, parentCode ? { parentCode } : {});
  if (result.errors.length > 0) throw new UnitsCsvInvalidError(result.errors);
  await writeAuditLog(prisma, {
    actorId: actor.id,
    action: "unit.import",
    targetType: "Unit",
    details: {
      created: result.created,
      updated: result.updated,
      retired: result.retired,
      merges: result.merges.map((m) => ({ code: m.code, into: m.into })),
      parentCode: parentCode ?? null,
    },
  });
  return { created: result.created, updated: result.updated, merged: result.merged, retired: result.retired };
}

async function findUnit(prisma: PrismaClient, code: string) {
  const unit = await prisma.unit.findUnique({ where: { code } });
  if (!unit) throw new NotFoundError(`Không tìm thấy đơn vị ${code}.`, "UNIT_NOT_FOUND");
  return unit;
}

async function unitDto(prisma: PrismaClient, code: string): Promise<UnitDto> {
  const found = (await listUnitTree(prisma)).find((u) => u.code === code);
  if (!found) throw new NotFoundError(`Không tìm thấy đơn vị ${code}.`, "UNIT_NOT_FOUND");
  return found;
}

/** Ids of the unit's ancestors, nearest first. */
async function ancestorIdsOf(prisma: PrismaClient, unitId: string): Promise<string[]> {
  const units = await prisma.unit.findMany({ select: { id: true, parentId: true } });
  const parentOf = new Map(units.map((u) => [u.id, u.parentId]));
  const chain: string[] = [];
  for (let cur = parentOf.get(unitId); cur && !chain.includes(cur); cur = parentOf.get(cur)) chain.push(cur);
  return chain;
}

/** Rename, set the target, re-parent or retire a unit (organisation admins), recorded in the audit log. */
export async function updateUnit(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  code: string,
  body: UpdateUnitBody,
): Promise<UnitDto> {
  const unit = await findUnit(prisma, code);
  if (unit.mergedIntoId && (body.retired !== undefined || body.parentCode !== undefined)) {
    throw new ConflictError(
      `Đơn vị ${code} đã được sáp nhập, chỉ còn lưu để tra cứu: không thể chuyển cấp trên hay giải thể.`,
      "UNIT_ALREADY_MERGED",
    );
  }
  let parentId: string | null | undefined;
  if (body.parentCode === null) parentId = null;
  else if (body.parentCode !== undefined) {
    const parent = await findUnit(prisma, body.parentCode);
    if (parent.id === unit.id || (await ancestorIdsOf(prisma, parent.id)).includes(unit.id)) {
      throw new InvalidInputError(
        `Không thể đặt ${parent.name} làm cấp trên của ${unit.name}: ${parent.name} là chính nó hoặc đơn vị cấp dưới của nó.`,
        "UNIT_PARENT_CYCLE",
      );
    }
    if (parent.mergedIntoId || parent.retiredAt) {
      throw new InvalidInputError(
        `${parent.name} đã sáp nhập hoặc giải thể, không thể làm đơn vị cấp trên.`,
        "UNIT_PARENT_INACTIVE",
      );
    }
    parentId = parent.id;
  }
  if (body.retired === true && !unit.retiredAt) {
    const mergedIn = await prisma.unit.count({ where: { mergedIntoId: unit.id } });
    if (mergedIn > 0) {
      throw new ConflictError(
        `Không thể giải thể ${unit.name}: đã có ${mergedIn} đơn vị được sáp nhập vào đơn vị này.`,
        "UNIT_MERGE_INTO_RETIRED",
      );
    }
  }
  const retiredAt = body.retired === undefined ? undefined : body.retired ? (unit.retiredAt ?? new Date()) : null;
  await prisma.$transaction(async (tx) => {
    await tx.unit.update({
      where: { id: unit.id },
      data: {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.targetPeoplePerWeek !== undefined ? { targetPeoplePerWeek: body.targetPeoplePerWeek } : {}),
        ...(parentId !== undefined ? { parentId } : {}),
        ...(retiredAt !== undefined ? { retiredAt } : {}),
      },
    });
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "unit.update",
      targetType: "Unit",
      targetId: unit.id,
      details: {
        code,
        before: {
          name: unit.name,
          targetPeoplePerWeek: unit.targetPeoplePerWeek,
          parentId: unit.parentId,
          retired: unit.retiredAt !== null,
        },
        after: { ...body },
      },
    });
  });
  return unitDto(prisma, code);
}

/** Merges a unit into an active one (organisation admins), recorded in the audit log. */
export async function mergeUnit(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  code: string,
  intoCode: string,
): Promise<MergeUnitResponse> {
  const unit = await findUnit(prisma, code);
  const into = await findUnit(prisma, intoCode);
  if (unit.mergedIntoId) {
    throw new ConflictError(`Đơn vị ${unit.name} đã được sáp nhập trước đó.`, "UNIT_ALREADY_MERGED");
  }
  if (unit.id === into.id) {
    throw new InvalidInputError(`Không thể sáp nhập ${unit.name} vào chính nó.`, "UNIT_MERGE_CYCLE");
  }
  if (into.mergedIntoId) {
    throw new InvalidInputError(
      `${into.name} đã được sáp nhập vào đơn vị khác: hãy chọn đơn vị hiện nay.`,
      "UNIT_MERGE_TARGET_MERGED",
    );
  }
  if (into.retiredAt) {
    throw new InvalidInputError(`${into.name} đã giải thể, không thể nhận sáp nhập.`, "UNIT_MERGE_INTO_RETIRED");
  }
  if ((await ancestorIdsOf(prisma, into.id)).includes(unit.id)) {
    throw new InvalidInputError(
      `${into.name} là đơn vị cấp dưới của ${unit.name}: không thể sáp nhập vào cấp dưới.`,
      "UNIT_MERGE_INTO_DESCENDANT",
    );
  }
  const moved = await prisma.$transaction(async (tx) => {
    const result = await mergeUnitInto(tx, unit.id, into.id, new Date());
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "unit.merge",
      targetType: "Unit",
      targetId: unit.id,
      details: { code, intoCode, moved: { ...result } },
    });
    return result;
  });
  return {
    unit: await unitDto(prisma, code),
    successor: await unitDto(prisma, intoCode),
    moved: {
      residents: moved.residents,
      members: moved.members,
      openHelpRequests: moved.openHelpRequests,
      childUnits: moved.childUnits,
      targetPeoplePerWeek: moved.targetPeoplePerWeek,
    },
  };
}
