import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildEmulator, type Emulator } from "./build-emulator.ts";
import {
  DEMO_RESIDENT_ADMIN_ID,
  DEMO_RESIDENT_MEMBER_ID,
  DEMO_RESIDENT_NEW_ID,
  DEMO_RESIDENT_SILENT_ID,
} from "./demo-users.ts";
import { REPLY_WINDOW_MS } from "./emulator-state.ts";

const TOKEN = "dev-oa-access-token";
let emulator: Emulator;

beforeEach(async () => {
  emulator = await buildEmulator({ webhookUrl: null });
});
afterEach(async () => {
  await emulator.app.close();
});

function sendCs(body: unknown, token = TOKEN) {
  return emulator.app.inject({
    method: "POST",
    url: "/openapi/v3.0/oa/message/cs",
    headers: { access_token: token, "content-type": "application/json" },
    payload: JSON.stringify(body),
  });
}

const text = (userId: string, value: string) => ({ recipient: { user_id: userId }, message: { text: value } });

describe("POST /openapi/v3.0/oa/message/cs", () => {
  it("sends text and answers Zalo's success shape with rate-limit headers", async () => {
    const res = await sendCs(text(DEMO_RESIDENT_ADMIN_ID, "Xin chào"));
    expect(res.statusCode).toBe(200);
    expect(res.headers["x-ratelimit-limit"]).toBe("4000");
    expect(res.headers["x-ratelimit-remain"]).toBe("3999");
    const body = res.json();
    expect(body).toMatchObject({ error: 0, message: "Success", data: { user_id: DEMO_RESIDENT_ADMIN_ID } });
    expect(body.data.message_id).toMatch(/^[0-9a-f]{20}$/);
    expect(body.data.sent_time).toMatch(/^\d{13}$/);
    expect(emulator.state.sent).toHaveLength(1);
  });

  it("keeps text + buttons, with their definitions, in the resident's conversation", async () => {
    const buttons = [
      { title: "Đăng ký", type: "oa.query.show", payload: "#dangky" },
      { title: "Menu", type: "oa.query.hide", payload: "#menu" },
      { title: "Trang web", type: "oa.open.url", payload: { url: "https://example.org" } },
      { title: "Gọi", type: "oa.open.phone", payload: { phone_code: "84912345678" } },
    ];
    const res = await sendCs({
      recipient: { user_id: DEMO_RESIDENT_ADMIN_ID },
      message: { text: "Chọn một mục", attachment: { type: "template", payload: { buttons } } },
    });
    expect(res.json().error).toBe(0);
    const messages = await emulator.app.inject(`/_emulator/users/${DEMO_RESIDENT_ADMIN_ID}/messages`);
    expect(messages.json().messages).toEqual([
      expect.objectContaining({ from: "oa", kind: "text", text: "Chọn một mục", buttons }),
    ]);
  });

  it("accepts a media image template and request_user_info", async () => {
    const image = await sendCs({
      recipient: { user_id: DEMO_RESIDENT_ADMIN_ID },
      message: {
        text: "Lịch",
        attachment: {
          type: "template",
          payload: { template_type: "media", elements: [{ media_type: "image", url: "https://example.org/a.jpg" }] },
        },
      },
    });
    expect(image.json().error).toBe(0);
    const info = await sendCs({
      recipient: { user_id: DEMO_RESIDENT_ADMIN_ID },
      message: {
        attachment: {
          type: "template",
          payload: { template_type: "request_user_info", elements: [{ title: "Đoàn", subtitle: "Chia sẻ thông tin" }] },
        },
      },
    });
    expect(info.json().error).toBe(0);
    expect(emulator.state.sent.map((m) => m.kind)).toEqual(["image", "request_user_info"]);
  });

  it("answers -201 as HTTP 200 for text over 2,000 characters, too many buttons, or a bad body", async () => {
    const long = await sendCs(text(DEMO_RESIDENT_ADMIN_ID, "a".repeat(2001)));
    expect(long.statusCode).toBe(200);
    expect(long.json()).toEqual({ error: -201, message: "message.text is invalid!" });
    expect((await sendCs(text(DEMO_RESIDENT_ADMIN_ID, "ă".repeat(2000)))).json().error).toBe(0);

    const button = { title: "x", type: "oa.query.show", payload: "x" };
    const six = await sendCs({
      recipient: { user_id: DEMO_RESIDENT_ADMIN_ID },
      message: { text: "t", attachment: { type: "template", payload: { buttons: Array(6).fill(button) } } },
    });
    expect(six.json().error).toBe(-201);

    const broken = await emulator.app.inject({
      method: "POST",
      url: "/openapi/v3.0/oa/message/cs",
      headers: { access_token: TOKEN, "content-type": "application/json" },
      payload: "{not json",
    });
    expect(broken.statusCode).toBe(200);
    expect(broken.json().error).toBe(-201);
  });

  it("answers -216 for an unknown token and -220 once the token has expired", async () => {
    const bad = await sendCs(text(DEMO_RESIDENT_ADMIN_ID, "hi"), "nope");
    expect(bad.statusCode).toBe(200);
    expect(bad.json()).toEqual({ error: -216, message: "Access token is invalid" });

    await emulator.app.inject({ method: "POST", url: "/_emulator/faults", payload: { expireAccessToken: true } });
    const expired = await sendCs(text(DEMO_RESIDENT_ADMIN_ID, "hi"));
    expect(expired.json()).toEqual({ error: -220, message: "access_token is expired or removed" });
  });

  it("expires the access token after 25 h on the emulated clock", async () => {
    await emulator.app.inject({ method: "POST", url: "/_emulator/clock", payload: { advanceMs: 25 * 3600_000 } });
    expect((await sendCs(text(DEMO_RESIDENT_ADMIN_ID, "hi"))).json().error).toBe(-220);
  });

  it("answers -213 for an unknown user, and -230 for a non-follower who never interacted", async () => {
    expect((await sendCs(text("1111111111111111111", "hi"))).json()).toEqual({
      error: -213,
      message: "User has not followed OA",
    });
    expect((await sendCs(text(DEMO_RESIDENT_NEW_ID, "hi"))).json().error).toBe(-230);
  });

  it("reaches a non-follower who wrote in the last 7 days (documented rule); -213 under the follow-only switch", async () => {
    await emulator.app.inject({
      method: "POST",
      url: `/_emulator/users/${DEMO_RESIDENT_NEW_ID}/text`,
      payload: { text: "Cho mình hỏi" },
    });
    expect((await sendCs(text(DEMO_RESIDENT_NEW_ID, "hi"))).json().error).toBe(0);
    await emulator.app.inject({ method: "POST", url: "/_emulator/rules", payload: { csRequiresFollow: true } });
    expect((await sendCs(text(DEMO_RESIDENT_NEW_ID, "hi"))).json()).toEqual({
      error: -213,
      message: "User has not followed OA",
    });
  });

  it("bills 48 h–7 d: -320 without a Zalo Cloud Account, -321 when it is empty, counted as paid when funded", async () => {
    // The member last interacted 2 days before start-up: inside the billed band.
    expect((await sendCs(text(DEMO_RESIDENT_MEMBER_ID, "hi"))).json().error).toBe(-320);
    await emulator.app.inject({ method: "POST", url: "/_emulator/rules", payload: { zca: "empty" } });
    expect((await sendCs(text(DEMO_RESIDENT_MEMBER_ID, "hi"))).json().error).toBe(-321);
    await emulator.app.inject({ method: "POST", url: "/_emulator/rules", payload: { zca: "funded" } });
    expect((await sendCs(text(DEMO_RESIDENT_MEMBER_ID, "hi"))).json().error).toBe(0);
    expect((await sendCs(text(DEMO_RESIDENT_ADMIN_ID, "hi"))).json().error).toBe(0);
    expect(emulator.state.sent.map((m) => [m.userId, m.band])).toEqual([
      [DEMO_RESIDENT_MEMBER_ID, "paid"],
      [DEMO_RESIDENT_ADMIN_ID, "free"],
    ]);
  });

  it("refuses buttons on a text while the refuseButtons fault is on, and still accepts plain text", async () => {
    await emulator.app.inject({ method: "POST", url: "/_emulator/faults", payload: { refuseButtons: true } });
    const withButtons = {
      recipient: { user_id: DEMO_RESIDENT_ADMIN_ID },
      message: {
        text: "Chọn một",
        attachment: {
          type: "template",
          payload: { buttons: [{ title: "Xong", type: "oa.query.show", payload: "Xong" }] },
        },
      },
    };
    expect((await sendCs(withButtons)).json()).toEqual({ error: -201, message: "message.attachment is invalid!" });
    expect((await sendCs(text(DEMO_RESIDENT_ADMIN_ID, "1. Xong"))).json().error).toBe(0);
  });

  it("answers the OA profile (getoa) with the OA id, and -216 while the token is rejected", async () => {
    const res = await emulator.app.inject({ url: "/openapi/v2.0/oa/getoa", headers: { access_token: TOKEN } });
    expect(res.json()).toMatchObject({ error: 0, data: { oa_id: "4321098765432109876", name: "Xung Kích Số" } });
    await emulator.app.inject({ method: "POST", url: "/_emulator/faults", payload: { rejectAccessToken: true } });
    const refused = await emulator.app.inject({ url: "/openapi/v2.0/oa/getoa", headers: { access_token: TOKEN } });
    expect(refused.json().error).toBe(-216);
  });

  it("enforces the 7-day window on the emulated clock, reopened by a user message", async () => {
    expect((await sendCs(text(DEMO_RESIDENT_SILENT_ID, "hi"))).json()).toEqual({
      error: -230,
      message: "User has not interacted with the OA in the past 7 days",
    });
    await emulator.app.inject({
      method: "POST",
      url: `/_emulator/users/${DEMO_RESIDENT_SILENT_ID}/text`,
      payload: { text: "Chào OA" },
    });
    expect((await sendCs(text(DEMO_RESIDENT_SILENT_ID, "hi"))).json().error).toBe(0);

    // The member last interacted 2 days before start-up: 5 days later the window is still open (billed: the
    // account is funded here), then it closes.
    await emulator.app.inject({ method: "POST", url: "/_emulator/rules", payload: { zca: "funded" } });
    await emulator.app.inject({ method: "POST", url: "/_emulator/clock", payload: { advanceMs: 4 * 86_400_000 } });
    expect((await sendCs(text(DEMO_RESIDENT_MEMBER_ID, "hi"), await currentToken())).json().error).toBe(0);
    await emulator.app.inject({ method: "POST", url: "/_emulator/clock", payload: { advanceMs: 86_400_000 + 60_000 } });
    expect((await sendCs(text(DEMO_RESIDENT_MEMBER_ID, "hi"), await currentToken())).json().error).toBe(-230);
    expect(REPLY_WINDOW_MS).toBe(7 * 86_400_000);
  });

  it("closes a window on demand (fault closeWindowFor)", async () => {
    await emulator.app.inject({
      method: "POST",
      url: "/_emulator/faults",
      payload: { closeWindowFor: DEMO_RESIDENT_ADMIN_ID },
    });
    expect((await sendCs(text(DEMO_RESIDENT_ADMIN_ID, "hi"))).json().error).toBe(-230);
  });

  it("rate-limits per minute with -32 and resets in the next minute", async () => {
    await emulator.app.inject({ method: "POST", url: "/_emulator/faults", payload: { rateLimitPerMinute: 3 } });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await sendCs(text(DEMO_RESIDENT_ADMIN_ID, `m${i}`)));
    expect(answers.map((a) => a.json().error)).toEqual([0, 0, 0, -32]);
    expect(answers[3]?.json().message).toBe("Your application/OA reached limit call api");
    expect(answers[3]?.headers["x-ratelimit-remain"]).toBe("0");
    expect(answers[3]?.headers["x-ratelimit-limit"]).toBe("3");
    await emulator.app.inject({ method: "POST", url: "/_emulator/clock", payload: { advanceMs: 60_000 } });
    expect((await sendCs(text(DEMO_RESIDENT_ADMIN_ID, "again"))).json().error).toBe(0);
  });

  it("injects HTTP 502 for the next N calls, then recovers", async () => {
    await emulator.app.inject({ method: "POST", url: "/_emulator/faults", payload: { fail5xx: 2 } });
    expect((await sendCs(text(DEMO_RESIDENT_ADMIN_ID, "a"))).statusCode).toBe(502);
    expect((await sendCs(text(DEMO_RESIDENT_ADMIN_ID, "b"))).statusCode).toBe(502);
    expect((await sendCs(text(DEMO_RESIDENT_ADMIN_ID, "c"))).json().error).toBe(0);
  });

  it("drops the connection for failNetwork (on a real socket)", async () => {
    await emulator.app.listen({ port: 0, host: "127.0.0.1" });
    const address = emulator.app.server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    await emulator.app.inject({ method: "POST", url: "/_emulator/faults", payload: { failNetwork: 1 } });
    const call = () =>
      fetch(`http://127.0.0.1:${port}/openapi/v3.0/oa/message/cs`, {
        method: "POST",
        headers: { access_token: TOKEN, "content-type": "application/json" },
        body: JSON.stringify(text(DEMO_RESIDENT_ADMIN_ID, "hi")),
      });
    await expect(call()).rejects.toThrow();
    expect(((await (await call()).json()) as { error: number }).error).toBe(0);
  });
});

