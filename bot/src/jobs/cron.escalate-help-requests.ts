import { Prisma } from "../generated/prisma/client.ts";
import { MEMBER_TEXT } from "../help-requests/help-request-messages.ts";
import { queueMemberNotices } from "../help-requests/queue-member-notices.ts";
import { deferOutboundQueueing } from "../outbound/defer-outbound-queueing.ts";
import { type EscalationLevel, helpEscalationKey, planHelpEscalation } from "../reminders/plan-help-escalation.ts";
import { reminderPolicyFrom } from "../reminders/reminder-policy.ts";
import type { JobContext } from "./job-context.ts";

const BATCH = 500;

/**
 * Help requests no member claimed in time go up the chain: after 24 h to the unit lead (level 1: an alert of the
 * unit, shown to its lead in the mini-app, and an OA message to the unit's leads linked to the OA), after 48 h to
 * the organisation admins (level 2: an organisation-wide alert). Each level is recorded once: a Reminder with
 * dedupKey `help:<id>:<level>`, the alert and the OA messages are created in one transaction, and
 * `escalationLevel` only moves up from the level read.
 */
export async function escalateHelpRequests(ctx: JobContext): Promise<{ escalated: number }> {
  const policy = reminderPolicyFrom(ctx.config);
  const now = ctx.now();
  const open = await ctx.prisma.helpRequest.findMany({
    where: {
      status: "OPEN",
      escalationLevel: { lt: 2 },
      createdAt: { lte: new Date(now.getTime() - policy.helpToLeadAfterMs) },
    },
    orderBy: { createdAt: "asc" },
    take: BATCH,
    select: {
      id: true,
      status: true,
      escalationLevel: true,
      createdAt: true,
      topic: true,
      unitId: true,
      unit: { select: { name: true } },
    },
  });
  let escalated = 0;
  for (const help of open) {
    for (const level of planHelpEscalation(help, now, policy)) {
      const done = await escalate(ctx, help, level, now);
      if (done) escalated += 1;
    }
  }
  if (escalated > 0) ctx.log.info({ escalated }, "help requests escalated");
  return { escalated };
}

async function escalate(
  ctx: JobContext,
  help: { id: string; topic: string; unitId: string; unit: { name: string } },
  level: EscalationLevel,
  now: Date,
): Promise<boolean> {
  const hours = level === 1 ? 24 : 48;
  const message =
    level === 1
      ? `Yêu cầu hỗ trợ “${help.topic}” ở ${help.unit.name} chưa có đoàn viên nhận sau ${hours} giờ. Nhờ trưởng đơn vị phân công.`
      : `Yêu cầu hỗ trợ “${help.topic}” ở ${help.unit.name} vẫn chưa có người nhận sau ${hours} giờ. Nhờ quản trị viên hỗ trợ.`;
  const deferred = deferOutboundQueueing(ctx.queues);
  try {
    const escalated = await ctx.prisma.$transaction(async (tx) => {
      const moved = await tx.helpRequest.updateMany({
        where: { id: help.id, status: "OPEN", escalationLevel: level - 1 },
        data: { escalationLevel: level },
      });
      if (moved.count === 0) return false;
      await tx.reminder.create({
        data: {
          dedupKey: helpEscalationKey(help.id, level),
          kind: "HELP_ESCALATION",
          dueAt: now,
          status: "SENT",
          sentAt: now,
          createdAt: now,
        },
      });
      // Level 1 is the unit's alert (its lead sees it); level 2 has no unit: it is for the organisation's admins.
      await tx.alert.create({
        data: { kind: "HELP_ESCALATED", message, unitId: level === 1 ? help.unitId : null, createdAt: now },
      });
      // The unit's leads linked to the OA also hear it where they already are (once: the level moves only once),
      // in the morning if the request reached 24 hours at night.
      if (level === 1) {
        await queueMemberNotices(tx, deferred.queues, ctx.config, {
          helpRequestId: help.id,
          eventKey: helpEscalationKey(help.id, level),
          at: now,
          unitId: help.unitId,
          leadsOnly: true,
          whileRequest: { status: "OPEN", unitId: help.unitId },
          text: MEMBER_TEXT.waitingForLead(help.unit.name, help.topic, hours),
        });
      }
      return true;
    });
    await deferred.flush().catch(() => undefined);
    return escalated;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return false;
    throw error;
  }
}
