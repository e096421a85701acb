import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboundRelay } from "../bot/src/inbox/inbound-relay.ts";
import { InboxWriter } from "../bot/src/inbox/inbox-writer.ts";
import { createTestApp, signedWebhook, TEST_ZALO, type TestApp } from "./support/test-app.ts";
import { startTestRelay, waitForInboundJob } from "./support/test-relay.ts";
import { waitFor } from "./support/wait-for.ts";

/**
 * The webhook's group commit (bot/src/inbox/): events arriving together share one INSERT, every acknowledged event
 * is stored and queued once, a redelivery in the same burst is recognised, and a row PostgreSQL refuses fails alone.
 */

function textEvent(msgId: string, sender: string) {
  return {
    app_id: TEST_ZALO.appId,
    sender: { id: sender },
    recipient: { id: TEST_ZALO.oaId },
    event_name: "user_send_text",
    message: { msg_id: msgId, text: "cho tôi hỏi cách kích hoạt định danh mức 2" },
    timestamp: String(Date.now()),
  };
}

describe("the webhook's group commit", () => {
  let t: TestApp;
  let relay: InboundRelay;
  beforeAll(async () => {
    t = await createTestApp();
    relay = await startTestRelay(t);
  });
  afterAll(async () => {
    await relay.close();
    await t.close();
  });

  it("stores a burst with fewer statements than events, each once, queues each once, and spots redeliveries", async () => {
    const bodies = Array.from({ length: 120 }, (_, i) =>
      textEvent(`burst-${i % 100}`, `24680000000000${1000 + (i % 7)}`),
    );
    const answers = await Promise.all(bodies.map((body) => t.app.inject(signedWebhook(body))));
    expect(answers.map((a) => a.statusCode)).toEqual(bodies.map(() => 200));
    expect(answers.filter((a) => a.json().duplicate === true)).toHaveLength(20);

    const rows = await t.app.prisma.inboundEvent.findMany({ where: { dedupKey: { startsWith: "msg:burst-" } } });
    expect(rows).toHaveLength(100);
    expect(rows.every((r) => r.status === "RECEIVED")).toBe(true);
    // Each commit notified the worker's relay with its new ids: every stored event is queued, once.
    const jobs = await waitFor(async () => {
      const queued = await t.app.queues.inbound.getJobs(["waiting", "delayed", "prioritized", "active"]);
      return queued.length >= rows.length && queued;
    }, "every stored event queued");
    expect(jobs.map((j) => j.data.eventId).sort()).toEqual(rows.map((r) => r.id).sort());

    // Rows written by one transaction share its id (xmin): a burst of 100 new events took a handful of statements.
    const [{ transactions }] = await t.app.prisma.$queryRaw<[{ transactions: number }]>`
      SELECT count(DISTINCT xmin::text)::int AS transactions FROM "InboundEvent" WHERE "dedupKey" LIKE 'msg:burst-%'`;
    expect(transactions).toBeGreaterThanOrEqual(1);
    expect(transactions).toBeLessThan(20);
  });

  it("retries a failing batch row by row, so one row PostgreSQL refuses fails alone", async () => {
    const pool = new pg.Pool({ connectionString: t.db.url, max: 1 });
    const writer = new InboxWriter(pool);
    const event = (key: string, payload: unknown) =>
      writer.store({ dedupKey: key, eventName: "user_send_text", oaUserId: "2468", payload, status: "RECEIVED" });
    // jsonb refuses U+0000 (the webhook replaces it first; this writer is fed it directly to make a bad row).
    const results = await Promise.allSettled([
      event("row:a", { text: "một" }),
      event("row:bad", { text: "hai\u0000" }),
      event("row:c", { text: "ba" }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const rejected = results[1] as PromiseRejectedResult;
    expect((rejected.reason as pg.DatabaseError).code).toBe("22P05");
    await writer.drain();
    const stored = await t.app.prisma.inboundEvent.findMany({ where: { dedupKey: { startsWith: "row:" } } });
    expect(stored.map((r) => r.dedupKey).sort()).toEqual(["row:a", "row:c"]);
    for (const { id } of stored) expect(await waitForInboundJob(t, id)).toBeDefined();
    await pool.end();
  });
});
