import type { OutboundMessage } from "../channel/messages.ts";
import { readEventChangeNoticeTarget } from "../events/event-change-notices.ts";
import { planRegistrationEventReminders, readEventReminderTarget } from "../events/event-reminders.ts";
import type { ReminderKind } from "../generated/prisma/client.ts";
import { paidSendsAllowed } from "../outbound/paid-sends.ts";
import { queueOutboundMessage } from "../outbound/queue-outbound-message.ts";
import { decideReminderSend, isSameLocalDay } from "../reminders/decide-reminder-send.ts";
import { planChecklistReminder } from "../reminders/plan-checklist-reminder.ts";
import { noticeReminderDeadline, noticeReminderKey, planNoticeReminder } from "../reminders/plan-notice-reminder.ts";
import { checklistReminderMessage, noticeReminderMessage } from "../reminders/reminder-messages.ts";
import { type ReminderPolicy, reminderPolicyFrom } from "../reminders/reminder-policy.ts";
import { isTakenOver } from "../takeover/decide-takeover-turn.ts";
import { startOfLocalDay } from "../time/local-time.ts";
import { REPLY_WINDOW_MS } from "../time/reply-window.ts";
import type { JobContext } from "./job-context.ts";

const SCAN_BATCH = 500;
const DAY_MS = 24 * 3600 * 1000;

export interface ScanRemindersReport {
  planned: number;
  sent: number;
  deferred: number;
  skipped: number;
}

const reachSelect = { followState: true, remindersOptOut: true, lastInteractionAt: true } as const;

/**
 * The reminder scan (every 5 minutes). It first plans: a Reminder row per due reminder, whose unique `dedupKey`
 * (`checklist:<progressId>:<n>`, `notice:<contentId>:<residentId>`,
 * `event:<eventId>:<residentId>:<moment>:<startsAt>`; a registration day's change notices,
 * `event-change:<eventId>:<residentId>:<what>:<at>`, are recorded by `events/`) makes planning the same reminder twice
 * impossible, whatever runs concurrently. Then it sends the PENDING reminders that are due, each through
 * queueOutboundMessage with idempotency key `reminder:<reminderId>`, so a crash between queueing and marking SENT
 * cannot send twice either. Decisions (window, quiet hours, daily cap, opt-out) are the pure functions of
 * `reminders/`; this file only reads and writes.
 */
export async function scanReminders(ctx: JobContext): Promise<ScanRemindersReport> {
  const policy = reminderPolicyFrom(ctx.config);
  const report: ScanRemindersReport = { planned: 0, sent: 0, deferred: 0, skipped: 0 };
  report.planned += await planChecklistReminders(ctx, policy);
  report.planned += await planNoticeReminders(ctx, policy);
  report.planned += await planRegistrationEventReminders(ctx.prisma, policy, ctx.now());
  await sendDueReminders(ctx, policy, report);
  if (Object.values(report).some((n) => n > 0)) ctx.log.info(report, "reminder scan");
  return report;
}

async function planChecklistReminders(ctx: JobContext, policy: ReminderPolicy): Promise<number> {
  const now = ctx.now();
  const ago = (ms: number) => new Date(now.getTime() - ms);
  let planned = 0;
  let afterId: string | undefined;
  for (;;) {
    const candidates = await ctx.prisma.checklistProgress.findMany({
      where: {
        status: "IN_PROGRESS",
        OR: [
          { remindersSent: 0, updatedAt: { lte: ago(policy.checklistFirstAfterMs) } },
          {
            remindersSent: { gte: 1, lt: policy.checklistMaxReminders },
            updatedAt: { lte: ago(policy.checklistSecondAfterMs) },
          },
        ],
        resident: {
          followState: "FOLLOWING",
          remindersOptOut: false,
          lastInteractionAt: { gt: ago(REPLY_WINDOW_MS) },
          // Not while the union's staff answer the resident by hand (human takeover).
          OR: [{ humanTakeoverUntil: null }, { humanTakeoverUntil: { lte: now } }],
        },
        ...(afterId ? { id: { gt: afterId } } : {}),
      },
      orderBy: { id: "asc" },
      take: SCAN_BATCH,
      select: {
        id: true,
        status: true,
        updatedAt: true,
        remindersSent: true,
        residentId: true,
        resident: { select: reachSelect },
      },
    });
    for (const progress of candidates) {
      const plan = planChecklistReminder(progress, progress.resident, now, policy);
      if (!plan.due) continue;
      const created = await ctx.prisma.$transaction(async (tx) => {
        // Bookkeeping keeps `updatedAt`: it means "the resident's last step" and drives the next reminder.
        const bumped = await tx.checklistProgress.updateMany({
          where: { id: progress.id, remindersSent: progress.remindersSent, updatedAt: progress.updatedAt },
          data: { remindersSent: plan.number, updatedAt: progress.updatedAt },
        });
        if (bumped.count === 0) return false;
        const inserted = await tx.reminder.createMany({
          data: [
            {
              dedupKey: plan.dedupKey,
              kind: "CHECKLIST",
              residentId: progress.residentId,
              dueAt: plan.dueAt,
              createdAt: now,
            },
          ],
          skipDuplicates: true,
        });
        return inserted.count > 0;
      });
      if (created) planned += 1;
    }
    if (candidates.length < SCAN_BATCH) return planned;
    afterId = candidates.at(-1)?.id;
  }
}

