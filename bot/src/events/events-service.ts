import {
  type createEventBodySchema,
  EVENT_ERROR_CODES,
  EVENT_MAX_DURATION_HOURS,
  type EventCounts,
  type RegistrationEvent as EventDto,
  type EventList,
  type listEventsQuerySchema,
  type updateEventBodySchema,
} from "@xks/shared/api/events";
import type { z } from "zod";
import type { MemberWithUnit } from "../auth/request-auth.ts";
import { unitScopeOf } from "../auth/unit-scope.ts";
import { cancelBroadcast, createBroadcast } from "../broadcasts/broadcasts-service.ts";
import type { PrismaClient } from "../db.ts";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { enqueueReminderScanNow, type Queues } from "../queues/queues.ts";
import { writeAuditLog } from "../services/audit-log.ts";
import { canEditEvent, eventUnitsVisibleTo } from "./event-access.ts";
import { recordEventChangeNotices } from "./event-change-notices.ts";
import { eventAnnouncementText } from "./event-messages.ts";

type CreateBody = z.output<typeof createEventBodySchema>;
type UpdateBody = z.output<typeof updateEventBodySchema>;
type ListQuery = z.output<typeof listEventsQuerySchema>;

export interface EventDeps {
  prisma: PrismaClient;
  queues: Queues;
  now(): Date;
  timeZone: string;
}

const HOUR_MS = 3_600_000;

const include = { units: { include: { unit: { select: { id: true, code: true, name: true } } } } } as const;
type EventRow = Prisma.RegistrationEventGetPayload<{ include: typeof include }>;

/** The rules a new or edited event must meet, with the reason in Vietnamese and a stable code. */
function checkTimes(startsAt: Date, endsAt: Date, now: Date): void {
  if (startsAt.getTime() <= now.getTime()) {
    throw new InvalidInputError("Thời gian bắt đầu đã qua. Vui lòng chọn thời gian sắp tới.", EVENT_ERROR_CODES.inPast);
  }
  if (endsAt.getTime() <= startsAt.getTime()) {
    throw new InvalidInputError("Thời gian kết thúc phải sau thời gian bắt đầu.", EVENT_ERROR_CODES.endsBeforeStart);
  }
  if (endsAt.getTime() - startsAt.getTime() > EVENT_MAX_DURATION_HOURS * HOUR_MS) {
    throw new InvalidInputError(
      `Một buổi đăng ký kéo dài tối đa ${EVENT_MAX_DURATION_HOURS} giờ.`,
      EVENT_ERROR_CODES.tooLong,
    );
  }
}

/** The units by code, each existing, current (not merged or dissolved) and inside the creator's scope. */
async function resolveUnits(prisma: PrismaClient, actor: MemberWithUnit, codes: readonly string[]) {
  const units = await prisma.unit.findMany({
    where: { code: { in: [...codes] } },
    select: { id: true, code: true, name: true, retiredAt: true, mergedInto: { select: { name: true } } },
  });
  const missing = codes.filter((code) => !units.some((u) => u.code === code));
  if (missing.length > 0) {
    throw new InvalidInputError(`Không có đơn vị: ${missing.join(", ")}.`, EVENT_ERROR_CODES.unitNotFound);
  }
  const inactive = units.filter((u) => u.mergedInto || u.retiredAt);
  if (inactive.length > 0) {
    const why = inactive.map((u) =>
      u.mergedInto ? `${u.name} đã sáp nhập vào ${u.mergedInto.name}` : `${u.name} đã giải thể`,
    );
    throw new InvalidInputError(`${why.join("; ")}. Hãy chọn đơn vị hiện nay.`, EVENT_ERROR_CODES.unitInactive);
  }
  const scope = await unitScopeOf(prisma, actor);
  if (
    !canEditEvent(
      actor,
      scope,
      units.map((u) => u.id),
    )
  ) {
    const outside = scope.all ? [] : units.filter((u) => !scope.unitIds.includes(u.id));
    throw new ForbiddenError(
      `Bạn chỉ tạo được sự kiện cho đơn vị mình phụ trách. Ngoài phạm vi: ${outside.map((u) => u.name).join(", ")}.`,
      EVENT_ERROR_CODES.unitOutOfScope,
    );
  }
  return units;
}

