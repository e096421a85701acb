import type { PrismaClient } from "../db.ts";
import type { Prisma } from "../generated/prisma/client.ts";

export interface AuditEntry {
  actorId: string;
  /** Verb-first and dotted: `member.approve`, `unit.import`, `content.delete`, `export.assistance-logs`. */
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Prisma.InputJsonObject;
}

/** Every admin (and unit lead) action leaves a row, written in the same transaction as the change when there is one. */
export async function writeAuditLog(db: Pick<PrismaClient, "auditLog">, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      ...(entry.details ? { details: entry.details } : {}),
    },
  });
}
