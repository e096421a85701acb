import type { OutboundMessage } from "../channel/messages.ts";
import type { PrismaClient } from "../db.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import {
  type EventChange,
  eventChangeNoticeKey,
  eventChangeNoticeKeyPrefix,
  mergeEventChanges,
  parseEventChangeNoticeKey,
} from "../reminders/plan-event-change-notice.ts";
import { eventCancelledNotice, eventMovedNotice } from "./event-messages.ts";

/**
 * Residents signed up for a registration day ("Đăng ký tham gia" or "Nhắc tôi") are told when it is cancelled or its
 * time or place changes. Recording happens in the transaction that changes the event; sending is the reminder scan's
 * (`jobs/cron.scan-reminders.ts`), which reads the event again at send time: quiet hours, the reply window and the
 * billed band are the reminders' rules, and `reminder:<id>` keeps it to one message however often the scan runs.
 */

/**
 * One PENDING notice per signed-up resident who still follows the OA, due now. A notice not sent yet (quiet hours)
 * is replaced by one saying both changes, so a lead who fixes the time twice in the evening sends one message in the
 * morning. Answers how many residents will be told.
 */
export async function recordEventChangeNotices(
  tx: Prisma.TransactionClient,
  eventId: string,
  change: EventChange,
  now: Date,
): Promise<number> {
  const prefix = eventChangeNoticeKeyPrefix(eventId);
  const pending = await tx.reminder.findMany({
    where: { status: "PENDING", kind: "REGISTRATION_EVENT_CHANGE", dedupKey: { startsWith: prefix } },
    select: { id: true, dedupKey: true },
  });
  const earlier = new Map<string, EventChange>();
  for (const row of pending) {
    const key = parseEventChangeNoticeKey(row.dedupKey);
    if (key) earlier.set(key.residentId, mergeEventChanges(earlier.get(key.residentId) ?? null, key.change));
  }
  if (pending.length > 0) {
    await tx.reminder.updateMany({
      where: { id: { in: pending.map((r) => r.id) }, status: "PENDING" },
      data: { status: "CANCELLED", reason: "superseded" },
    });
  }
  const registrations = await tx.eventRegistration.findMany({
    where: { eventId, status: { in: ["REGISTERED", "REMIND_ONLY"] }, resident: { followState: "FOLLOWING" } },
    select: { residentId: true },
  });
  if (registrations.length === 0) return 0;
  const created = await tx.reminder.createMany({
    data: registrations.map((r) => ({
      dedupKey: eventChangeNoticeKey(
        eventId,
        r.residentId,
        mergeEventChanges(earlier.get(r.residentId) ?? null, change),
        now,
      ),
      kind: "REGISTRATION_EVENT_CHANGE" as const,
      residentId: r.residentId,
      dueAt: now,
      createdAt: now,
    })),
    skipDuplicates: true,
  });
  return created.count;
}

/**
 * What a due change notice says, read at send time: a cancellation still stands (an event is never reopened), a
 * move only while the event is open; the resident still signed up. Not worth sending once the event has started.
 */
export async function readEventChangeNoticeTarget(
  prisma: PrismaClient,
  dedupKey: string,
  timeZone: string,
): Promise<{ stillRelevant: boolean; deadline: Date | null; message: OutboundMessage | null }> {
  const none = { stillRelevant: false, deadline: null, message: null };
  const key = parseEventChangeNoticeKey(dedupKey);
  if (!key) return none;
  const registration = await prisma.eventRegistration.findUnique({
    where: { eventId_residentId: { eventId: key.eventId, residentId: key.residentId } },
    include: { event: true },
  });
  if (!registration || registration.status === "CANCELLED") return none;
  const { event } = registration;
  const { change } = key;
  if (change.kind === "cancelled") {
    if (event.status !== "CANCELLED") return none;
    return { stillRelevant: true, deadline: event.startsAt, message: eventCancelledNotice(event, timeZone) };
  }
  if (event.status !== "OPEN") return none;
  return {
    stillRelevant: true,
    deadline: event.startsAt,
    message: eventMovedNotice(
      event,
      { number: registration.number, status: registration.status },
      { time: change.time, place: change.place },
      timeZone,
    ),
  };
}
