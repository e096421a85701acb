import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Config, loadConfig } from "../bot/src/config.ts";
import type { OutboundMessage as OutboundRow } from "../bot/src/generated/prisma/client.ts";
import { queueMemberNotices } from "../bot/src/help-requests/queue-member-notices.ts";
import { escalateHelpRequests } from "../bot/src/jobs/cron.escalate-help-requests.ts";
import { OUTBOUND_RECOVERY_GRACE_MS, recoverOutbound } from "../bot/src/jobs/cron.recover-outbound.ts";
import { queueOutboundMessage } from "../bot/src/outbound/queue-outbound-message.ts";
import { outboundJobId } from "../bot/src/queues/queues.ts";
import { startWorkers, type WorkerRuntime } from "../bot/src/worker-runtime.ts";
import { waitFor } from "./support/broadcast-fixtures.ts";
import { testEnv } from "./support/test-app.ts";
import { createTestDatabase, type TestDatabase } from "./support/test-db.ts";
import { type RunningEmulator, startZaloEmulator } from "./support/zalo-emulator.ts";

/**
 * Members' help-request notices and the quiet hours (21:00-07:00 Vietnam time) on a controllable clock, through the
 * real outbound worker, PostgreSQL, Redis and the Zalo emulator: a notice written at night waits for 07:00 (its
 * BullMQ job delayed, its row's `notBefore` the truth), is sent once then, and neither an early run of its job nor
 * recover-outbound sends it before. The emulator's `sent` list is what members actually received.
 */

const HOUR_MS = 3_600_000;
const vn = (local: string) => new Date(`${local.replace(" ", "T")}:00+07:00`);

let emu: RunningEmulator;
let db: TestDatabase;
let config: Config;
let runtime: WorkerRuntime;
let unitId: string;
let seq = 0;
/** The help request of the last `tell`. */
let lastRequestId = "";
/** Offset from real time to the test's clock: BullMQ's delays run in real time, the product reads this clock. */
let offsetMs = 0;
const setClock = (at: Date) => {
  offsetMs = at.getTime() - Date.now();
};
const now = () => new Date(Date.now() + offsetMs);

beforeAll(async () => {
  emu = await startZaloEmulator();
  db = await createTestDatabase("member_quiet");
  config = loadConfig(
    testEnv({ DATABASE_URL: db.url, ...emu.env, QUIET_HOURS: "21:00-07:00", TZ_NAME: "Asia/Ho_Chi_Minh" }),
  );
  runtime = await startWorkers({ config, queues: ["outbound"], recurring: false, now });
  const unit = await runtime.ctx.prisma.unit.create({ data: { code: "HOANG_DAO", name: "Xã Hoằng Đạo" } });
  unitId = unit.id;
});

afterAll(async () => {
  await runtime.ctx.queues.outbound.obliterate({ force: true }).catch(() => undefined);
  await runtime.close();
  await emu.close();
  await db.drop();
});

const prisma = () => runtime.ctx.prisma;
const sentTo = (userId: string) => emu.emulator.state.sent.filter((s) => s.userId === userId);

/** A member linked to the OA, reachable at Zalo; their last message to the OA `idleMs` before the test's clock. */
async function linkedMember(options: { role?: "MEMBER" | "UNIT_LEAD"; idleMs?: number } = {}) {
  seq += 1;
  const oa = emu.reachableResident();
  await prisma().resident.create({
    data: { oaUserId: oa.userId, lastInteractionAt: new Date(now().getTime() - (options.idleMs ?? 0)) },
  });
  const member = await prisma().member.create({
    data: {
      zaloId: `81000000000000${String(seq).padStart(5, "0")}`,
      name: `Đoàn viên ${seq}`,
      unitId,
      status: "ACTIVE",
      role: options.role ?? "MEMBER",
      oaUserId: oa.userId,
      oaLinkedAt: now(),
    },
  });
  return { id: member.id, oaUserId: oa.userId };
}

/** A new open request in the unit, and its notice to `member` as if written at `at`. */
async function tell(member: { id: string }, at: Date, quietConfig: Config = config): Promise<OutboundRow> {
  seq += 1;
  const request = await prisma().helpRequest.create({
    data: { unitId, topic: "Cài VNeID", preferredTime: "sáng", createdAt: at },
  });
  lastRequestId = request.id;
  await queueMemberNotices(prisma(), runtime.ctx.queues, quietConfig, {
    helpRequestId: request.id,
    eventKey: `event-${seq}`,
    at,
    memberIds: [member.id],
    whileRequest: { status: "OPEN", unitId },
    text: "Có người dân ở Xã Hoằng Đạo nhờ hỗ trợ: Cài VNeID.",
  });
  return prisma().outboundMessage.findUniqueOrThrow({
    where: { idempotencyKey: `help-notice:event-${seq}:${member.id}` },
  });
}

