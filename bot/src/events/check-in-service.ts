import {
  type CheckInResponse,
  EVENT_ERROR_CODES,
  type EventRegistrationList,
  type EventRegistration as RegistrationDto,
} from "@xks/shared/api/events";
import { foldVietnamese } from "@xks/shared/text/fold-vietnamese";
import type { MemberWithUnit } from "../auth/request-auth.ts";
import type { PrismaClient } from "../db.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors.ts";
import { writeAuditLog } from "../services/audit-log.ts";
import { canWorkAtEvent } from "./event-access.ts";

/** At the door, a list longer than this asks for a name or a number instead. */
const MAX_LISTED = 200;

const select = {
  id: true,
  number: true,
  status: true,
  registeredAt: true,
  checkedInAt: true,
  resident: { select: { displayName: true } },
} as const;

type RegistrationRow = {
  id: string;
  number: number | null;
  status: RegistrationDto["status"];
  registeredAt: Date;
  checkedInAt: Date | null;
  resident: { displayName: string | null };
};

function toDto(row: RegistrationRow): RegistrationDto {
  return {
    id: row.id,
    number: row.number,
    displayName: row.resident.displayName,
    status: row.status,
    registeredAt: row.registeredAt.toISOString(),
    checkedInAt: row.checkedInAt?.toISOString() ?? null,
  };
}

/** The event, if the member works at it (its units are theirs, above or below theirs). */
async function eventForWork(prisma: PrismaClient, actor: MemberWithUnit, eventId: string) {
  const event = await prisma.registrationEvent.findUnique({
    where: { id: eventId },
    select: { id: true, status: true, units: { select: { unitId: true } } },
  });
  if (!event) throw new NotFoundError("Không tìm thấy sự kiện này.", EVENT_ERROR_CODES.notFound);
  if (
    !(await canWorkAtEvent(
      prisma,
      actor,
      event.units.map((u) => u.unitId),
    ))
  ) {
    throw new ForbiddenError("Sự kiện này không thuộc đơn vị của bạn.", EVENT_ERROR_CODES.unitOutOfScope);
  }
  return event;
}

/** "12", "số 12", "#12", "so 12": the number the bot gave at sign-up. */
export function parseSignUpNumber(q: string): number | null {
  // Folding turns "#" into a space and "số" into "so".
  const match = /^(?:so\s*)?(\d{1,5})$/.exec(foldVietnamese(q));
  return match?.[1] ? Number(match[1]) : null;
}

/**
 * Who signed up (cancelled ones included, marked, since they may come anyway), found by the number or by part of
 * the Zalo display name typed with or without diacritics. A day's list is at most its capacity (thousands), read
 * whole and matched here: PostgreSQL has no Vietnamese folding without an extension.
 */
export async function searchRegistrations(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  eventId: string,
  q: string,
): Promise<EventRegistrationList> {
  await eventForWork(prisma, actor, eventId);
  const number = parseSignUpNumber(q);
  if (number !== null) {
    const rows = await prisma.eventRegistration.findMany({ where: { eventId, number }, select });
    return { items: rows.map(toDto) };
  }
  const rows = await prisma.eventRegistration.findMany({
    where: { eventId },
    select,
    orderBy: [{ number: "asc" }, { registeredAt: "asc" }],
  });
  const needle = foldVietnamese(q);
  const matching = needle
    ? rows.filter((r) => r.resident.displayName && foldVietnamese(r.resident.displayName).includes(needle))
    : rows;
  return { items: matching.slice(0, MAX_LISTED).map(toDto) };
}

/**
 * Checks a resident in. Idempotent: the first call sets the time and the member; later calls (a double tap, two
 * members at the door, the phone retrying) change nothing and say so with `checkedInNow: false`.
 */
export async function checkInRegistration(
  prisma: PrismaClient,
  actor: MemberWithUnit,
  eventId: string,
  registrationId: string,
  now: Date,
): Promise<CheckInResponse> {
  const event = await eventForWork(prisma, actor, eventId);
  if (event.status === "CANCELLED") throw new ConflictError("Sự kiện đã bị hủy.", EVENT_ERROR_CODES.cancelled);
  const updated = await prisma.eventRegistration.updateMany({
    where: { id: registrationId, eventId, checkedInAt: null },
    data: { checkedInAt: now, checkedInById: actor.id },
  });
  const row = await prisma.eventRegistration.findFirst({ where: { id: registrationId, eventId }, select });
  if (!row) throw new NotFoundError("Không tìm thấy người đăng ký này.", EVENT_ERROR_CODES.registrationNotFound);
  if (updated.count > 0) {
    await writeAuditLog(prisma, {
      actorId: actor.id,
      action: "event.check-in",
      targetType: "EventRegistration",
      targetId: registrationId,
    });
  }
  return { registration: toDto(row), checkedInNow: updated.count > 0 };
}