export async function createEvent(deps: EventDeps, actor: MemberWithUnit, body: CreateBody): Promise<EventDto> {
  const startsAt = new Date(body.startsAt);
  const endsAt = new Date(body.endsAt);
  checkTimes(startsAt, endsAt, deps.now());
  const units = await resolveUnits(deps.prisma, actor, body.unitCodes);
  const event = await deps.prisma.$transaction(async (tx) => {
    const created = await tx.registrationEvent.create({
      data: {
        title: body.title,
        bring: body.bring,
        place: body.place,
        startsAt,
        endsAt,
        capacity: body.capacity,
        organisedWith: body.organisedWith,
        createdById: actor.id,
        units: { create: units.map((u) => ({ unitId: u.id })) },
      },
    });
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "event.create",
      targetType: "RegistrationEvent",
      targetId: created.id,
      details: { title: body.title, unitCodes: [...body.unitCodes] },
    });
    return created;
  });
  if (body.announce) await announceEvent(deps, actor, event.id);
  return getEvent(deps, actor, event.id);
}

/**
 * Announces the event to its units' residents through the broadcast machinery (reply window, quiet hours, cost
 * bands and exactly-once sends are its rules). The deliveries carry the sign-up buttons: `send-batch` finds
 * the event by the broadcast id. Once per event.
 */
export async function announceEvent(deps: EventDeps, actor: MemberWithUnit, id: string): Promise<EventDto> {
  const event = await loadEditable(deps, actor, id);
  if (event.broadcastId) {
    throw new ConflictError("Sự kiện này đã được thông báo.", "EVENT_ALREADY_ANNOUNCED");
  }
  const { id: broadcastId } = await createBroadcast(
    { prisma: deps.prisma, queues: deps.queues, now: deps.now },
    {
      title: event.title,
      text: eventAnnouncementText(event, deps.timeZone),
      audience: { kind: "residents", unitCodes: event.units.map((u) => u.unit.code) },
    },
    actor.id,
  );
  await deps.prisma.registrationEvent.update({ where: { id }, data: { broadcastId } });
  return getEvent(deps, actor, id);
}

async function loadEditable(deps: EventDeps, actor: MemberWithUnit, id: string): Promise<EventRow> {
  const event = await deps.prisma.registrationEvent.findUnique({ where: { id }, include });
  if (!event) throw new NotFoundError("Không tìm thấy sự kiện này.", EVENT_ERROR_CODES.notFound);
  const scope = await unitScopeOf(deps.prisma, actor);
  if (
    !canEditEvent(
      actor,
      scope,
      event.units.map((u) => u.unitId),
    )
  ) {
    throw new ForbiddenError("Bạn không có quyền sửa sự kiện này.", EVENT_ERROR_CODES.unitOutOfScope);
  }
  if (event.status === "CANCELLED") {
    throw new ConflictError("Sự kiện đã bị hủy.", EVENT_ERROR_CODES.cancelled);
  }
  return event;
}

