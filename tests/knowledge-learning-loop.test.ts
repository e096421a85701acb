import { findKnowledgeEntry } from "@xks/shared/knowledge/knowledge-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readOutboundPayload } from "../bot/src/outbound/queue-outbound-message.ts";
import { addUnansweredAsPhrasing } from "../bot/src/services/unanswered-questions-service.ts";
import { startWorkers, type WorkerRuntime } from "../bot/src/worker-runtime.ts";
import { createTestApp, type TestApp } from "./support/test-app.ts";
import { sayAndSettle } from "./support/webhook-turns.ts";
import { type RunningEmulator, startZaloEmulator } from "./support/zalo-emulator.ts";

/**
 * The whole loop over the webhook: a resident's question the bot does not understand is recorded; an organisation
 * admin adds it as a phrasing of an entry; the same question, asked again, gets that entry's answer.
 */

const ENTRY_ID = "vneid.install-official-app";
const ASKED = "bà muốn cài cái ứng dụng có hình khiên đỏ";

let emu: RunningEmulator;
let t: TestApp;
let runtime: WorkerRuntime;

beforeAll(async () => {
  emu = await startZaloEmulator();
  t = await createTestApp(emu.env);
  runtime = await startWorkers({ config: t.config, queues: ["inbound", "outbound"], recurring: false });
});
afterAll(async () => {
  await Promise.all(Object.values(runtime.ctx.queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
  await runtime.close();
  await t.close();
  await emu.close();
});

/** The resident asks; returns the texts the bot answered with once the turn is processed and sent. */
async function ask(userId: string, text: string): Promise<string[]> {
  const before = await t.app.prisma.outboundMessage.count({ where: { oaUserId: userId } });
  await sayAndSettle(t.app, userId, text);
  const rows = await t.app.prisma.outboundMessage.findMany({
    where: { oaUserId: userId },
    orderBy: [{ createdAt: "asc" }, { idempotencyKey: "asc" }],
    skip: before,
  });
  return rows.flatMap((row) => readOutboundPayload(row.payload).map((m) => m.text));
}

describe("what the bot did not understand, taught by an admin", () => {
  it("answers the question from the next message on", async () => {
    const entry = findKnowledgeEntry(ENTRY_ID);
    expect(entry).toBeDefined();
    const resident = emu.reachableResident();
    const first = await ask(resident.userId, ASKED);
    expect(first.join("\n")).not.toContain(entry?.answer.slice(0, 40));
    const recorded = await t.app.prisma.unansweredQuestion.findFirstOrThrow({ where: { text: ASKED } });

    const admin = await t.app.prisma.member.create({
      data: { zaloId: "8000000000000000001", name: "Quản trị", role: "ORG_ADMIN", status: "ACTIVE" },
      include: { unit: true },
    });
    await addUnansweredAsPhrasing(t.app.prisma, admin, { normalized: recorded.normalized, entryId: ENTRY_ID });

    const second = await ask(resident.userId, ASKED);
    expect(second.join("\n")).toContain(entry?.answer.slice(0, 40));
  });
});