describe("GET /openapi/v3.0/oa/user/detail", () => {
  it("returns the follower's profile with ids as strings", async () => {
    const res = await emulator.app.inject({
      url: `/openapi/v3.0/oa/user/detail?data=${encodeURIComponent(JSON.stringify({ user_id: DEMO_RESIDENT_ADMIN_ID }))}`,
      headers: { access_token: TOKEN },
    });
    expect(res.json()).toMatchObject({
      error: 0,
      data: {
        user_id: DEMO_RESIDENT_ADMIN_ID,
        user_id_by_app: "8000000000000000001",
        display_name: "Lê Thị Quản Trị",
        user_is_follower: true,
      },
    });
    expect(res.json().data.user_last_interaction_date).toMatch(/^\d\d\/\d\d\/\d{4}$/);
  });
});

/** After moving the clock past 25 h the access token has expired: refresh like the product would. */
async function currentToken(): Promise<string> {
  const { refreshToken } = (await emulator.app.inject("/_emulator/tokens")).json();
  const res = await emulator.app.inject({
    method: "POST",
    url: "/oauth/v4/oa/access_token",
    headers: { secret_key: "dev-app-secret-xks", "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({
      app_id: "1234567890123456789",
      grant_type: "refresh_token",
      refresh_token: refreshToken,
    }).toString(),
  });
  return res.json().access_token;
}
