import type { Alert as AlertDto } from "@xks/shared/api/dashboards";
import type { MemberWithUnit } from "../auth/request-auth.ts";
import { scopeIncludes, unitIdFilter, unitScopeOf } from "../auth/unit-scope.ts";
import type { PrismaClient } from "../db.ts";
import { ForbiddenError, NotFoundError } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { writeAuditLog } from "./audit-log.ts";

const include = { unit: { select: { code: true, name: true } } } as const;
type AlertRow = Prisma.AlertGetPayload<{ include: typeof include }>;

export function toAlertDto(row: AlertRow): AlertDto {
  return {
    id: row.id,
    kind: row.kind,
    message: row.message,
    unit: row.unit ? { code: row.unit.code, name: row.unit.name } : null,
    createdAt: row.createdAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
  };
}

/** A unit lead sees their units' alerts; organisation-wide ones (no unit, e.g. the OA token) are for admins. */
export async function listAlerts(prisma: PrismaClient, actor: MemberWithUnit, resolved: boolean): Promise<AlertRow[]> {
  const unitId = unitIdFilter(await unitScopeOf(prisma, actor));
  return prisma.alert.findMany({
    where: { ...(unitId ? { unitId } : {}), resolvedAt: resolved ? { not: null } : null },
    include,
    orderBy: { createdAt: "desc" },
    take: 200,
  });
}

export async function resolveAlert(prisma: PrismaClient, actor: MemberWithUnit, id: string): Promise<AlertRow> {
  const alert = await prisma.alert.findUnique({ where: { id }, include });
  if (!alert) throw new NotFoundError("Không tìm thấy cảnh báo này.", "ALERT_NOT_FOUND");
  const scope = await unitScopeOf(prisma, actor);
  if (!scopeIncludes(scope, alert.unitId)) throw new ForbiddenError("Cảnh báo này không thuộc đơn vị của bạn.");
  if (alert.resolvedAt) return alert;
  return prisma.$transaction(async (tx) => {
    const resolved = await tx.alert.update({ where: { id }, data: { resolvedAt: new Date() }, include });
    await writeAuditLog(tx, { actorId: actor.id, action: "alert.resolve", targetType: "Alert", targetId: id });
    return resolved;
  });
}

/**
 * Records an organisation-wide alert unless one of the same kind is still unresolved: a fault that repeats (every
 * refused send, every bad signature) tells admins once. The advisory lock makes "once" hold across processes.
 */
export async function raiseAlertOnce(
  prisma: Pick<PrismaClient, "$transaction">,
  kind: AlertRow["kind"],
  message: string,
): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`alert:${kind}`}, 0))`;
    const open = await tx.alert.findFirst({ where: { kind, resolvedAt: null }, select: { id: true } });
    if (open) return false;
    await tx.alert.create({ data: { kind, message } });
    return true;
  });
}
