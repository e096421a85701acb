import {
  type CancelHelpRequestBody,
  HELP_ERROR_CODES,
  HELP_RATING_BUTTON_TITLES,
  helpRatingPayload,
} from "@xks/shared/api/help-requests";
import type { MemberWithUnit } from "../auth/request-auth.ts";
import type { QuickReplyButton } from "../channel/messages.ts";
import type { Config } from "../config.ts";
import type { PrismaClient } from "../db.ts";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { deferOutboundQueueing } from "../outbound/defer-outbound-queueing.ts";
import { queueOutboundMessage } from "../outbound/queue-outbound-message.ts";
import type { Queues } from "../queues/queues.ts";
import { type HelpRequestRow, helpRequestInclude, requestInScope } from "../services/help-requests-service.ts";
import { findCurrentUnit } from "../units/find-current-unit.ts";
import { MEMBER_TEXT, RESIDENT_TEXT } from "./help-request-messages.ts";
import { queueMemberNotices } from "./queue-member-notices.ts";

type Tx = Prisma.TransactionClient;

export interface HelpDeps {
  prisma: PrismaClient;
  queues: Queues;
  config: Pick<Config, "MINIAPP_URL" | "QUIET_HOURS" | "TZ_NAME">;
  /** The server's clock (the emulator's in development): when a change happened, for its event and its notices. */
  now: () => Date;
}

/**
 * One change of a help request. The write is conditional on the state that was read (status, claimant, unit), so
 * of two members acting at once exactly one wins in the database and the other gets a stable 409 code. The change,
 * its history event and the OA messages it causes (to the resident, to members) are one transaction; the messages
 * are queued after the commit, and their idempotency keys come from the event, so each goes out once.
 */
interface Change {
  /** The state read, that must still hold for the write. */
  guard: Prisma.HelpRequestWhereInput;
  data: Prisma.HelpRequestUncheckedUpdateManyInput;
  event: Omit<Prisma.HelpRequestEventUncheckedCreateInput, "helpRequestId" | "actorId" | "at">;
  conflict: { code: string; message: string };
  /** `at`: the moment of the change (members' notices written at night wait for the end of the quiet hours). */
  tell(tx: Tx, queues: Queues, eventId: string, updated: HelpRequestRow, at: Date): Promise<void>;
}

async function applyChange(
  deps: HelpDeps,
  actor: MemberWithUnit,
  row: HelpRequestRow,
  change: Change,
): Promise<HelpRequestRow> {
  const deferred = deferOutboundQueueing(deps.queues);
  const updated = await deps.prisma.$transaction(async (tx) => {
    const now = deps.now();
    const { count } = await tx.helpRequest.updateMany({ where: { id: row.id, ...change.guard }, data: change.data });
    if (count === 0) throw new ConflictError(change.conflict.message, change.conflict.code);
    const event = await tx.helpRequestEvent.create({
      data: { helpRequestId: row.id, actorId: actor.id, at: now, ...change.event },
    });
    const fresh = await tx.helpRequest.findUniqueOrThrow({ where: { id: row.id }, include: helpRequestInclude });
    await change.tell(tx, deferred.queues, event.id, fresh, now);
    return fresh;
  });
  // Recorded already: if Redis is away, recover-outbound queues the rows later.
  await deferred.flush().catch(() => undefined);
  return updated;
}

const CHANGED = {
  code: HELP_ERROR_CODES.changed,
  message: "Yêu cầu này vừa được người khác thay đổi. Vui lòng tải lại.",
} as const;

function isLeadOrAdmin(actor: MemberWithUnit): boolean {
  return actor.role === "UNIT_LEAD" || actor.role === "ORG_ADMIN";
}

function refuseClosed(row: HelpRequestRow): void {
  if (row.status === "DONE" || row.status === "CANCELLED") {
    throw new ConflictError("Yêu cầu này đã đóng.", HELP_ERROR_CODES.closed);
  }
}

/** A plain member changes only what they claimed; the unit's lead and admins may change anyone's. */
function requireClaimantOrLead(actor: MemberWithUnit, row: HelpRequestRow): void {
  if (row.claimedById !== actor.id && !isLeadOrAdmin(actor)) {
    throw new ForbiddenError(
      `Yêu cầu này do ${row.claimedBy?.name ?? "đoàn viên khác"} nhận. Chỉ người nhận hoặc bí thư mới thay đổi được.`,
      HELP_ERROR_CODES.notYours,
    );
  }
}

async function tellResident(
  tx: Tx,
  queues: Queues,
  eventId: string,
  row: HelpRequestRow,
  text: string,
  buttons?: QuickReplyButton[],
) {
  const oaUserId = row.resident?.oaUserId;
  if (!oaUserId) return;
  await queueOutboundMessage(tx, queues, {
    oaUserId,
    kind: "HELP_UPDATE",
    idempotencyKey: `help-event:${eventId}`,
    messages: [{ text, ...(buttons ? { buttons } : {}) }],
  });
}

