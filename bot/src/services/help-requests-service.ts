import {
  HELP_RATING_BUTTON_TITLES,
  type HelpRequest as HelpRequestDto,
  helpRatingPayload,
} from "@xks/shared/api/help-requests";
import type { MemberWithUnit } from "../auth/request-auth.ts";
import { narrowScopeToUnit, scopeIncludes, unitIdFilter, unitScopeOf } from "../auth/unit-scope.ts";
import type { QuickReplyButton } from "../channel/messages.ts";
import type { PrismaClient } from "../db.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors.ts";
import type { HelpStatus, Prisma } from "../generated/prisma/client.ts";
import { queueOutboundMessage } from "../outbound/queue-outbound-message.ts";
import type { Queues } from "../queues/queues.ts";

const include = {
  unit: { select: { code: true, name: true } },
  resident: { select: { displayName: true, oaUserId: true } },
  claimedBy: { select: { id: true, name: true } },
} as const;
type HelpRequestRow = Prisma.HelpRequestGetPayload<{ include: typeof include }>;

export function toHelpRequestDto(row: HelpRequestRow): HelpRequestDto {
  return {
    id: row.id,
    unit: { code: row.unit.code, name: row.unit.name },
    topic: row.topic,
    preferredTime: row.preferredTime,
    note: row.note,
    status: row.status,
    residentName: row.resident?.displayName ?? null,
    claimedBy: row.claimedBy ? { id: row.claimedBy.id, name: row.claimedBy.name } : null,
    claimedAt: row.claimedAt?.toISOString() ?? null,
    doneAt: row.doneAt?.toISOString() ?? null,
    rating: row.rating,
    escalationLevel: row.escalationLevel,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The inbox: open requests first (oldest first, they waited longest), then claimed, then the latest done. */
export async function listHelpRequests(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  query: { status?: HelpStatus | undefined; unitCode?: string | undefined },
): Promise<HelpRequestRow[]> {
  let scope = await unitScopeOf(prisma, actor);
  if (query.unitCode) scope = await narrowScopeToUnit(prisma, scope, query.unitCode);
  const unitId = unitIdFilter(scope);
  const rows = await prisma.helpRequest.findMany({
    where: { ...(unitId ? { unitId } : {}), ...(query.status ? { status: query.status } : {}) },
    include,
    orderBy: { createdAt: "desc" },
    take: 500,
  });
  const rank: Record<HelpStatus, number> = { OPEN: 0, CLAIMED: 1, DONE: 2, CANCELLED: 3 };
  return rows.sort((a, b) => {
    const byStatus = rank[a.status] - rank[b.status];
    if (byStatus !== 0) return byStatus;
    // Waiting requests: oldest first. Finished ones: newest first.
    const older = a.createdAt.getTime() - b.createdAt.getTime();
    return a.status === "OPEN" || a.status === "CLAIMED" ? older : -older;
  });
}

async function requestInScope(prisma: PrismaClient, actor: MemberWithUnit, id: string): Promise<HelpRequestRow> {
  const row = await prisma.helpRequest.findUnique({ where: { id }, include });
  if (!row) throw new NotFoundError("Không tìm thấy yêu cầu hỗ trợ này.", "HELP_REQUEST_NOT_FOUND");
  if (!scopeIncludes(await unitScopeOf(prisma, actor), row.unitId)) {
    throw new ForbiddenError("Yêu cầu này thuộc đơn vị khác.");
  }
  return row;
}

export interface HelpDeps {
  prisma: PrismaClient;
  queues: Queues;
}

/**
 * A member takes an open request: one tap. Taking it again (a retried tap) is harmless; another member's claim
 * wins and this one gets 409. The resident hears about it through the OA exactly once (idempotency key).
 */
export async function claimHelpRequest(deps: HelpDeps, actor: MemberWithUnit, id: string): Promise<HelpRequestRow> {
  const row = await requestInScope(deps.prisma, actor, id);
  if (row.status === "CLAIMED" && row.claimedById === actor.id) {
    await notifyClaimed(deps, row);
    return row;
  }
  if (row.status !== "OPEN") {
    throw new ConflictError(
      row.status === "CLAIMED"
        ? `Yêu cầu này đã được ${row.claimedBy?.name ?? "người khác"} nhận.`
        : "Yêu cầu này đã đóng.",
      "HELP_REQUEST_NOT_OPEN",
    );
  }
  // Conditional update: of two members tapping at once, exactly one wins.
  const { count } = await deps.prisma.helpRequest.updateMany({
    where: { id, status: "OPEN" },
    data: { status: "CLAIMED", claimedById: actor.id, claimedAt: new Date() },
  });
  if (count === 0) throw new ConflictError("Yêu cầu này vừa được người khác nhận.", "HELP_REQUEST_NOT_OPEN");
  const claimed = await deps.prisma.helpRequest.findUniqueOrThrow({ where: { id }, include });
  await notifyClaimed(deps, claimed);
  return claimed;
}

/** The claimant (or a lead or admin over the unit) marks it done; the resident is thanked and asked to rate it. */
export async function completeHelpRequest(deps: HelpDeps, actor: MemberWithUnit, id: string): Promise<HelpRequestRow> {
  const row = await requestInScope(deps.prisma, actor, id);
  if (row.status === "DONE") {
    await notifyDone(deps, row);
    return row;
  }
  if (row.status !== "CLAIMED") {
    throw new ConflictError(
      row.status === "OPEN" ? "Hãy nhận yêu cầu trước khi báo hoàn thành." : "Yêu cầu này đã đóng.",
      "HELP_REQUEST_NOT_CLAIMED",
    );
  }
  if (row.claimedById !== actor.id && actor.role === "MEMBER") {
    throw new ForbiddenError("Chỉ người đã nhận yêu cầu mới báo hoàn thành được.");
  }
  const { count } = await deps.prisma.helpRequest.updateMany({
    where: { id, status: "CLAIMED" },
    data: { status: "DONE", doneAt: new Date() },
  });
  if (count === 0) throw new ConflictError("Yêu cầu này vừa thay đổi, vui lòng tải lại.", "HELP_REQUEST_NOT_CLAIMED");
  const done = await deps.prisma.helpRequest.findUniqueOrThrow({ where: { id }, include });
  await notifyDone(deps, done);
  return done;
}

/*
 * The status change is committed before the message is queued. If the process dies in between, the resident is
 * not told; a repeated tap (the mini-app retries on a network error) queues it then, and the idempotency key keeps
 * it to one message however often this runs.
 */

async function notifyClaimed(deps: HelpDeps, row: HelpRequestRow): Promise<void> {
  const oaUserId = row.resident?.oaUserId;
  if (!oaUserId) return;
  const who = row.claimedBy?.name ?? "Một đoàn viên";
  await queueOutboundMessage(deps.prisma, deps.queues, {
    oaUserId,
    kind: "HELP_UPDATE",
    idempotencyKey: `help-claimed:${row.id}`,
    messages: [
      {
        text:
          `Đoàn viên ${who} (${row.unit.name}) đã nhận yêu cầu hỗ trợ "${row.topic}" của bạn ` +
          `và sẽ liên hệ với bạn vào thời gian bạn hẹn (${row.preferredTime}).`,
      },
    ],
  });
}

async function notifyDone(deps: HelpDeps, row: HelpRequestRow): Promise<void> {
  const oaUserId = row.resident?.oaUserId;
  if (!oaUserId) return;
  const buttons: QuickReplyButton[] = [5, 4, 3, 2, 1].map((score) => ({
    kind: "reply",
    title: HELP_RATING_BUTTON_TITLES[score] ?? String(score),
    payload: helpRatingPayload(row.id, score),
  }));
  await queueOutboundMessage(deps.prisma, deps.queues, {
    oaUserId,
    kind: "HELP_UPDATE",
    idempotencyKey: `help-done:${row.id}`,
    messages: [
      {
        text:
          `Yêu cầu hỗ trợ "${row.topic}" của bạn đã hoàn thành. Cảm ơn bạn đã tin tưởng Đoàn thanh niên! ` +
          "Bạn thấy lần hỗ trợ này thế nào? Chạm một nút để đánh giá:",
        buttons,
      },
    ],
  });
}
