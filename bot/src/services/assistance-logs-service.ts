import {
  ASSISTANCE_LOG_EDIT_WINDOW_HOURS,
  type AssistanceLog as AssistanceLogDto,
  type createAssistanceLogBodySchema,
  type updateAssistanceLogBodySchema,
} from "@xks/shared/api/assistance-logs";
import { HELP_ERROR_CODES } from "@xks/shared/api/help-requests";
import { redactSensitive } from "@xks/shared/privacy/redact-sensitive";
import type { z } from "zod";
import type { MemberWithUnit } from "../auth/request-auth.ts";
import { scopeIncludes, unitIdFilter, unitScopeOf } from "../auth/unit-scope.ts";
import type { PrismaClient } from "../db.ts";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from "../errors.ts";
import { canWorkAtEvent } from "../events/event-access.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { addDays, startOfLocalDay } from "./zoned-time.ts";

type CreateBody = z.output<typeof createAssistanceLogBodySchema>;
type UpdateBody = z.output<typeof updateAssistanceLogBodySchema>;

export const EDIT_WINDOW_MS = ASSISTANCE_LOG_EDIT_WINDOW_HOURS * 60 * 60 * 1000;

const include = { member: { select: { id: true, name: true } }, unit: { select: { code: true, name: true } } } as const;
export type AssistanceLogRow = Prisma.AssistanceLogGetPayload<{ include: typeof include }>;

export function toAssistanceLogDto(log: AssistanceLogRow): AssistanceLogDto {
  return {
    id: log.id,
    clientId: log.clientId,
    member: { id: log.member.id, name: log.member.name },
    unit: { code: log.unit.code, name: log.unit.name },
    happenedAt: log.happenedAt.toISOString(),
    services: log.services,
    people: log.people,
    minutes: log.minutes,
    hamlet: log.hamlet,
    outcome: log.outcome,
    note: log.note,
    helpRequestId: log.helpRequestId,
    eventId: log.eventId,
    createdAt: log.createdAt.toISOString(),
    updatedAt: log.updatedAt.toISOString(),
    editableUntil: new Date(log.createdAt.getTime() + EDIT_WINDOW_MS).toISOString(),
  };
}

/** Notes are free text typed in a hurry: never keep an ID number, OTP or password in them. */
function cleanNote(note: string | null | undefined): string | null {
  if (!note) return null;
  return redactSensitive(note).text;
}

/** The hamlet is free text too ("thôn Đông, nhà bà Lan 038…"): the same guard. */
function cleanHamlet(hamlet: string): string {
  return redactSensitive(hamlet).text;
}

/**
 * Records an assistance. Idempotent on `clientId`: the phone may send the same entry many times (offline queue,
 * a timeout after the server already saved it); only the first creates a row, the others get that row back.
 */
export async function createAssistanceLog(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  body: CreateBody,
): Promise<{ log: AssistanceLogRow; created: boolean }> {
  const existing = await prisma.assistanceLog.findUnique({ where: { clientId: body.clientId }, include });
  if (existing) return { log: sameAuthor(existing, actor), created: false };
  if (!actor.unitId) throw new ForbiddenError("Bạn chưa thuộc đơn vị nào nên chưa ghi nhận được.", "NO_UNIT");

  if (body.helpRequestId) {
    const help = await prisma.helpRequest.findUnique({ where: { id: body.helpRequestId }, select: { unitId: true } });
    const scope = await unitScopeOf(prisma, actor);
    if (!help || !scopeIncludes(scope, help.unitId)) {
      throw new InvalidInputError("Không tìm thấy yêu cầu hỗ trợ này trong đơn vị của bạn.", "HELP_REQUEST_NOT_FOUND");
    }
    // One request, one log: the work it took counts once (the request's own counts are "done", not people helped).
    const logged = await prisma.assistanceLog.findFirst({
      where: { helpRequestId: body.helpRequestId },
      select: { member: { select: { name: true } } },
    });
    if (logged) {
      throw new ConflictError(
        `Yêu cầu này đã được ${logged.member.name} ghi nhận rồi, không cần ghi lại.`,
        HELP_ERROR_CODES.alreadyLogged,
      );
    }
  }
  if (body.eventId) {
    const event = await prisma.registrationEvent.findUnique({
      where: { id: body.eventId },
      select: { status: true, units: { select: { unitId: true } } },
    });
    if (
      !event ||
      !(await canWorkAtEvent(
        prisma,
        actor,
        event.units.map((u) => u.unitId),
      ))
    ) {
      throw new InvalidInputError("Không tìm thấy sự kiện này trong đơn vị của bạn.", "EVENT_NOT_FOUND");
    }
    if (event.status === "CANCELLED") throw new ConflictError("Sự kiện đã bị hủy.", "EVENT_CANCELLED");
  }
  try {
    const log = await prisma.assistanceLog.create({
      data: {
        clientId: body.clientId,
        memberId: actor.id,
        unitId: actor.unitId,
        happenedAt: new Date(body.happenedAt),
        services: body.services,
        people: body.people,
        minutes: body.minutes,
        hamlet: cleanHamlet(body.hamlet),
        outcome: body.outcome,
        note: cleanNote(body.note),
        helpRequestId: body.helpRequestId ?? null,
        eventId: body.eventId ?? null,
      },
      include,
    });
    return { log, created: true };
  } catch (error) {
    // Two copies of the same entry raced (two tabs, a retry while the first was in flight): the winner stands.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const winner = await prisma.assistanceLog.findUnique({ where: { clientId: body.clientId }, include });
      if (winner) return { log: sameAuthor(winner, actor), created: false };
    }
    throw error;
  }
}