/**
 * A member takes an open request: one tap. Taking it again (a retried tap) is harmless; of two members tapping at
 * once one wins, the other gets 409 HELP_REQUEST_NOT_OPEN. The resident is told who will contact them.
 */
export async function claimHelpRequest(deps: HelpDeps, actor: MemberWithUnit, id: string): Promise<HelpRequestRow> {
  const { row } = await requestInScope(deps.prisma, actor, id);
  if (row.status === "CLAIMED" && row.claimedById === actor.id) return row;
  if (row.status !== "OPEN") {
    throw new ConflictError(
      row.status === "CLAIMED"
        ? `Yêu cầu này đã được ${row.claimedBy?.name ?? "người khác"} nhận.`
        : "Yêu cầu này đã đóng.",
      HELP_ERROR_CODES.notOpen,
    );
  }
  return applyChange(deps, actor, row, {
    guard: { status: "OPEN" },
    data: { status: "CLAIMED", claimedById: actor.id, claimedAt: deps.now() },
    event: { kind: "CLAIMED" },
    conflict: { code: HELP_ERROR_CODES.notOpen, message: "Yêu cầu này vừa được người khác nhận." },
    tell: (tx, queues, eventId, updated) =>
      tellResident(
        tx,
        queues,
        eventId,
        updated,
        RESIDENT_TEXT.claimed(actor.name, updated.unit.name, updated.topic, updated.preferredTime),
        // One tap for a resident who managed alone: the chat asks before withdrawing (`conversation/withdraw-help.ts`).
        [{ kind: "reply", title: RESIDENT_TEXT.withdrawButton, payload: RESIDENT_TEXT.withdrawButton }],
      ),
  });
}

/** The claimant cannot go after all: the request is open again, the resident and the unit's members are told. */
export async function releaseHelpRequest(deps: HelpDeps, actor: MemberWithUnit, id: string): Promise<HelpRequestRow> {
  const { row } = await requestInScope(deps.prisma, actor, id);
  refuseClosed(row);
  if (row.status !== "CLAIMED") {
    throw new ConflictError("Yêu cầu này chưa có ai nhận.", HELP_ERROR_CODES.notClaimed);
  }
  requireClaimantOrLead(actor, row);
  return applyChange(deps, actor, row, {
    guard: { status: "CLAIMED", claimedById: row.claimedById },
    data: { status: "OPEN", claimedById: null, claimedAt: null },
    event: { kind: "RELEASED", toMemberId: null },
    conflict: CHANGED,
    tell: async (tx, queues, eventId, updated, at) => {
      await tellResident(tx, queues, eventId, updated, RESIDENT_TEXT.released(updated.topic));
      await queueMemberNotices(tx, queues, deps.config, {
        helpRequestId: updated.id,
        eventKey: eventId,
        at,
        unitId: updated.unitId,
        exceptMemberId: row.claimedById,
        whileRequest: { status: "OPEN", unitId: updated.unitId },
        text: MEMBER_TEXT.reopened(updated.unit.name, updated.topic),
      });
    },
  });
}

/**
 * Gives the request to another active member of its unit: the claimant passes it on, or the unit's lead assigns
 * it (open or claimed). The new member is told by OA message (if linked), the resident who will contact them.
 */
export async function handOverHelpRequest(
  deps: HelpDeps,
  actor: MemberWithUnit,
  id: string,
  memberId: string,
): Promise<HelpRequestRow> {
  const { row } = await requestInScope(deps.prisma, actor, id);
  refuseClosed(row);
  if (row.status === "OPEN" && !isLeadOrAdmin(actor)) {
    throw new ForbiddenError("Hãy nhận yêu cầu trước khi chuyển cho người khác.", HELP_ERROR_CODES.notYours);
  }
  if (row.status === "CLAIMED") requireClaimantOrLead(actor, row);
  const target = await deps.prisma.member.findUnique({
    where: { id: memberId },
    select: { id: true, name: true, status: true, unitId: true },
  });
  if (!target || target.status !== "ACTIVE" || target.unitId !== row.unitId || target.id === row.claimedById) {
    throw new InvalidInputError(
      "Chỉ chuyển được cho một đoàn viên khác đang hoạt động trong đơn vị của yêu cầu.",
      HELP_ERROR_CODES.badHandOverTarget,
    );
  }
  return applyChange(deps, actor, row, {
    guard: { status: row.status, claimedById: row.claimedById },
    data: { status: "CLAIMED", claimedById: target.id, claimedAt: deps.now() },
    event: { kind: "HANDED_OVER", toMemberId: target.id },
    conflict: CHANGED,
    tell: async (tx, queues, eventId, updated, at) => {
      await tellResident(tx, queues, eventId, updated, RESIDENT_TEXT.handedOver(target.name, updated.topic));
      if (target.id === actor.id) return;
      await queueMemberNotices(tx, queues, deps.config, {
        helpRequestId: updated.id,
        eventKey: eventId,
        at,
        memberIds: [target.id],
        whileRequest: { status: "CLAIMED", claimedById: target.id },
        text: MEMBER_TEXT.handedToYou(actor.name, updated.unit.name, updated.topic),
      });
    },
  });
}

