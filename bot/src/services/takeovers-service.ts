import type { Takeover } from "@xks/shared/api/takeovers";
import type { MemberWithUnit } from "../auth/request-auth.ts";
import { unitIdFilter, unitScopeOf } from "../auth/unit-scope.ts";
import type { PrismaClient } from "../db.ts";
import { NotFoundError } from "../errors.ts";
import { queueOutboundMessage } from "../outbound/queue-outbound-message.ts";
import type { Queues } from "../queues/queues.ts";
import { TAKEOVER_TEXT } from "../takeover/takeover-texts.ts";
import { writeAuditLog } from "./audit-log.ts";

export interface TakeoversDeps {
  prisma: PrismaClient;
  queues: Queues;
  now?: () => Date;
}

/** At most this many rows: a commune has a handful of conversations in staff hands at once. */
const MAX_TAKEOVERS_LISTED = 200;

/**
 * Conversations currently in staff hands within the member's scope (by the resident's unit), most recent first.
 * A resident whose commune is not known yet belongs to no unit: only organisation admins see them.
 */
export async function listTakeovers(deps: TakeoversDeps, member: MemberWithUnit): Promise<Takeover[]> {
  const now = deps.now?.() ?? new Date();
  const scope = await unitScopeOf(deps.prisma, member);
  const unitId = unitIdFilter(scope);
  const rows = await deps.prisma.resident.findMany({
    where: { humanTakeoverUntil: { gt: now }, ...(unitId ? { unitId } : {}) },
    orderBy: [{ humanTakeoverUntil: "desc" }, { id: "asc" }],
    take: MAX_TAKEOVERS_LISTED,
    select: {
      id: true,
      displayName: true,
      humanTakeoverSince: true,
      humanTakeoverUntil: true,
      unit: { select: { name: true } },
    },
  });
  return rows.map((row) => {
    const until = row.humanTakeoverUntil ?? now;
    return {
      residentId: row.id,
      displayName: row.displayName,
      unitName: row.unit?.name ?? null,
      since: (row.humanTakeoverSince ?? until).toISOString(),
      until: until.toISOString(),
    };
  });
}

/**
 * "Trả lại cho trợ lý": ends the takeover and tells the resident the assistant is back. A resident outside the
 * member's scope, or not taken over (any more), is not found: the answer does not say which residents exist.
 * The message is keyed by the takeover's start, so a double tap sends it once.
 */
export async function giveBackToAssistant(
  deps: TakeoversDeps,
  member: MemberWithUnit,
  residentId: string,
): Promise<void> {
  const now = deps.now?.() ?? new Date();
  const scope = await unitScopeOf(deps.prisma, member);
  const unitId = unitIdFilter(scope);
  const where = { id: residentId, humanTakeoverUntil: { gt: now }, ...(unitId ? { unitId } : {}) };
  const resident = await deps.prisma.resident.findFirst({
    where,
    select: { id: true, oaUserId: true, humanTakeoverSince: true },
  });
  if (!resident) {
    throw new NotFoundError("Cuộc trò chuyện này không còn do cán bộ trả lời.", "TAKEOVER_NOT_FOUND");
  }
  const ended = await deps.prisma.$transaction(async (tx) => {
    const updated = await tx.resident.updateMany({
      where,
      data: { humanTakeoverUntil: null, humanTakeoverSince: null },
    });
    if (updated.count === 0) return false;
    await writeAuditLog(tx, {
      actorId: member.id,
      action: "takeover.give-back",
      targetType: "Resident",
      targetId: resident.id,
    });
    return true;
  });
  if (!ended) return;
  // After the commit: the sender must find the resident answering again (and the row) when the job runs.
  await queueOutboundMessage(deps.prisma, deps.queues, {
    oaUserId: resident.oaUserId,
    kind: "REPLY",
    messages: [{ text: TAKEOVER_TEXT.backFromStaff }],
    idempotencyKey: `takeover-back:${resident.id}:${(resident.humanTakeoverSince ?? now).getTime()}`,
  });
}
