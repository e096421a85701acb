import type { OutboundMessage } from "../channel/messages.ts";
import type { PrismaClient } from "../db.ts";
import {
  eventReminderKey,
  eventReminderMoments,
  parseEventReminderKey,
  planEventReminders,
} from "../reminders/plan-event-reminder.ts";
import type { ReminderPolicy } from "../reminders/reminder-policy.ts";
import { eventReminderMessage } from "./event-messages.ts";

export { eventReminderKeyPrefix } from "../reminders/plan-event-reminder.ts";

const DAY_MS = 86_400_000;

/**
 * Plans the reminders of registration days starting within two days: a Reminder row per registration and moment,
 * its unique dedupKey making a second planning (a concurrent scan, the next scan) create nothing. Only residents who
 * still follow the OA and did not say "dừng nhắc"; the send decides the rest (window, quiet hours, deadline).
 */
export async function planRegistrationEventReminders(
  prisma: PrismaClient,
  policy: ReminderPolicy,
  now: Date,
): Promise<number> {
  const events = await prisma.registrationEvent.findMany({
    where: { status: "OPEN", startsAt: { gt: now, lte: new Date(now.getTime() + 2 * DAY_MS) } },
    select: { id: true, startsAt: true },
  });
  let planned = 0;
  for (const event of events) {
    const registrations = await prisma.eventRegistration.findMany({
      where: {
        eventId: event.id,
        status: { in: ["REGISTERED", "REMIND_ONLY"] },
        resident: { followState: "FOLLOWING", remindersOptOut: false },
      },
      select: { residentId: true, status: true, registeredAt: true },
    });
    const data = registrations.flatMap((r) =>
      r.status === "CANCELLED"
        ? []
        : planEventReminders(event.startsAt, { status: r.status, registeredAt: r.registeredAt }, now, policy).map(
            (plan) => ({
              dedupKey: eventReminderKey(event.id, r.residentId, plan.which, event.startsAt),
              kind: "REGISTRATION_EVENT" as const,
              residentId: r.residentId,
              dueAt: plan.dueAt,
              createdAt: now,
            }),
          ),
    );
    if (data.length === 0) continue;
    planned += (await prisma.reminder.createMany({ data, skipDuplicates: true })).count;
  }
  return planned;
}

/**
 * What a due event reminder is about, read again at send time: the event still open at the time it was planned for,
 * the resident still registered (or, for the day before, still asking to be reminded).
 */
export async function readEventReminderTarget(
  prisma: PrismaClient,
  dedupKey: string,
  policy: ReminderPolicy,
): Promise<{ stillRelevant: boolean; deadline: Date | null; message: OutboundMessage | null }> {
  const none = { stillRelevant: false, deadline: null, message: null };
  const key = parseEventReminderKey(dedupKey);
  if (!key) return none;
  const registration = await prisma.eventRegistration.findUnique({
    where: { eventId_residentId: { eventId: key.eventId, residentId: key.residentId } },
    include: { event: true },
  });
  if (!registration) return none;
  const { event } = registration;
  const wanted = key.which === "two-hours" ? ["REGISTERED"] : ["REGISTERED", "REMIND_ONLY"];
  if (
    event.status !== "OPEN" ||
    event.startsAt.getTime() !== key.startsAtMs ||
    !wanted.includes(registration.status) ||
    registration.status === "CANCELLED"
  ) {
    return none;
  }
  return {
    stillRelevant: true,
    deadline: eventReminderMoments(event.startsAt, key.which, policy).deadline,
    message: eventReminderMessage(
      event,
      { number: registration.number, status: registration.status },
      key.which,
      policy.timeZone,
    ),
  };
}
