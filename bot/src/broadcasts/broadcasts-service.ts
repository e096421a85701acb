import type {
  BroadcastAudience,
  Broadcast as BroadcastDto,
  BroadcastList,
  BroadcastPreview,
  BroadcastStatus,
  BroadcastSummary,
  CreateBroadcastBody,
} from "@xks/shared/api/broadcasts";
import { findChecklist } from "@xks/shared/checklists/index";
import type { PrismaClient } from "../db.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.ts";
import { type Broadcast, Prisma } from "../generated/prisma/client.ts";
import { enqueueBroadcastStart, type Queues } from "../queues/queues.ts";
import { countAudience, parseAudience } from "./broadcast-audience.ts";
import { countDeliveries, moveDeliveries } from "./broadcast-progress.ts";

export interface BroadcastDeps {
  prisma: PrismaClient;
  queues: Queues;
  now(): Date;
  /** Whether billed sends (48 h–7 d) are allowed now; absent: no (PAID_MESSAGES=off, the default). */
  paidAllowed?: () => Promise<boolean>;
}

/** Unknown unit codes or checklist ids are the admin's typo, not an empty audience. */
async function checkAudience(prisma: PrismaClient, audience: BroadcastAudience): Promise<void> {
  if (audience.kind === "members" && audience.unfinishedChecklist) {
    throw new InvalidInputError("Chỉ gửi được theo hướng dẫn chưa hoàn thành cho người dân, không cho đoàn viên.");
  }
  if (audience.unfinishedChecklist && !findChecklist(audience.unfinishedChecklist)) {
    throw new InvalidInputError(`Không có hướng dẫn “${audience.unfinishedChecklist}”.`);
  }
  if (audience.unitCodes?.length) {
    const found = await prisma.unit.findMany({
      where: { code: { in: audience.unitCodes } },
      select: { code: true, name: true, retiredAt: true, mergedInto: { select: { name: true } } },
    });
    const missing = audience.unitCodes.filter((code) => !found.some((u) => u.code === code));
    if (missing.length > 0) throw new InvalidInputError(`Không có đơn vị: ${missing.join(", ")}.`);
    // Their residents and members moved to the successor: a notice to the old unit would reach nobody.
    const inactive = found.filter((u) => u.mergedInto || u.retiredAt);
    if (inactive.length > 0) {
      const why = inactive.map((u) =>
        u.mergedInto ? `${u.name} đã sáp nhập vào ${u.mergedInto.name}` : `${u.name} đã giải thể`,
      );
      throw new InvalidInputError(`${why.join("; ")}. Hãy chọn đơn vị hiện nay.`, "UNIT_INACTIVE");
    }
  }
}

/** The audience's reach; the route adds the configured quiet hours. */
export async function previewBroadcast(
  deps: BroadcastDeps,
  audience: BroadcastAudience,
): Promise<Omit<BroadcastPreview, "quietHours">> {
  await checkAudience(deps.prisma, audience);
  return countAudience(deps.prisma, audience, deps.now(), (await deps.paidAllowed?.()) ?? false);
}

/**
 * Records a notice and queues its start at `sendAt` (now when absent). The row is written first: if Redis is
 * away, recover-broadcasts starts it when its time comes. A notice to members is also published in the
 * mini-app's feed, where members without an OA conversation read it.
 */
export async function createBroadcast(
  deps: BroadcastDeps,
  body: CreateBroadcastBody,
  createdById: string | null,
): Promise<{ id: string }> {
  await checkAudience(deps.prisma, body.audience);
  const now = deps.now();
  const sendAt = body.sendAt ? new Date(body.sendAt) : now;
  const { total } = await countAudience(deps.prisma, body.audience, now, false);
  const broadcast = await deps.prisma.$transaction(async (tx) => {
    const created = await tx.broadcast.create({
      data: {
        title: body.title,
        text: body.text,
        imageUrl: body.imageUrl ?? null,
        linkUrl: body.linkUrl ?? null,
        audience: body.audience,
        sendAt,
        urgent: body.urgent ?? false,
        total,
        createdById,
      },
    });
    if (body.audience.kind === "members") {
      await tx.contentItem.create({
        data: { kind: "NOTICE", title: body.title, body: body.text, published: true, createdById },
      });
    }
    return created;
  });
  await enqueueBroadcastStart(deps.queues, broadcast.id, sendAt, now).catch(() => undefined);
  return { id: broadcast.id };
}

const STATUS: Record<Broadcast["status"], BroadcastStatus> = {
  SCHEDULED: "scheduled",
  SENDING: "sending",
  DONE: "done",
  CANCELLED: "cancelled",
};

function toSummary(b: Broadcast): BroadcastSummary {
  return {
    id: b.id,
    title: b.title,
    audience: parseAudience(b.audience),
    status: STATUS[b.status],
    urgent: b.urgent,
    sendAt: b.sendAt.toISOString(),
    total: b.total,
    createdAt: b.createdAt.toISOString(),
    startedAt: b.startedAt?.toISOString() ?? null,
    finishedAt: b.finishedAt?.toISOString() ?? null,
  };
}

export async function getBroadcast(deps: BroadcastDeps, id: string): Promise<BroadcastDto> {
  const b = await deps.prisma.broadcast.findUnique({ where: { id } });
  if (!b) throw new NotFoundError("Không tìm thấy thông báo này.");
  const { repeated, ...counts } = await countDeliveries(deps.prisma, id);
  return { ...toSummary(b), text: b.text, imageUrl: b.imageUrl, linkUrl: b.linkUrl, counts, repeated };
}

export async function listBroadcasts(
  deps: BroadcastDeps,
  query: { limit: number; cursor?: string | undefined },
): Promise<BroadcastList> {
  const rows = await deps.prisma.broadcast.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, query.limit);
  return { items: page.map(toSummary), nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null };
}

/**
 * Stops a broadcast that has not finished. Deliveries not yet claimed by a worker become SKIPPED "cancelled" at
 * once; the few already on their way to Zalo finish as they are (a send on the wire cannot be called back).
 */
export async function cancelBroadcast(deps: BroadcastDeps, id: string): Promise<BroadcastDto> {
  const now = deps.now();
  const cancelled = await deps.prisma.broadcast.updateMany({
    where: { id, status: { in: ["SCHEDULED", "SENDING"] } },
    data: { status: "CANCELLED", finishedAt: now },
  });
  if (cancelled.count === 0) {
    const existing = await deps.prisma.broadcast.findUnique({ where: { id }, select: { status: true } });
    if (!existing) throw new NotFoundError("Không tìm thấy thông báo này.");
    if (existing.status === "DONE")
      throw new ConflictError("Thông báo đã gửi xong, không thể hủy.", "BROADCAST_FINISHED");
  }
  await moveDeliveries(
    deps.prisma,
    Prisma.sql`
      UPDATE "BroadcastDelivery" SET "status" = 'SKIPPED', "reason" = 'cancelled', "updatedAt" = ${now}
      WHERE "broadcastId" = ${id} AND "status" = 'QUEUED'
      RETURNING "broadcastId", "status", "reason", "costBand", "repeated"`,
  );
  return getBroadcast(deps, id);
}