const jobState = async (rowId: string) =>
  (await runtime.ctx.queues.outbound.getJob(outboundJobId(rowId)))?.getState() ?? "missing";
const rowStatus = async (rowId: string) =>
  (await prisma().outboundMessage.findUniqueOrThrow({ where: { id: rowId } })).status;

describe("members' notices and the quiet hours", () => {
  it("holds a notice written at 23:00 until 07:00: an early run and recovery wait, then it is sent once", async () => {
    setClock(vn("2026-12-01 23:00"));
    const member = await linkedMember();
    const row = await tell(member, now());
    expect(row.notBefore).toEqual(vn("2026-12-02 07:00"));
    expect(await jobState(row.id)).toBe("delayed");
    const job = await runtime.ctx.queues.outbound.getJob(outboundJobId(row.id));
    expect(job?.opts.delay).toBeGreaterThan(8 * HOUR_MS - 60_000);

    // Recovery in the night, its grace long past the row's creation: it leaves the held row alone.
    setClock(vn("2026-12-02 03:00"));
    expect(await recoverOutbound(runtime.ctx)).toBe(0);
    expect(await jobState(row.id)).toBe("delayed");

    // The job run early (a moved clock promotes it): it goes back to waiting, nothing is sent.
    setClock(vn("2026-12-02 06:59"));
    await job?.promote();
    await waitFor(async () => (await jobState(row.id)) === "delayed", 10_000, "the early job to wait again");
    expect(await rowStatus(row.id)).toBe("QUEUED");
    expect(sentTo(member.oaUserId)).toHaveLength(0);

    // 07:00: its time has come; the (promoted) job sends it, once.
    setClock(vn("2026-12-02 07:00"));
    await (await runtime.ctx.queues.outbound.getJob(outboundJobId(row.id)))?.promote();
    await waitFor(async () => (await rowStatus(row.id)) === "SENT", 10_000, "the notice to be sent");
    const sent = await prisma().outboundMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(sent.sentAt?.getTime()).toBeGreaterThanOrEqual(vn("2026-12-02 07:00").getTime());
    expect(sent.costBand).toBe("FREE");
    setClock(vn("2026-12-02 07:10"));
    expect(await recoverOutbound(runtime.ctx)).toBe(0);
    expect(sentTo(member.oaUserId)).toHaveLength(1);
    expect(sentTo(member.oaUserId)[0]?.text).toContain("nhờ hỗ trợ");
  });

  it("recover-outbound queues a held notice whose job Redis lost only after its time, and it goes once", async () => {
    setClock(vn("2026-12-02 22:15"));
    const member = await linkedMember();
    const row = await tell(member, now());
    expect(row.notBefore).toEqual(vn("2026-12-03 07:00"));
    // Redis restarted: the delayed job is gone, the row is the truth.
    await (await runtime.ctx.queues.outbound.getJob(outboundJobId(row.id)))?.remove();
    expect(await jobState(row.id)).toBe("missing");

    setClock(vn("2026-12-03 06:58"));
    expect(await recoverOutbound(runtime.ctx)).toBe(0);
    // Due, but within the grace its own delayed job has to go first.
    setClock(new Date(vn("2026-12-03 07:00").getTime() + OUTBOUND_RECOVERY_GRACE_MS / 2));
    expect(await recoverOutbound(runtime.ctx)).toBe(0);
    expect(await rowStatus(row.id)).toBe("QUEUED");
    expect(sentTo(member.oaUserId)).toHaveLength(0);

    setClock(new Date(vn("2026-12-03 07:00").getTime() + OUTBOUND_RECOVERY_GRACE_MS + 1_000));
    expect(await recoverOutbound(runtime.ctx)).toBe(1);
    await waitFor(async () => (await rowStatus(row.id)) === "SENT", 10_000, "the recovered notice to be sent");
    expect(await recoverOutbound(runtime.ctx)).toBe(0);
    expect(sentTo(member.oaUserId)).toHaveLength(1);
  });

  it("sends a daytime notice at once, and a night one at once with QUIET_HOURS disabled", async () => {
    setClock(vn("2026-12-04 10:00"));
    const day = await linkedMember();
    const byDay = await tell(day, now());
    expect(byDay.notBefore).toBeNull();
    await waitFor(async () => (await rowStatus(byDay.id)) === "SENT", 10_000, "the daytime notice");

    setClock(vn("2026-12-04 23:30"));
    const night = await linkedMember();
    const byNight = await tell(night, now(), { ...config, QUIET_HOURS: null });
    expect(byNight.notBefore).toBeNull();
    await waitFor(async () => (await rowStatus(byNight.id)) === "SENT", 10_000, "the notice without quiet hours");
    expect(sentTo(day.oaUserId)).toHaveLength(1);
    expect(sentTo(night.oaUserId)).toHaveLength(1);
  });

  it("answers a member writing at night at once, without sending the notice held for the morning", async () => {
    setClock(vn("2026-12-05 23:00"));
    const member = await linkedMember();
    const notice = await tell(member, now());
    setClock(vn("2026-12-05 23:05"));
    // The member writes to the OA: the reply in their own conversation never waits.
    const { id: replyId } = await queueOutboundMessage(prisma(), runtime.ctx.queues, {
      oaUserId: member.oaUserId,
      kind: "REPLY",
      idempotencyKey: `reply:quiet-${seq}`,
      messages: [{ text: "Chào bạn, mình là trợ lý của Đoàn xã." }],
    });
    await waitFor(async () => (await rowStatus(replyId)) === "SENT", 10_000, "the reply");
    expect(await rowStatus(notice.id)).toBe("QUEUED");
    expect(sentTo(member.oaUserId).map((m) => m.text)).toEqual(["Chào bạn, mình là trợ lý của Đoàn xã."]);
  });

  it("judges the band when the held notice goes out: past the free 48 hours by then, it is skipped (PAID_MESSAGES=off)", async () => {
    setClock(vn("2026-12-06 23:00"));
    // Last wrote 41 hours ago: free now, 49 hours at 07:00.
    const member = await linkedMember({ idleMs: 41 * HOUR_MS });
    const row = await tell(member, now());
    setClock(vn("2026-12-07 07:00"));
    await (await runtime.ctx.queues.outbound.getJob(outboundJobId(row.id)))?.promote();
    await waitFor(async () => (await rowStatus(row.id)) !== "QUEUED", 10_000, "the held notice to be decided");
    expect(await prisma().outboundMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: "SKIPPED",
      error: "paid_band",
    });
    expect(sentTo(member.oaUserId)).toHaveLength(0);
  });

  it("does not send a held notice about a request that someone claimed during the night", async () => {
    setClock(vn("2026-12-07 22:00"));
    const member = await linkedMember();
    const colleague = await linkedMember();
    const row = await tell(member, now());
    // 23:40: a colleague who was still up claims it in the mini-app.
    setClock(vn("2026-12-07 23:40"));
    await prisma().helpRequest.update({
      where: { id: lastRequestId },
      data: { status: "CLAIMED", claimedById: colleague.id, claimedAt: now() },
    });
    setClock(vn("2026-12-08 07:00"));
    await (await runtime.ctx.queues.outbound.getJob(outboundJobId(row.id)))?.promote();
    await waitFor(async () => (await rowStatus(row.id)) !== "QUEUED", 10_000, "the held notice to be decided");
    expect(await prisma().outboundMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: "SKIPPED",
      error: "no_longer_relevant",
    });
    expect(sentTo(member.oaUserId)).toHaveLength(0);
  });

  it("holds the unit lead's escalation notice when the request reaches 24 hours at night", async () => {
    setClock(vn("2026-12-08 23:30"));
    const lead = await linkedMember({ role: "UNIT_LEAD" });
    await prisma().helpRequest.updateMany({ where: { status: "OPEN" }, data: { status: "CANCELLED" } });
    const request = await prisma().helpRequest.create({
      data: { unitId, topic: "Cài VNeID", preferredTime: "sáng", createdAt: new Date(now().getTime() - 25 * HOUR_MS) },
    });
    expect(await escalateHelpRequests(runtime.ctx)).toEqual({ escalated: 1 });
    const notice = await prisma().outboundMessage.findFirstOrThrow({
      where: { kind: "MEMBER_NOTICE", oaUserId: lead.oaUserId, idempotencyKey: { contains: request.id } },
    });
    expect(notice.notBefore).toEqual(vn("2026-12-09 07:00"));
    expect(await jobState(notice.id)).toBe("delayed");
    expect(sentTo(lead.oaUserId)).toHaveLength(0);
  });
});