/**
 * Closes a request with a reason, or for WRONG_UNIT moves it to the resident's real unit: open there, unclaimed,
 * its escalation restarted, that unit's members told. Closing an open request is for the lead; a member claims it
 * first (they are the one who called). Repeating a cancellation is harmless.
 */
export async function cancelHelpRequest(
  deps: HelpDeps,
  actor: MemberWithUnit,
  id: string,
  body: CancelHelpRequestBody,
): Promise<HelpRequestRow> {
  const { row } = await requestInScope(deps.prisma, actor, id);
  if (body.reason === "WRONG_UNIT") return moveHelpRequest(deps, actor, row, body.unitCode ?? "");
  if (row.status === "CANCELLED") return row;
  refuseClosed(row);
  if (row.status === "OPEN" && !isLeadOrAdmin(actor)) {
    throw new ConflictError("Hãy nhận yêu cầu trước khi đóng nó.", HELP_ERROR_CODES.notClaimed);
  }
  if (row.status === "CLAIMED") requireClaimantOrLead(actor, row);
  const reason = body.reason;
  return applyChange(deps, actor, row, {
    guard: { status: row.status, claimedById: row.claimedById },
    data: { status: "CANCELLED" },
    event: { kind: "CANCELLED", reason },
    conflict: CHANGED,
    tell: (tx, queues, eventId, updated) =>
      tellResident(
        tx,
        queues,
        eventId,
        updated,
        reason === "NO_ANSWER"
          ? RESIDENT_TEXT.cancelledNoAnswer(updated.topic)
          : RESIDENT_TEXT.cancelledSolved(updated.topic),
      ),
  });
}

async function moveHelpRequest(
  deps: HelpDeps,
  actor: MemberWithUnit,
  row: HelpRequestRow,
  unitCode: string,
): Promise<HelpRequestRow> {
  refuseClosed(row);
  if (row.status === "CLAIMED") requireClaimantOrLead(actor, row);
  const target = await findCurrentUnit(deps.prisma, unitCode);
  if (!target) throw new NotFoundError(`Không tìm thấy đơn vị ${unitCode}.`, "UNIT_NOT_FOUND");
  if (target.retired || target.id === row.unitId) {
    throw new InvalidInputError(
      target.retired ? "Đơn vị này không còn hoạt động." : "Yêu cầu đã ở đơn vị này rồi.",
      HELP_ERROR_CODES.badMoveTarget,
    );
  }
  const targetUnit = await deps.prisma.unit.findUniqueOrThrow({ where: { id: target.id }, select: { name: true } });
  return applyChange(deps, actor, row, {
    guard: { status: row.status, claimedById: row.claimedById, unitId: row.unitId },
    data: { unitId: target.id, status: "OPEN", claimedById: null, claimedAt: null, escalationLevel: 0 },
    event: { kind: "MOVED", reason: "WRONG_UNIT", fromUnitId: row.unitId, toUnitId: target.id },
    conflict: CHANGED,
    tell: async (tx, queues, eventId, updated, at) => {
      await tellResident(tx, queues, eventId, updated, RESIDENT_TEXT.moved(updated.topic, targetUnit.name));
      await queueMemberNotices(tx, queues, deps.config, {
        helpRequestId: updated.id,
        eventKey: eventId,
        at,
        unitId: target.id,
        whileRequest: { status: "OPEN", unitId: target.id },
        text: MEMBER_TEXT.movedIn(targetUnit.name, row.unit.name, updated.topic, updated.preferredTime),
      });
    },
  });
}

/**
 * The claimant (or a lead or admin over the unit) marks it done; the resident is thanked and asked to rate it.
 * The mini-app then opens the assistance-log form prefilled and linked to the request.
 */
export async function completeHelpRequest(deps: HelpDeps, actor: MemberWithUnit, id: string): Promise<HelpRequestRow> {
  const { row } = await requestInScope(deps.prisma, actor, id);
  if (row.status === "DONE") return row;
  if (row.status !== "CLAIMED") {
    throw new ConflictError(
      row.status === "OPEN" ? "Hãy nhận yêu cầu trước khi báo hoàn thành." : "Yêu cầu này đã đóng.",
      row.status === "OPEN" ? HELP_ERROR_CODES.notClaimed : HELP_ERROR_CODES.closed,
    );
  }
  requireClaimantOrLead(actor, row);
  const buttons: QuickReplyButton[] = [5, 4, 3, 2, 1].map((score) => ({
    kind: "reply",
    title: HELP_RATING_BUTTON_TITLES[score] ?? String(score),
    payload: helpRatingPayload(score),
  }));
  return applyChange(deps, actor, row, {
    guard: { status: "CLAIMED", claimedById: row.claimedById },
    data: { status: "DONE", doneAt: new Date() },
    event: { kind: "DONE" },
    conflict: CHANGED,
    tell: (tx, queues, eventId, updated) =>
      tellResident(tx, queues, eventId, updated, RESIDENT_TEXT.done(updated.topic), buttons),
  });
}