function sameAuthor(log: AssistanceLogRow, actor: MemberWithUnit): AssistanceLogRow {
  // A client id is a random UUID; another member's id here is a client bug or a probe. Do not show their entry.
  if (log.memberId !== actor.id) {
    throw new ConflictError("Mã bản ghi này đã được dùng. Vui lòng tạo bản ghi mới.", "CLIENT_ID_TAKEN");
  }
  return log;
}

/** The author corrects their own entry, within 24 hours of recording it. */
export async function updateAssistanceLog(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  id: string,
  body: UpdateBody,
  now = new Date(),
): Promise<AssistanceLogRow> {
  const log = await prisma.assistanceLog.findUnique({ where: { id }, include });
  if (!log) throw new NotFoundError("Không tìm thấy bản ghi này.", "ASSISTANCE_LOG_NOT_FOUND");
  if (log.memberId !== actor.id) throw new ForbiddenError("Bạn chỉ sửa được bản ghi của chính mình.");
  if (now.getTime() - log.createdAt.getTime() > EDIT_WINDOW_MS) {
    throw new ConflictError(
      `Chỉ sửa được bản ghi trong ${ASSISTANCE_LOG_EDIT_WINDOW_HOURS} giờ sau khi ghi nhận.`,
      "EDIT_WINDOW_CLOSED",
    );
  }
  return prisma.assistanceLog.update({
    where: { id },
    data: {
      ...(body.happenedAt !== undefined ? { happenedAt: new Date(body.happenedAt) } : {}),
      ...(body.services !== undefined ? { services: body.services } : {}),
      ...(body.people !== undefined ? { people: body.people } : {}),
      ...(body.minutes !== undefined ? { minutes: body.minutes } : {}),
      ...(body.hamlet !== undefined ? { hamlet: cleanHamlet(body.hamlet) } : {}),
      ...(body.outcome !== undefined ? { outcome: body.outcome } : {}),
      ...(body.note !== undefined ? { note: cleanNote(body.note) } : {}),
    },
    include,
  });
}

export interface AssistanceLogFilter {
  from?: string | undefined;
  to?: string | undefined;
  unitCode?: string | undefined;
  mine?: boolean | undefined;
}

/**
 * The `where` for what this member may read: a member only their own entries, a unit lead their unit (and its
 * sub-units), an admin everything; then the filters. Used by the list and by the exports.
 */
export async function assistanceLogWhere(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  filter: AssistanceLogFilter,
  timeZone: string,
): Promise<Prisma.AssistanceLogWhereInput> {
  if (filter.from && filter.to && filter.from > filter.to) {
    throw new InvalidInputError("Ngày bắt đầu phải trước ngày kết thúc.", "INVALID_DATE_RANGE");
  }
  const scope = await unitScopeOf(prisma, actor, filter.unitCode);
  const unitId = unitIdFilter(scope);
  const ownOnly = actor.role === "MEMBER" || filter.mine === true;
  const happenedAt: Prisma.DateTimeFilter = {};
  if (filter.from) happenedAt.gte = startOfLocalDay(filter.from, timeZone);
  if (filter.to) happenedAt.lt = startOfLocalDay(addDays(filter.to, 1), timeZone);
  return {
    ...(unitId ? { unitId } : {}),
    ...(ownOnly ? { memberId: actor.id } : {}),
    ...(filter.from || filter.to ? { happenedAt } : {}),
  };
}

function encodeCursor(log: { happenedAt: Date; id: string }): string {
  return Buffer.from(`${log.happenedAt.toISOString()}|${log.id}`).toString("base64url");
}

function decodeCursor(cursor: string): { happenedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const happenedAt = new Date(at ?? "");
  if (!id || Number.isNaN(happenedAt.getTime())) {
    throw new InvalidInputError("Con trỏ phân trang không hợp lệ.", "INVALID_CURSOR");
  }
  return { happenedAt, id };
}

/** Newest first; `nextCursor` continues after the last item (stable while new entries arrive). */
export async function listAssistanceLogs(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  query: AssistanceLogFilter & { cursor?: string | undefined; limit: number },
  timeZone: string,
): Promise<{ items: AssistanceLogRow[]; nextCursor: string | null }> {
  const where = await assistanceLogWhere(prisma, actor, query, timeZone);
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await prisma.assistanceLog.findMany({
    where: after
      ? {
          AND: [
            where,
            {
              OR: [{ happenedAt: { lt: after.happenedAt } }, { happenedAt: after.happenedAt, id: { lt: after.id } }],
            },
          ],
        }
      : where,
    include,
    orderBy: [{ happenedAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
}