async function planNoticeReminders(ctx: JobContext, policy: ReminderPolicy): Promise<number> {
  const now = ctx.now();
  const notices = await ctx.prisma.contentItem.findMany({
    where: {
      kind: "NOTICE",
      published: true,
      eventAt: {
        gt: new Date(now.getTime() + policy.noticeReminderMinLeadMs),
        lte: new Date(now.getTime() + 2 * DAY_MS),
      },
    },
    select: { id: true, eventAt: true },
  });
  let planned = 0;
  for (const notice of notices) {
    if (!notice.eventAt) continue;
    const plan = planNoticeReminder(notice.eventAt, now, policy);
    if (!plan) continue;
    const subscribers = await ctx.prisma.noticeSubscription.findMany({
      where: { contentId: notice.id, resident: { remindersOptOut: false, followState: "FOLLOWING" } },
      select: { residentId: true },
    });
    const result = await ctx.prisma.reminder.createMany({
      data: subscribers.map((s) => ({
        dedupKey: noticeReminderKey(notice.id, s.residentId),
        kind: "NOTICE_EVENT" as const,
        residentId: s.residentId,
        dueAt: plan.dueAt,
        createdAt: now,
      })),
      skipDuplicates: true,
    });
    planned += result.count;
  }
  return planned;
}