export async function updateEvent(
  deps: EventDeps,
  actor: MemberWithUnit,
  id: string,
  body: UpdateBody,
): Promise<EventDto> {
  const event = await loadEditable(deps, actor, id);
  const startsAt = body.startsAt ? new Date(body.startsAt) : event.startsAt;
  const endsAt = body.endsAt ? new Date(body.endsAt) : event.endsAt;
  if (body.startsAt || body.endsAt) checkTimes(startsAt, endsAt, deps.now());
  if (body.capacity !== undefined) {
    const registered = await deps.prisma.eventRegistration.count({ where: { eventId: id, status: "REGISTERED" } });
    if (body.capacity < registered) {
      throw new InvalidInputError(
        `Đã có ${registered} người đăng ký: số chỗ không thể ít hơn.`,
        EVENT_ERROR_CODES.capacityBelowRegistered,
      );
    }
  }
  const timeChanged = startsAt.getTime() !== event.startsAt.getTime() || endsAt.getTime() !== event.endsAt.getTime();
  const placeChanged = body.place !== undefined && body.place !== event.place;
  const now = deps.now();
  const told = await deps.prisma.$transaction(async (tx) => {
    await tx.registrationEvent.update({
      where: { id },
      data: {
        ...(body.title !== undefined ? { title: body.title } : {}),
        ...(body.bring !== undefined ? { bring: body.bring } : {}),
        ...(body.place !== undefined ? { place: body.place } : {}),
        ...(body.organisedWith !== undefined ? { organisedWith: body.organisedWith } : {}),
        ...(body.capacity !== undefined ? { capacity: body.capacity } : {}),
        startsAt,
        endsAt,
      },
    });
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "event.update",
      targetType: "RegistrationEvent",
      targetId: id,
      details: Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)),
    });
    // Who signed up planned their day around the time and place: they are told (the title or capacity is no news).
    return timeChanged || placeChanged
      ? recordEventChangeNotices(tx, id, { kind: "moved", time: timeChanged, place: placeChanged }, now)
      : 0;
  });
  if (told > 0) await tellSoon(deps, id, now);
  return getEvent(deps, actor, id);
}

/**
 * Cancels the event: its announcement stops if still sending, its pending reminders are cancelled, and everyone
 * signed up is told (once: only the call that moves it from OPEN records the notices).
 */
export async function cancelEvent(deps: EventDeps, actor: MemberWithUnit, id: string): Promise<EventDto> {
  const event = await loadEditable(deps, actor, id);
  const now = deps.now();
  const told = await deps.prisma.$transaction(async (tx) => {
    const cancelled = await tx.registrationEvent.updateMany({
      where: { id, status: "OPEN" },
      data: { status: "CANCELLED", cancelledAt: now },
    });
    if (cancelled.count === 0) throw new ConflictError("Sự kiện đã bị hủy.", EVENT_ERROR_CODES.cancelled);
    await tx.reminder.updateMany({
      where: { status: "PENDING", dedupKey: { startsWith: `event:${id}:` } },
      data: { status: "CANCELLED", reason: "event_cancelled" },
    });
    await writeAuditLog(tx, {
      actorId: actor.id,
      action: "event.cancel",
      targetType: "RegistrationEvent",
      targetId: id,
    });
    return recordEventChangeNotices(tx, id, { kind: "cancelled" }, now);
  });
  if (told > 0) await tellSoon(deps, id, now);
  if (event.broadcastId) {
    const broadcast = await deps.prisma.broadcast.findUnique({
      where: { id: event.broadcastId },
      select: { status: true },
    });
    if (broadcast && (broadcast.status === "SCHEDULED" || broadcast.status === "SENDING")) {
      await cancelBroadcast({ prisma: deps.prisma, queues: deps.queues, now: deps.now }, event.broadcastId);
    }
  }
  return getEvent(deps, actor, id);
}

/** The notices are recorded; the scan sends them. Redis away: the recurring scan sends them minutes later. */
async function tellSoon(deps: EventDeps, eventId: string, now: Date): Promise<void> {
  await enqueueReminderScanNow(deps.queues, `event-${eventId}`, now).catch(() => undefined);
}

/** One event, if the member may see it (its units are theirs, below or above theirs). */
export async function getEvent(deps: EventDeps, actor: MemberWithUnit, id: string): Promise<EventDto> {
  const event = await deps.prisma.registrationEvent.findUnique({ where: { id }, include });
  const visible = await eventUnitsVisibleTo(deps.prisma, actor);
  if (!event || (!visible.all && !event.units.some((u) => visible.unitIds.includes(u.unitId)))) {
    throw new NotFoundError("Không tìm thấy sự kiện này.", EVENT_ERROR_CODES.notFound);
  }
  const counts = await countEvents(deps.prisma, [id]);
  const scope = await unitScopeOf(deps.prisma, actor);
  return toDto(
    event,
    counts.get(id) ?? emptyCounts(),
    canEditEvent(
      actor,
      scope,
      event.units.map((u) => u.unitId),
    ),
  );
}

