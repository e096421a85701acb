import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeInboundPayloads } from "../bot/src/jobs/cron.purge-inbound-payloads.ts";
import { startWorkers, type WorkerRuntime } from "../bot/src/worker-runtime.ts";
import { createTestApp, signedWebhook, TEST_ZALO, type TestApp } from "./support/test-app.ts";

/**
 * What the durable inbox keeps of a resident's events, against real PostgreSQL: attachments only their type,
 * locations rounded to about 1 km, and payloads blanked after INBOUND_RETENTION_DAYS while the dedup key keeps
 * recognising Zalo's redeliveries.
 */

const USER = "2468000000000000077";
const DAY_MS = 86_400_000;
let t: TestApp;
let runtime: WorkerRuntime;
let clock = new Date();

beforeAll(async () => {
  t = await createTestApp({ INBOUND_RETENTION_DAYS: "30" });
  runtime = await startWorkers({ config: t.config, queues: [], recurring: false, now: () => clock });
});

afterAll(async () => {
  await runtime.close();
  await t.close();
});

function userEvent(msgId: string, eventName: string, message: Record<string, unknown>) {
  return {
    app_id: TEST_ZALO.appId,
    sender: { id: USER },
    recipient: { id: TEST_ZALO.oaId },
    event_name: eventName,
    message: { msg_id: msgId, ...message },
    timestamp: String(Date.now()),
  };
}

async function stored(msgId: string) {
  return t.app.prisma.inboundEvent.findUniqueOrThrow({ where: { dedupKey: `msg:${msgId}` } });
}

describe("the inbox stores", () => {
  it("an image, a file or a link as its type only: no URL of a photographed ID card, no link title", async () => {
    const events = [
      userEvent("img-1", "user_send_image", {
        text: "",
        attachments: [
          {
            type: "image",
            payload: { url: "https://f6.photo.talk.zdn.vn/cccd-mat-truoc.jpg", thumbnail: "https://t/cccd.jpg" },
          },
        ],
      }),
      userEvent("file-1", "user_send_file", {
        attachments: [{ type: "file", payload: { url: "https://f.zdn.vn/giay-to.pdf", name: "giay-to.pdf" } }],
      }),
      userEvent("link-1", "user_send_link", {
        text: "https://dichvucong.gov.vn/ho-so?cccd=038123456789",
        attachments: [
          {
            type: "link",
            payload: { url: "https://dichvucong.gov.vn/x", description: "Hồ sơ của em", thumbnail: "t" },
          },
        ],
      }),
    ];
    for (const event of events) expect((await t.app.inject(signedWebhook(event))).statusCode).toBe(200);
    for (const [msgId, type] of [
      ["img-1", "image"],
      ["file-1", "file"],
      ["link-1", "link"],
    ] as const) {
      const event = await stored(msgId);
      const json = JSON.stringify(event.payload);
      expect(json).not.toContain("https://");
      expect(json).not.toContain("038123456789");
      expect(json).not.toContain("Hồ sơ của em");
      expect(event.payload).toMatchObject({ message: { msg_id: msgId, attachments: [{ type }] } });
    }
  });

  it("a location rounded to two decimals (about 1 km)", async () => {
    const event = userEvent("loc-1", "user_send_location", {
      attachments: [{ type: "location", payload: { coordinates: { latitude: "19.857312", longitude: "105.871964" } } }],
    });
    expect((await t.app.inject(signedWebhook(event))).statusCode).toBe(200);
    const row = await stored("loc-1");
    expect(row.payload).toMatchObject({
      message: {
        attachments: [{ type: "location", payload: { coordinates: { latitude: 19.86, longitude: 105.87 } } }],
      },
    });
    expect(JSON.stringify(row.payload)).not.toContain("857312");
  });
});

describe("purge-inbound-payloads", () => {
  it("blanks payloads older than the retention, keeps the row and its dedup key, and spares waiting events", async () => {
    const old = userEvent("old-1", "user_send_text", { text: "chiều mai em rảnh" });
    const waiting = userEvent("old-waiting", "user_send_text", { text: "menu" });
    const recent = userEvent("recent-1", "user_send_text", { text: "vneid" });
    for (const event of [old, waiting, recent]) expect((await t.app.inject(signedWebhook(event))).statusCode).toBe(200);
    const longAgo = new Date(Date.now() - 31 * DAY_MS);
    await t.app.prisma.inboundEvent.updateMany({
      where: { dedupKey: { in: ["msg:old-1", "msg:old-waiting"] } },
      data: { receivedAt: longAgo },
    });
    await t.app.prisma.inboundEvent.update({ where: { dedupKey: "msg:old-1" }, data: { status: "PROCESSED" } });
    await t.app.prisma.inboundEvent.update({ where: { dedupKey: "msg:recent-1" }, data: { status: "PROCESSED" } });

    clock = new Date();
    expect(await purgeInboundPayloads(runtime.ctx)).toBe(1);
    const purged = await stored("old-1");
    expect(purged.payload).toEqual({});
    expect(purged).toMatchObject({ eventName: "user_send_text", status: "PROCESSED", oaUserId: USER });
    expect((await stored("old-waiting")).payload).toMatchObject({ message: { text: "menu" } });
    expect((await stored("recent-1")).payload).toMatchObject({ message: { text: "vneid" } });

    // Zalo redelivers the purged event: recognised by its key, not stored or answered again.
    const again = await t.app.inject(signedWebhook(old));
    expect(again.json()).toEqual({ ok: true, duplicate: true });
    // A second run finds nothing more to do.
    expect(await purgeInboundPayloads(runtime.ctx)).toBe(0);
  });
});
