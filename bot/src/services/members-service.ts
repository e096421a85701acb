import type { Member as MemberDto } from "@xks/shared/api/auth";
import type { ApproveMemberBody, ListMembersQuery, RegisterMemberBody } from "@xks/shared/api/members";
import { redactSensitive } from "@xks/shared/privacy/redact-sensitive";
import type { MemberWithUnit } from "../auth/request-auth.ts";
import { scopeIncludes, unitIdFilter, unitScopeOf } from "../auth/unit-scope.ts";
import type { PrismaClient } from "../db.ts";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from "../errors.ts";
import type { MemberStatus } from "../generated/prisma/client.ts";
import { writeAuditLog } from "./audit-log.ts";

export function toMemberDto(member: MemberWithUnit): MemberDto {
  return {
    id: member.id,
    zaloId: member.zaloId,
    name: member.name,
    phone: member.phone,
    role: member.role,
    status: member.status,
    unit: member.unit ? { code: member.unit.code, name: member.unit.name } : null,
    createdAt: member.createdAt.toISOString(),
    approvedAt: member.approvedAt?.toISOString() ?? null,
  };
}

/**
 * After a verified sign-in: the member row, if any. Users listed in ADMIN_ZALO_IDS become ACTIVE organisation
 * admins on their first sign-in (created, or upgraded from whatever they were), so a new deployment needs no
 * database edit to get its first admin. The list seeds once (`adminSeededAt`): an admin who was later removed or
 * demoted by another admin stays so, although their id is still in the environment.
 */
export async function memberAfterSignIn(
  prisma: PrismaClient,
  zaloUser: { id: string; name: string },
  adminZaloIds: readonly string[],
): Promise<MemberWithUnit | null> {
  const existing = await prisma.member.findUnique({ where: { zaloId: zaloUser.id }, include: { unit: true } });
  if (!adminZaloIds.includes(zaloUser.id)) return existing;
  if (existing?.adminSeededAt) return existing;
  const now = new Date();
  if (existing?.role === "ORG_ADMIN" && existing.status === "ACTIVE") {
    // Already an admin (made so by another admin): the list has nothing to seed, and never will.
    return prisma.member.update({ where: { id: existing.id }, data: { adminSeededAt: now }, include: { unit: true } });
  }
  return prisma.$transaction(async (tx) => {
    const admin = await tx.member.upsert({
      where: { zaloId: zaloUser.id },
      create: {
        zaloId: zaloUser.id,
        name: zaloUser.name,
        role: "ORG_ADMIN",
        status: "ACTIVE",
        approvedAt: now,
        adminSeededAt: now,
      },
      update: {
        role: "ORG_ADMIN",
        status: "ACTIVE",
        approvedAt: existing?.approvedAt ?? now,
        adminSeededAt: now,
        removedByRole: null,
      },
      include: { unit: true },
    });
    await writeAuditLog(tx, {
      actorId: admin.id,
      action: existing ? "member.promote-configured-admin" : "member.create-configured-admin",
      targetType: "Member",
      targetId: admin.id,
    });
    return admin;
  });
}

export interface RegisterInput {
  zaloId: string;
  body: Required<Pick<RegisterMemberBody, "name" | "unitCode">>;
  /** Already decoded from the phone token, "84…". */
  phone: string | null;
  isConfiguredAdmin: boolean;
}

/**
 * A new user asks to join a unit: PENDING until a lead of that unit or an admin approves. Asking again while
 * pending updates the request (e.g. a corrected unit); a removed member may ask again; an active one may not.
 */
export async function registerMember(prisma: PrismaClient, input: RegisterInput): Promise<MemberWithUnit> {
  const unit = await prisma.unit.findUnique({
    where: { code: input.body.unitCode },
    include: { mergedInto: { select: { name: true } } },
  });
  if (!unit) throw new InvalidInputError(`Không tìm thấy đơn vị có mã ${input.body.unitCode}.`, "UNIT_NOT_FOUND");
  // Merged and retired units are not offered in the form; a stale form still gets a clear answer.
  if (unit.mergedInto) {
    throw new InvalidInputError(
      `${unit.name} đã sáp nhập vào ${unit.mergedInto.name}: hãy chọn ${unit.mergedInto.name}.`,
      "UNIT_INACTIVE",
    );
  }
  if (unit.retiredAt) throw new InvalidInputError(`${unit.name} đã giải thể: hãy chọn đơn vị khác.`, "UNIT_INACTIVE");
  const existing = await prisma.member.findUnique({ where: { zaloId: input.zaloId } });
  // A configured admin registers as admin only while they still are one (the list seeds once, at sign-in): one
  // that an admin removed or demoted asks to join like anyone else.
  const isConfiguredAdmin =
    input.isConfiguredAdmin &&
    (!existing?.adminSeededAt || (existing.role === "ORG_ADMIN" && existing.status === "ACTIVE"));
  if (existing?.status === "ACTIVE" && !isConfiguredAdmin) {
    throw new ConflictError("Bạn đã là đoàn viên trên ứng dụng.", "ALREADY_REGISTERED");
  }
  const fields = {
    // A name field is free text: someone may type their ID number after their name.
    name: redactSensitive(input.body.name).text,
    unitId: unit.id,
    ...(input.phone ? { phone: input.phone } : {}),
  };
  if (isConfiguredAdmin) {
    return prisma.member.upsert({
      where: { zaloId: input.zaloId },
      create: { zaloId: input.zaloId, ...fields, role: "ORG_ADMIN", status: "ACTIVE", approvedAt: new Date() },
      update: { ...fields, role: "ORG_ADMIN", status: "ACTIVE" },
      include: { unit: true },
    });
  }
  return prisma.member.upsert({
    where: { zaloId: input.zaloId },
    create: { zaloId: input.zaloId, ...fields, role: "MEMBER", status: "PENDING" },
    // A removed member starts over as a plain pending member.
    update: { ...fields, role: "MEMBER", status: "PENDING", approvedAt: null, approvedById: null },
    include: { unit: true },
  });
}