export async function listEvents(deps: EventDeps, actor: MemberWithUnit, query: ListQuery): Promise<EventList> {
  const visible = await eventUnitsVisibleTo(deps.prisma, actor);
  const now = deps.now();
  const events = await deps.prisma.registrationEvent.findMany({
    where: {
      ...(visible.all ? {} : { units: { some: { unitId: { in: [...visible.unitIds] } } } }),
      ...(query.when === "upcoming" ? { endsAt: { gt: now } } : query.when === "past" ? { endsAt: { lte: now } } : {}),
    },
    orderBy: { startsAt: query.when === "past" ? "desc" : "asc" },
    take: 100,
    include,
  });
  const counts = await countEvents(
    deps.prisma,
    events.map((e) => e.id),
  );
  const scope = await unitScopeOf(deps.prisma, actor);
  return {
    items: events.map((e) =>
      toDto(
        e,
        counts.get(e.id) ?? emptyCounts(),
        canEditEvent(
          actor,
          scope,
          e.units.map((u) => u.unitId),
        ),
      ),
    ),
  };
}

const emptyCounts = (): EventCounts => ({
  registered: 0,
  checkedIn: 0,
  remindOnly: 0,
  cancelled: 0,
  peopleHelped: 0,
  vneidActivations: 0,
});

/** The event page's figures, counted in PostgreSQL for all the listed events at once. */
export async function countEvents(prisma: PrismaClient, ids: readonly string[]): Promise<Map<string, EventCounts>> {
  const result = new Map<string, EventCounts>(ids.map((id) => [id, emptyCounts()]));
  if (ids.length === 0) return result;
  const rows = await prisma.$queryRaw<{ eventId: string; status: string; n: bigint; checked: bigint }[]>`
    SELECT "eventId", "status"::text AS status, COUNT(*) AS n, COUNT("checkedInAt") AS checked
    FROM "EventRegistration" WHERE "eventId" = ANY(${[...ids]}::text[]) GROUP BY "eventId", "status"`;
  for (const row of rows) {
    const counts = result.get(row.eventId);
    if (!counts) continue;
    if (row.status === "REGISTERED") counts.registered = Number(row.n);
    if (row.status === "REMIND_ONLY") counts.remindOnly = Number(row.n);
    if (row.status === "CANCELLED") counts.cancelled = Number(row.n);
    // Someone checked in who cancelled afterwards still came.
    counts.checkedIn += Number(row.checked);
  }
  const logs = await prisma.$queryRaw<{ eventId: string; people: bigint; vneid: bigint }[]>`
    SELECT "eventId", COALESCE(SUM("people"), 0) AS people,
           COALESCE(SUM("people") FILTER (WHERE 'VNEID' = ANY("services") AND "outcome" = 'DONE'), 0) AS vneid
    FROM "AssistanceLog" WHERE "eventId" = ANY(${[...ids]}::text[]) GROUP BY "eventId"`;
  for (const row of logs) {
    const counts = result.get(row.eventId);
    if (!counts) continue;
    counts.peopleHelped = Number(row.people);
    counts.vneidActivations = Number(row.vneid);
  }
  return result;
}

function toDto(event: EventRow, counts: EventCounts, editable: boolean): EventDto {
  return {
    id: event.id,
    title: event.title,
    bring: event.bring,
    place: event.place,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    capacity: event.capacity,
    organisedWith: event.organisedWith,
    status: event.status,
    units: event.units.map((u) => ({ code: u.unit.code, name: u.unit.name })),
    editable: editable && event.status === "OPEN",
    announced: event.broadcastId !== null,
    counts,
    createdAt: event.createdAt.toISOString(),
  };
}
