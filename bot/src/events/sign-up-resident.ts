import type { OutboundMessage } from "../channel/messages.ts";
import { PROFILE_BUTTON } from "../conversation/profile-texts.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import {
  alreadyRegisteredMessage,
  announcementButtons,
  cancelledMessage,
  chooseEventMessage,
  EVENT_TEXT,
  type EventFacts,
  eventAnnouncementText,
  fullMessage,
  registeredMessage,
  remindOnlyMessage,
} from "./event-messages.ts";
import type { EventAction } from "./event-payloads.ts";
import { eventReminderKeyPrefix } from "./event-reminders.ts";

type Tx = Prisma.TransactionClient;

/** A resident's sign-up action: a tapped button names the event; typed words ("đăng ký") leave it to us. */
export interface SignUpRequest {
  action: EventAction;
  eventCode: number | null;
}

const eventSelect = {
  id: true,
  code: true,
  title: true,
  bring: true,
  place: true,
  startsAt: true,
  endsAt: true,
  organisedWith: true,
  capacity: true,
  status: true,
  units: { select: { unitId: true } },
} as const;
type EventRow = Prisma.RegistrationEventGetPayload<{ select: typeof eventSelect }>;

/**
 * Signs a resident up, puts them on the reminder list ("Nhắc tôi") or cancels, inside the turn's transaction (which
 * holds the resident's lock, so a double tap is handled after the first tap committed and finds the registration:
 * one row per event and resident, `@@unique([eventId, residentId])`). Seats are counted under the event's own
 * advisory lock, so two residents racing for the last seat cannot both get it. Returns the replies.
 */
export async function signUpResident(
  tx: Tx,
  resident: { id: string },
  request: SignUpRequest,
  now: Date,
  timeZone: string,
): Promise<OutboundMessage[]> {
  if (request.eventCode !== null) {
    const event = await tx.registrationEvent.findUnique({ where: { code: request.eventCode }, select: eventSelect });
    if (!event || event.status !== "OPEN" || event.endsAt <= now) return [{ text: EVENT_TEXT.eventOver }];
    return [await act(tx, resident.id, event, request.action, now, timeZone)];
  }
  if (request.action === "cancel") {
    const registrations = await tx.eventRegistration.findMany({
      where: {
        residentId: resident.id,
        status: { in: ["REGISTERED", "REMIND_ONLY"] },
        event: { status: "OPEN", endsAt: { gt: now } },
      },
      select: { event: { select: eventSelect } },
      orderBy: { event: { startsAt: "asc" } },
    });
    const events = registrations.map((r) => r.event);
    if (events.length === 0) return [{ text: EVENT_TEXT.nothingToCancel }];
    if (events.length === 1 && events[0]) return [await act(tx, resident.id, events[0], "cancel", now, timeZone)];
    return [chooseEventMessage(EVENT_TEXT.chooseToCancel, events, "cancel", timeZone)];
  }
  const events = await upcomingEventsFor(tx, resident.id, now);
  if (events.length === 0) return [{ text: EVENT_TEXT.noEvent }];
  if (events.length === 1 && events[0]) return [await act(tx, resident.id, events[0], request.action, now, timeZone)];
  return [chooseEventMessage(EVENT_TEXT.chooseToRegister, events, "register", timeZone)];
}

/**
 * The answer to «khi nào có ngày hội»: the open registration days for the resident's unit (or announced to them),
 * one with its details and its two buttons, several as a choice, none said plainly.
 */
export async function upcomingEventsMessage(
  tx: Tx,
  resident: { id: string },
  now: Date,
  timeZone: string,
): Promise<OutboundMessage> {
  const unitIds = await residentUnitIds(tx, resident.id);
  const events = await upcomingEventsFor(tx, resident.id, now, unitIds);
  const [only] = events;
  if (!only) {
    // Without a commune there is none "for your commune" to speak of: the resident is offered to give one.
    if (unitIds.length > 0) return { text: EVENT_TEXT.noEvent };
    const changeUnit = PROFILE_BUTTON.changeUnit;
    return { text: EVENT_TEXT.noEventNoUnit, buttons: [{ kind: "reply", title: changeUnit, payload: changeUnit }] };
  }
  if (events.length > 1) return chooseEventMessage(EVENT_TEXT.chooseToRegister, events, "register", timeZone);
  return { text: `${only.title}\n${eventAnnouncementText(only, timeZone)}`, buttons: announcementButtons(only.code) };
}

/**
 * Whether typed "đăng ký" / "hủy đăng ký" can mean a registration day for this resident: an open event for their
 * unit or announced to them, or one they signed up for. Otherwise the words keep their old meaning for the engine.
 * One cheap query in the common case (no open event anywhere).
 */
export async function hasOpenEventFor(tx: Tx, residentId: string, now: Date): Promise<boolean> {
  const any = await tx.registrationEvent.findFirst({
    where: { status: "OPEN", endsAt: { gt: now } },
    select: { id: true },
  });
  if (!any) return false;
  const signedUp = await tx.eventRegistration.count({
    where: {
      residentId,
      status: { in: ["REGISTERED", "REMIND_ONLY"] },
      event: { status: "OPEN", endsAt: { gt: now } },
    },
  });
  return signedUp > 0 || (await upcomingEventsFor(tx, residentId, now)).length > 0;
}