async function sendDueReminders(ctx: JobContext, policy: ReminderPolicy, report: ScanRemindersReport): Promise<void> {
  const now = ctx.now();
  const due = await ctx.prisma.reminder.findMany({
    where: {
      status: "PENDING",
      dueAt: { lte: now },
      kind: { in: ["CHECKLIST", "NOTICE_EVENT", "REGISTRATION_EVENT", "REGISTRATION_EVENT_CHANGE"] },
      residentId: { not: null },
    },
    orderBy: { dueAt: "asc" },
    take: SCAN_BATCH,
    include: { resident: { select: { oaUserId: true, humanTakeoverUntil: true, ...reachSelect } } },
  });
  if (due.length === 0) return;
  // Read once per scan: PAID_MESSAGES, and whether Zalo refused billing earlier today.
  const paidAllowed = await paidSendsAllowed(ctx, now);
  // The daily cap counts every reminder a resident got today (local day), whatever its kind.
  const sentToday = await ctx.prisma.reminder.findMany({
    where: {
      status: "SENT",
      sentAt: { gte: startOfLocalDay(now, policy.timeZone) },
      residentId: { in: due.flatMap((r) => (r.residentId ? [r.residentId] : [])) },
    },
    select: { residentId: true, sentAt: true },
  });
  const remindedToday = new Set(
    sentToday.filter((r) => r.sentAt && isSameLocalDay(r.sentAt, now, policy.timeZone)).map((r) => r.residentId),
  );

  for (const reminder of due) {
    const resident = reminder.resident;
    if (!resident || !reminder.residentId) continue;
    if (reminder.kind === "CHECKLIST" && isTakenOver(resident.humanTakeoverUntil, now)) {
      // Planned before a staff member took the conversation over: a reminder would talk over them.
      await ctx.prisma.reminder.updateMany({
        where: { id: reminder.id, status: "PENDING" },
        data: { status: "SKIPPED", reason: "human-takeover" },
      });
      report.skipped += 1;
      continue;
    }
    const target = await readTarget(ctx, reminder.kind, reminder.dedupKey, reminder.createdAt, policy);
    const aboutEvent = reminder.kind === "REGISTRATION_EVENT" || reminder.kind === "REGISTRATION_EVENT_CHANGE";
    const decision = decideReminderSend(
      {
        // "Dừng nhắc" stops reminders, not the news that a day the resident signed up for is off or has moved.
        resident: reminder.kind === "REGISTRATION_EVENT_CHANGE" ? { ...resident, remindersOptOut: false } : resident,
        stillRelevant: target.stillRelevant,
        deadline: target.deadline,
        // A registration day's reminders were asked for by signing up: the one-a-day cap is for nudges only.
        remindedToday: !aboutEvent && remindedToday.has(reminder.residentId),
        paidAllowed,
      },
      now,
      policy,
    );
    const pending = { id: reminder.id, status: "PENDING" as const };
    if (decision.action === "skip") {
      await ctx.prisma.reminder.updateMany({ where: pending, data: { status: "SKIPPED", reason: decision.reason } });
      report.skipped += 1;
    } else if (decision.action === "defer") {
      await ctx.prisma.reminder.updateMany({ where: pending, data: { dueAt: decision.until, reason: decision.why } });
      report.deferred += 1;
    } else if (target.message) {
      await queueOutboundMessage(ctx.prisma, ctx.queues, {
        oaUserId: resident.oaUserId,
        kind: "REMINDER",
        messages: [target.message],
        idempotencyKey: `reminder:${reminder.id}`,
      });
      await ctx.prisma.reminder.updateMany({ where: pending, data: { status: "SENT", sentAt: now, reason: null } });
      if (target.progressId) {
        const progress = await ctx.prisma.checklistProgress.findUnique({
          where: { id: target.progressId },
          select: { updatedAt: true },
        });
        if (progress) {
          await ctx.prisma.checklistProgress.updateMany({
            where: { id: target.progressId, updatedAt: progress.updatedAt },
            data: { lastRemindedAt: now, updatedAt: progress.updatedAt },
          });
        }
      }
      remindedToday.add(reminder.residentId);
      report.sent += 1;
    }
  }
}

interface ReminderTarget {
  stillRelevant: boolean;
  deadline: Date | null;
  message: OutboundMessage | null;
  progressId?: string;
}

/** What a reminder is about, read from its dedupKey (`checklist:<progressId>:<n>`, `notice:<contentId>:<residentId>`,
 * `event:<eventId>:<residentId>:<moment>:<startsAt>`). */
async function readTarget(
  ctx: JobContext,
  kind: ReminderKind,
  dedupKey: string,
  createdAt: Date,
  policy: ReminderPolicy,
): Promise<ReminderTarget> {
  if (kind === "REGISTRATION_EVENT") return readEventReminderTarget(ctx.prisma, dedupKey, policy);
  if (kind === "REGISTRATION_EVENT_CHANGE") return readEventChangeNoticeTarget(ctx.prisma, dedupKey, policy.timeZone);
  const [, id = "", extra = ""] = dedupKey.split(":");
  if (kind === "CHECKLIST") {
    const progress = await ctx.prisma.checklistProgress.findUnique({
      where: { id },
      select: { status: true, updatedAt: true, checklistId: true },
    });
    // A resident who moved on since the reminder was planned (or finished) needs no nudge.
    const stillRelevant = progress?.status === "IN_PROGRESS" && progress.updatedAt.getTime() <= createdAt.getTime();
    return {
      stillRelevant,
      deadline: null,
      message: progress ? checklistReminderMessage(progress.checklistId, Number(extra) || 1) : null,
      progressId: id,
    };
  }
  const notice = await ctx.prisma.contentItem.findUnique({
    where: { id },
    select: { title: true, eventAt: true, published: true },
  });
  const subscribed = notice
    ? await ctx.prisma.noticeSubscription.findUnique({
        where: { contentId_residentId: { contentId: id, residentId: extra } },
      })
    : null;
  if (!notice?.eventAt || !notice.published || !subscribed)
    return { stillRelevant: false, deadline: null, message: null };
  return {
    stillRelevant: true,
    deadline: noticeReminderDeadline(notice.eventAt, policy),
    message: noticeReminderMessage(notice.title, notice.eventAt, policy.timeZone),
  };
}
