import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionTokens } from "../bot/src/auth/session-token.ts";
import { OA_CALLBACK_PATH } from "../bot/src/routes/oa-connect.ts";
import { createTestApp, TEST_ZALO, type TestApp } from "./support/test-app.ts";
import { type RunningEmulator, startZaloEmulator } from "./support/zalo-emulator.ts";

/**
 * The OA connect flow is tied to the admin who started it and to the OA of ZALO_OA_ID (issue 8, item 4): the
 * callback (a browser redirect, no bearer token) is honoured only in the browser that opened the admin's start
 * link, only with Zalo's `oa_id` equal to ours, and only while that member is still an active admin.
 */
let emu: RunningEmulator;
let t: TestApp;
let adminToken: string;
let leadToken: string;
let adminZaloId: string;

beforeAll(async () => {
  emu = await startZaloEmulator();
  t = await createTestApp(emu.env);
  if (t.app.redis.status !== "ready") await new Promise((resolve) => t.app.redis.once("ready", resolve));
  const unit = await t.app.prisma.unit.create({ data: { code: "HH", name: "Hoằng Hóa", kind: "ORGANISATION" } });
  const admin = await t.app.prisma.member.create({
    data: { zaloId: "8100000000000000001", name: "Quản trị", role: "ORG_ADMIN", status: "ACTIVE", unitId: unit.id },
  });
  await t.app.prisma.member.create({
    data: { zaloId: "8100000000000000002", name: "Bí thư", role: "UNIT_LEAD", status: "ACTIVE", unitId: unit.id },
  });
  adminZaloId = admin.zaloId;
  const tokens = new SessionTokens(t.config.SESSION_SECRET);
  adminToken = (await tokens.sign({ zaloId: admin.zaloId, name: admin.name, zaloAccessToken: null })).token;
  leadToken = (await tokens.sign({ zaloId: "8100000000000000002", name: "Bí thư", zaloAccessToken: null })).token;
});

afterAll(async () => {
  await t.close();
  await emu.close();
});

const exchanges = () => emu.calls.filter((c) => c.path === "/oauth/v4/oa/access_token").length;

/** The admin taps "Kết nối OA": the API's start link, opened in their browser, then Zalo's consent page. */
async function adminConsents(): Promise<{ callback: URL; cookie: string }> {
  const answer = await t.app.inject({
    method: "POST",
    url: "/api/admin/oa/connect",
    headers: { authorization: `Bearer ${adminToken}` },
  });
  expect(answer.statusCode).toBe(200);
  const start = await t.app.inject({ method: "GET", url: answer.json<{ url: string }>().url });
  expect(start.statusCode).toBe(302);
  const setCookie = String(start.headers["set-cookie"]);
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=Lax/i);
  const permission = new URL(String(start.headers.location));
  const allow = await fetch(`${emu.baseUrl}/oauth/v4/oa/permission/allow${permission.search}`, { redirect: "manual" });
  expect(allow.status).toBe(302);
  return { callback: new URL(String(allow.headers.get("location"))), cookie: setCookie.split(";")[0] ?? "" };
}

const callback = (url: URL, cookie?: string) =>
  t.app.inject({ method: "GET", url: `${OA_CALLBACK_PATH}${url.search}`, headers: cookie ? { cookie } : {} });

describe("OA connect bound to the admin and to ZALO_OA_ID", () => {
  it("connects when the admin's own browser comes back with our oa_id", async () => {
    const { callback: back, cookie } = await adminConsents();
    expect(back.searchParams.get("oa_id")).toBe(TEST_ZALO.oaId);
    const done = await callback(back, cookie);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain("Đã kết nối OA");
  });

  it("refuses the callback in another browser (no start cookie) without exchanging the code", async () => {
    const { callback: back } = await adminConsents();
    const before = exchanges();
    const elsewhere = await callback(back);
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.body).toContain("chính trình duyệt");
    const forged = await callback(back, "xks_oa_connect=not-the-nonce");
    expect(forged.statusCode).toBe(400);
    expect(exchanges()).toBe(before);
  });

  it("refuses a callback that leaves out oa_id, or names another OA", async () => {
    for (const oaId of [null, "1111111111111111111"]) {
      const { callback: back, cookie } = await adminConsents();
      if (oaId === null) back.searchParams.delete("oa_id");
      else back.searchParams.set("oa_id", oaId);
      const before = exchanges();
      const refused = await callback(back, cookie);
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain("không phải OA");
      expect(exchanges()).toBe(before);
    }
  });

  it("refuses the callback when the admin who started it is no longer an admin", async () => {
    const { callback: back, cookie } = await adminConsents();
    await t.app.prisma.member.update({ where: { zaloId: adminZaloId }, data: { role: "MEMBER" } });
    try {
      const refused = await callback(back, cookie);
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain("Chỉ quản trị viên");
    } finally {
      await t.app.prisma.member.update({ where: { zaloId: adminZaloId }, data: { role: "ORG_ADMIN" } });
    }
  });

  it("never gives a unit lead a start link, and a start link works once", async () => {
    const lead = await t.app.inject({
      method: "POST",
      url: "/api/admin/oa/connect",
      headers: { authorization: `Bearer ${leadToken}` },
    });
    expect(lead.statusCode).toBe(403);
    const answer = await t.app.inject({
      method: "POST",
      url: "/api/admin/oa/connect",
      headers: { authorization: `Bearer ${adminToken}` },
    });
    const link = answer.json<{ url: string }>().url;
    expect((await t.app.inject({ method: "GET", url: link })).statusCode).toBe(302);
    expect((await t.app.inject({ method: "GET", url: link })).statusCode).toBe(400);
  });
});