async function act(
  tx: Tx,
  residentId: string,
  event: EventRow,
  action: EventAction,
  now: Date,
  timeZone: string,
): Promise<OutboundMessage> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`event:${event.id}`}, 0))`;
  const existing = await tx.eventRegistration.findUnique({
    where: { eventId_residentId: { eventId: event.id, residentId } },
  });
  const key = { eventId_residentId: { eventId: event.id, residentId } };
  switch (action) {
    case "register": {
      if (existing?.status === "REGISTERED" && existing.number !== null) {
        return alreadyRegisteredMessage(event, existing.number, timeZone);
      }
      const taken = await tx.eventRegistration.count({ where: { eventId: event.id, status: "REGISTERED" } });
      if (taken >= event.capacity) {
        return fullMessage(event, await nextEventWithSeats(tx, residentId, event, now), timeZone);
      }
      // Someone who cancelled and comes back keeps their number: it may already be on a list at the door.
      const number = existing?.number ?? (await takeNumber(tx, event.id));
      await tx.eventRegistration.upsert({
        where: key,
        create: { eventId: event.id, residentId, number, status: "REGISTERED", registeredAt: now },
        update: { number, status: "REGISTERED", registeredAt: now, cancelledAt: null },
      });
      return registeredMessage(event, number, timeZone);
    }
    case "remind": {
      if (existing?.status === "REGISTERED" && existing.number !== null) {
        return alreadyRegisteredMessage(event, existing.number, timeZone);
      }
      await tx.eventRegistration.upsert({
        where: key,
        create: { eventId: event.id, residentId, status: "REMIND_ONLY", registeredAt: now },
        update: { status: "REMIND_ONLY", registeredAt: now, cancelledAt: null },
      });
      return remindOnlyMessage(event, timeZone);
    }
    case "cancel": {
      if (!existing || existing.status === "CANCELLED") return { text: EVENT_TEXT.nothingToCancel };
      await tx.eventRegistration.update({ where: key, data: { status: "CANCELLED", cancelledAt: now } });
      await tx.reminder.updateMany({
        where: { status: "PENDING", dedupKey: { startsWith: eventReminderKeyPrefix(event.id, residentId) } },
        data: { status: "CANCELLED", reason: "registration_cancelled" },
      });
      return cancelledMessage(event);
    }
    default: {
      const unknown: never = action;
      throw new Error(`unknown event action ${String(unknown)}`);
    }
  }
}

/** The next short number of the event (1, 2, 3…), taken under the event's lock. */
async function takeNumber(tx: Tx, eventId: string): Promise<number> {
  const rows = await tx.$queryRaw<{ n: number }[]>`
    UPDATE "RegistrationEvent" SET "nextNumber" = "nextNumber" + 1 WHERE "id" = ${eventId}
    RETURNING "nextNumber" - 1 AS n`;
  const n = rows[0]?.n;
  if (n === undefined) throw new Error(`registration event ${eventId} vanished`);
  return Number(n);
}

/** The resident's unit and the units above it: an event for a commune or for the whole district reaches them. */
async function residentUnitIds(tx: Tx, residentId: string): Promise<string[]> {
  const resident = await tx.resident.findUnique({ where: { id: residentId }, select: { unitId: true } });
  if (!resident?.unitId) return [];
  const ids: string[] = [];
  let current: string | null = resident.unitId;
  while (current && !ids.includes(current)) {
    ids.push(current);
    const unit: { parentId: string | null } | null = await tx.unit.findUnique({
      where: { id: current },
      select: { parentId: true },
    });
    current = unit?.parentId ?? null;
  }
  return ids;
}

/**
 * Open events a resident typing "đăng ký" may mean: those for their unit (or above it), and those announced to them
 * (a resident who never said their commune still got the notice), soonest first.
 */
async function upcomingEventsFor(
  tx: Tx,
  residentId: string,
  now: Date,
  unitIds?: readonly string[],
): Promise<EventRow[]> {
  const units = unitIds ?? (await residentUnitIds(tx, residentId));
  const resident = await tx.resident.findUnique({ where: { id: residentId }, select: { oaUserId: true } });
  const announcedTo = resident
    ? await tx.broadcastDelivery.findMany({
        where: { oaUserId: resident.oaUserId, status: "SENT" },
        select: { broadcastId: true },
        take: 200,
      })
    : [];
  return tx.registrationEvent.findMany({
    where: {
      status: "OPEN",
      endsAt: { gt: now },
      OR: [
        ...(units.length > 0 ? [{ units: { some: { unitId: { in: [...units] } } } }] : []),
        { broadcastId: { in: announcedTo.map((d) => d.broadcastId) } },
      ],
    },
    orderBy: { startsAt: "asc" },
    take: 5,
    select: eventSelect,
  });
}

/** The soonest other open event for the resident's unit (or the full event's units) that still has seats. */
async function nextEventWithSeats(tx: Tx, residentId: string, full: EventRow, now: Date): Promise<EventFacts | null> {
  const own = await residentUnitIds(tx, residentId);
  const unitIds = own.length > 0 ? own : full.units.map((u) => u.unitId);
  const candidates = await tx.registrationEvent.findMany({
    where: {
      id: { not: full.id },
      status: "OPEN",
      startsAt: { gt: now },
      units: { some: { unitId: { in: unitIds } } },
    },
    orderBy: { startsAt: "asc" },
    take: 10,
    select: eventSelect,
  });
  for (const candidate of candidates) {
    const taken = await tx.eventRegistration.count({ where: { eventId: candidate.id, status: "REGISTERED" } });
    if (taken < candidate.capacity) return candidate;
  }
  return null;
}
