import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildEmulator, type Emulator } from "./build-emulator.ts";
import { DEMO_RESIDENT_ADMIN_ID, DEMO_RESIDENT_NEW_ID } from "./demo-users.ts";

const APP_ID = "1234567890123456789";
const OA_ID = "4321098765432109876";
const OA_SECRET = "dev-oa-secret-key-xks";

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly raw: string;
  readonly body: Record<string, unknown> & { event_name: string; timestamp: string };
}

/** A tiny stand-in for the product's webhook endpoint; `answer` decides each response. */
async function startReceiver(answer: (n: number) => number | "slow" = () => 200) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      received.push({ headers: req.headers, raw, body: JSON.parse(raw) });
      const decision = answer(received.length);
      if (decision === "slow") setTimeout(() => res.writeHead(200).end(), 400);
      else res.writeHead(decision).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/zalo`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { url, received, close };
}

function expectedMac(raw: string, timestamp: string): string {
  return `mac=${createHash("sha256")
    .update(APP_ID + raw + timestamp + OA_SECRET)
    .digest("hex")}`;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup(answer?: (n: number) => number | "slow", ackDeadlineMs = 2_000) {
  const receiver = await startReceiver(answer);
  const emulator: Emulator = await buildEmulator({ webhookUrl: receiver.url, retryScale: 0.0001, ackDeadlineMs });
  cleanups.push(receiver.close, () => emulator.app.close());
  const act = (userId: string, action: string, payload: object = {}) =>
    emulator.app.inject({ method: "POST", url: `/_emulator/users/${userId}/${action}`, payload });
  return { receiver, emulator, act };
}

describe("webhook delivery", () => {
  it("posts follow with follower.id and a valid X-ZEvent-Signature over the raw body", async () => {
    const { receiver, act } = await setup();
    const res = await act(DEMO_RESIDENT_NEW_ID, "follow");
    expect(res.json().delivery.state).toBe("delivered");
    const [got] = receiver.received;
    expect(got?.body).toEqual({
      app_id: APP_ID,
      oa_id: OA_ID,
      follower: { id: DEMO_RESIDENT_NEW_ID },
      user_id_by_app: "8000000000000000005",
      event_name: "follow",
      source: "oa_profile",
      timestamp: expect.stringMatching(/^\d{13}$/),
    });
    expect(got?.headers["content-type"]).toBe("application/json");
    expect(got?.headers["x-zevent-signature"]).toBe(expectedMac(got?.raw ?? "", got?.body.timestamp ?? ""));
    expect(got?.headers.num_retry).toBeUndefined();
  });

  it("shapes user messages: text, image, sticker, location, and flat user_click_chatnow", async () => {
    const { receiver, act } = await setup();
    await act(DEMO_RESIDENT_ADMIN_ID, "text", { text: "Xin chào" });
    await act(DEMO_RESIDENT_ADMIN_ID, "image", { caption: "Ổ gà" });
    await act(DEMO_RESIDENT_ADMIN_ID, "sticker");
    await act(DEMO_RESIDENT_ADMIN_ID, "location", { lat: 21.0285, lng: 105.8542 });
    await act(DEMO_RESIDENT_ADMIN_ID, "chatnow");
    const [text, image, sticker, location, chatnow] = receiver.received.map((r) => r.body);
    expect(text).toEqual({
      app_id: APP_ID,
      sender: { id: DEMO_RESIDENT_ADMIN_ID },
      recipient: { id: OA_ID },
      user_id_by_app: "8000000000000000001",
      event_name: "user_send_text",
      message: { msg_id: expect.stringMatching(/^[0-9a-f]{20}$/), text: "Xin chào" },
      timestamp: expect.stringMatching(/^\d{13}$/),
    });
    expect(image).toMatchObject({
      event_name: "user_send_image",
      message: {
        text: "Ổ gà",
        attachments: [{ type: "image", payload: { url: expect.any(String), thumbnail: expect.any(String) } }],
      },
    });
    expect(sticker).toMatchObject({
      event_name: "user_send_sticker",
      message: { attachments: [{ type: "sticker", payload: { id: "xks-like", url: expect.any(String) } }] },
    });
    expect(location).toMatchObject({
      event_name: "user_send_location",
      message: {
        attachments: [{ type: "location", payload: { coordinates: { latitude: "21.0285", longitude: "105.8542" } } }],
      },
    });
    expect(chatnow).toEqual({
      app_id: APP_ID,
      oa_id: OA_ID,
      user_id: DEMO_RESIDENT_ADMIN_ID,
      user_id_by_app: "8000000000000000001",
      event_name: "user_click_chatnow",
      timestamp: expect.any(String),
    });
  });

  it("turns button taps into user_send_text with the payload; hide taps stay out of the chat", async () => {
    const { receiver, emulator, act } = await setup();
    await emulator.app.inject({
      method: "POST",
      url: "/openapi/v3.0/oa/message/cs",
      headers: { access_token: "dev-oa-access-token" },
      payload: {
        recipient: { user_id: DEMO_RESIDENT_ADMIN_ID },
        message: {
          text: "Menu",
          attachment: {
            type: "template",
            payload: {
              buttons: [
                { title: "Đăng ký", type: "oa.query.show", payload: "#dangky" },
                { title: "Ẩn", type: "oa.query.hide", payload: "#an" },
              ],
            },
          },
        },
      },
    });
    await act(DEMO_RESIDENT_ADMIN_ID, "tap", { payload: "#dangky" });
    await act(DEMO_RESIDENT_ADMIN_ID, "tap", { payload: "#an" });
    await vi.waitFor(() => expect(receiver.received).toHaveLength(3));
    const userTexts = receiver.received.map((r) => r.body).filter((b) => b.event_name === "user_send_text");
    expect(userTexts.map((b) => (b.message as { text: string }).text)).toEqual(["#dangky", "#an"]);
    const messages = (await emulator.app.inject(`/_emulator/users/${DEMO_RESIDENT_ADMIN_ID}/messages`)).json().messages;
    expect(
      messages.map((m: { from: string; text: string; hidden?: boolean }) => [m.from, m.text, m.hidden ?? false]),
    ).toEqual([
      ["oa", "Menu", false],
      ["user", "#dangky", false],
      ["user", "#an", true],
    ]);
  });

  it("echoes the OA's own sends as oa_send_text (sender = OA)", async () => {
    const { receiver, emulator } = await setup();
    const res = await emulator.app.inject({
      method: "POST",
      url: "/openapi/v3.0/oa/message/cs",
      headers: { access_token: "dev-oa-access-token" },
      payload: { recipient: { user_id: DEMO_RESIDENT_ADMIN_ID }, message: { text: "Chào bạn" } },
    });
    await vi.waitFor(() => expect(receiver.received).toHaveLength(1));
    expect(receiver.received[0]?.body).toMatchObject({
      event_name: "oa_send_text",
      sender: { id: OA_ID },
      recipient: { id: DEMO_RESIDENT_ADMIN_ID },
      message: { msg_id: res.json().data.message_id, text: "Chào bạn" },
    });
  });

  it("retries non-2xx answers along the ladder with num_retry and the same bytes", async () => {
    const { receiver, emulator, act } = await setup((n) => (n <= 2 ? 500 : 200));
    const res = await act(DEMO_RESIDENT_ADMIN_ID, "text", { text: "thử lại" });
    expect(res.json().delivery.state).toBe("retrying");
    await vi.waitFor(() => expect(receiver.received).toHaveLength(3));
    expect(receiver.received.map((r) => r.headers.num_retry)).toEqual([undefined, "1", "2"]);
    expect(new Set(receiver.received.map((r) => r.raw)).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.headers["x-zevent-signature"])).size).toBe(1);
    await vi.waitFor(() => expect(emulator.deliverer.list()[0]?.state).toBe("delivered"));
  });

  it("treats an answer slower than the 2-second deadline as a failure", async () => {
    const { receiver, act } = await setup((n) => (n === 1 ? "slow" : 200), 100);
    const res = await act(DEMO_RESIDENT_ADMIN_ID, "text", { text: "chậm" });
    expect(res.json().delivery.state).toBe("retrying");
    await vi.waitFor(() => expect(receiver.received).toHaveLength(2));
    expect(receiver.received[1]?.headers.num_retry).toBe("1");
  });

  it("gives up after five retries when the connection is refused", async () => {
    const receiver = await startReceiver();
    await receiver.close();
    const emulator = await buildEmulator({ webhookUrl: receiver.url, retryScale: 0.00001 });
    cleanups.push(() => emulator.app.close());
    await emulator.app.inject({
      method: "POST",
      url: `/_emulator/users/${DEMO_RESIDENT_ADMIN_ID}/text`,
      payload: { text: "x" },
    });
    await vi.waitFor(() => expect(emulator.deliverer.list()[0]?.state).toBe("failed"), { timeout: 5_000 });
    expect(emulator.deliverer.list()[0]?.attempts.map((a) => a.numRetry)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("redelivers an event on purpose with the same msg_id for de-duplication tests", async () => {
    const { receiver, emulator, act } = await setup();
    const sent = (await act(DEMO_RESIDENT_ADMIN_ID, "text", { text: "một lần" })).json();
    const msgId = sent.event.message.msg_id;
    const again = await emulator.app.inject({
      method: "POST",
      url: `/_emulator/deliveries/${msgId}/redeliver`,
      payload: {},
    });
    expect(again.json().attempt.ok).toBe(true);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]?.raw).toBe(receiver.received[0]?.raw);
    expect(receiver.received[1]?.headers.num_retry).toBe("1");
    const listed = (await emulator.app.inject(`/_emulator/deliveries?userId=${DEMO_RESIDENT_ADMIN_ID}`)).json();
    expect(listed.deliveries[0]).toMatchObject({ msgId, eventName: "user_send_text", state: "delivered" });
  });
});

describe("pages and live updates", () => {
  it("serves the chat page as one self-contained Vietnamese HTML page", async () => {
    const { emulator } = await setup();
    const res = await emulator.app.inject("/chat");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/html");
    for (const text of ["Quan tâm", "Xung Kích Số", "EventSource", "#0068ff", 'lang="vi"'])
      expect(res.body).toContain(text);
    expect(res.body).not.toMatch(/<script[^>]+src=/);
  });

  it("streams new messages for one resident over SSE", async () => {
    const { emulator, act } = await setup();
    await emulator.app.listen({ port: 0, host: "127.0.0.1" });
    const port = (emulator.app.server.address() as AddressInfo).port;
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/_emulator/stream?userId=${DEMO_RESIDENT_ADMIN_ID}`, {
      signal: controller.signal,
    });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await act(DEMO_RESIDENT_ADMIN_ID, "text", { text: "trực tiếp" });
    let seen = "";
    while (!seen.includes("trực tiếp")) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(seen).toContain("event: message");
  });
});