export async function listMembers(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  query: { status?: MemberStatus | undefined; unitCode?: string | undefined },
): Promise<MemberWithUnit[]> {
  const scope = await unitScopeOf(prisma, actor, query.unitCode);
  const unitId = unitIdFilter(scope);
  return prisma.member.findMany({
    where: { ...(unitId ? { unitId } : {}), ...(query.status ? { status: query.status } : {}) },
    include: { unit: true },
    orderBy: [{ status: "asc" }, { createdAt: "desc" }],
    take: 1000,
  });
}

/** The target member, if the actor (lead of their unit, or admin) may manage them. */
async function manageableMember(prisma: PrismaClient, actor: MemberWithUnit, memberId: string) {
  const target = await prisma.member.findUnique({ where: { id: memberId }, include: { unit: true } });
  if (!target) throw new NotFoundError("Không tìm thấy đoàn viên này.", "MEMBER_NOT_FOUND");
  const scope = await unitScopeOf(prisma, actor);
  if (!scopeIncludes(scope, target.unitId)) {
    throw new ForbiddenError("Đoàn viên này không thuộc đơn vị của bạn.");
  }
  if (actor.role !== "ORG_ADMIN" && target.role !== "MEMBER") {
    throw new ForbiddenError("Chỉ quản trị viên mới quản lý được bí thư và quản trị viên.");
  }
  return target;
}

export async function approveMember(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  memberId: string,
  body: ApproveMemberBody | null | undefined,
): Promise<MemberWithUnit> {
  const target = await manageableMember(prisma, actor, memberId);
  if (body?.role === "UNIT_LEAD" && actor.role !== "ORG_ADMIN") {
    throw new ForbiddenError("Chỉ quản trị viên mới giao được vai trò bí thư.");
  }
  if (target.status === "ACTIVE" && (!body?.role || body.role === target.role)) return target;
  if (target.role === "ORG_ADMIN") throw new ConflictError("Quản trị viên không cần duyệt.", "ALREADY_ACTIVE");
  // Checked whatever the status: a member an admin removed may register again (PENDING), and a lead approving
  // that request would undo the admin's decision.
  if (target.removedByRole === "ORG_ADMIN" && actor.role !== "ORG_ADMIN") {
    throw new ForbiddenError(
      "Đoàn viên này đã bị quản trị viên gỡ; chỉ quản trị viên mới kích hoạt lại được.",
      "REMOVED_BY_ADMIN",
    );
  }
  return prisma.$transaction(async (tx) => {
    const approved = await tx.member.update({
      where: { id: target.id },
      data: {
        status: "ACTIVE",
        ...(body?.role ? { role: body.role } : {}),
        approvedAt: target.status === "ACTIVE" ? target.approvedAt : new Date(),
        approvedById: target.status === "ACTIVE" ? target.approvedById : actor.id,
        removedByRole: null,
      },
      include: { unit: true },
    });
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "member.approve",
      targetType: "Member",
      targetId: target.id,
      details: { from: target.status, role: approved.role, unitCode: target.unit?.code ?? null },
    });
    return approved;
  });
}

export async function removeMember(prisma: PrismaClient, actor: MemberWithUnit, memberId: string) {
  if (memberId === actor.id) throw new ConflictError("Bạn không thể tự gỡ chính mình.", "CANNOT_REMOVE_SELF");
  const target = await manageableMember(prisma, actor, memberId);
  if (target.status === "REMOVED") return target;
  return prisma.$transaction(async (tx) => {
    const removed = await tx.member.update({
      where: { id: target.id },
      data: { status: "REMOVED", removedByRole: actor.role },
      include: { unit: true },
    });
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "member.remove",
      targetType: "Member",
      targetId: target.id,
      details: { from: target.status, role: target.role, unitCode: target.unit?.code ?? null },
    });
    return removed;
  });
}

export type { ListMembersQuery };
