import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEmulator, type Emulator } from "../emulator/src/build-emulator.ts";
import { createTestApp, TEST_ZALO, type TestApp } from "./support/test-app.ts";

/**
 * ADMIN_ZALO_IDS seeds admins once, and an admin's removal sticks (issue 8, item 4): a removed configured admin is
 * not promoted again at their next sign-in or registration, and a member an admin removed is re-activated by an
 * admin only, not by their unit lead.
 */
const ADMIN = "8000000000000000001";
const SECOND_ADMIN = "8000000000000000004";
const LEAD = "8000000000000000002";
const MEMBER = "8000000000000000003";

let emulator: Emulator;
let t: TestApp;
const tokens = new Map<string, string>();

beforeAll(async () => {
  emulator = await buildEmulator({ appSecret: TEST_ZALO.appSecret, webhookUrl: null });
  const address = await emulator.app.listen({ port: 0, host: "127.0.0.1" });
  t = await createTestApp({ ZALO_GRAPH_URL: `${address}/graph`, ADMIN_ZALO_IDS: `${ADMIN},${SECOND_ADMIN}` });
  const root = await t.app.prisma.unit.create({ data: { code: "HOANG_HOA", name: "Hoằng Hóa", kind: "ORGANISATION" } });
  const dao = await t.app.prisma.unit.create({
    data: { code: "HOANG_DAO", name: "Xã Hoằng Đạo", kind: "COMMUNE", parentId: root.id },
  });
  const active = { status: "ACTIVE" as const, approvedAt: new Date() };
  await t.app.prisma.member.create({
    data: { zaloId: LEAD, name: "Bí thư", role: "UNIT_LEAD", unitId: dao.id, ...active },
  });
  await t.app.prisma.member.create({
    data: { zaloId: MEMBER, name: "Đoàn viên", role: "MEMBER", unitId: dao.id, ...active },
  });
  for (const id of [ADMIN, LEAD, MEMBER]) {
    const res = await signIn(id);
    tokens.set(id, res.json<{ token: string }>().token);
  }
});

afterAll(async () => {
  await t.close();
  await emulator.app.close();
});

async function signIn(zaloId: string): Promise<LightMyRequestResponse> {
  const issued = await emulator.app.inject({ method: "POST", url: "/_emulator/signin", payload: { userId: zaloId } });
  const accessToken = issued.json<{ accessToken: string }>().accessToken;
  const res = await t.app.inject({ method: "POST", url: "/api/auth/zalo", payload: { accessToken } });
  expect(res.statusCode).toBe(200);
  return res;
}

const as = (zaloId: string, method: "POST", url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${tokens.get(zaloId)}` },
    ...(payload ? { payload } : {}),
  });

const memberId = async (zaloId: string) => (await t.app.prisma.member.findUniqueOrThrow({ where: { zaloId } })).id;

describe("configured admins", () => {
  it("are seeded at their first sign-in, and an admin's removal of one sticks", async () => {
    const first = await signIn(SECOND_ADMIN);
    expect(first.json().member).toMatchObject({ role: "ORG_ADMIN", status: "ACTIVE" });
    const secondToken = first.json<{ token: string }>().token;
    const seeded = await t.app.prisma.member.findUniqueOrThrow({ where: { zaloId: SECOND_ADMIN } });
    expect(seeded.adminSeededAt).not.toBeNull();

    const removed = await as(ADMIN, "POST", `/api/members/${seeded.id}/remove`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().status).toBe("REMOVED");

    // Their id is still in ADMIN_ZALO_IDS: signing in again does not make them an admin again.
    const again = await signIn(SECOND_ADMIN);
    expect(again.json().member).toMatchObject({ status: "REMOVED" });
    const denied = await t.app.inject({
      method: "GET",
      url: "/api/members",
      headers: { authorization: `Bearer ${secondToken}` },
    });
    expect(denied.statusCode).toBe(403);

    // Asking to join again makes them a pending member, not an admin.
    const asked = await t.app.inject({
      method: "POST",
      url: "/api/members/register",
      headers: { authorization: `Bearer ${again.json<{ token: string }>().token}` },
      payload: { name: "Người từng là quản trị", unitCode: "HOANG_DAO" },
    });
    expect(asked.statusCode).toBe(201);
    expect(asked.json()).toMatchObject({ role: "MEMBER", status: "PENDING" });
  });

  it("keep being admins at every sign-in while nobody removed them", async () => {
    const again = await signIn(ADMIN);
    expect(again.json().member).toMatchObject({ role: "ORG_ADMIN", status: "ACTIVE" });
  });
});

describe("re-activating a removed member", () => {
  it("is for admins only when an admin removed them, also after they register again", async () => {
    const id = await memberId(MEMBER);
    expect((await as(ADMIN, "POST", `/api/members/${id}/remove`)).statusCode).toBe(200);

    const byLead = await as(LEAD, "POST", `/api/members/${id}/approve`, {});
    expect(byLead.statusCode).toBe(403);
    expect(byLead.json().code).toBe("REMOVED_BY_ADMIN");

    const registered = await as(MEMBER, "POST", "/api/members/register", { name: "Đoàn viên", unitCode: "HOANG_DAO" });
    expect(registered.statusCode).toBe(201);
    const leadAgain = await as(LEAD, "POST", `/api/members/${id}/approve`, {});
    expect(leadAgain.statusCode).toBe(403);
    expect(leadAgain.json().code).toBe("REMOVED_BY_ADMIN");
    expect((await t.app.prisma.member.findUniqueOrThrow({ where: { id } })).status).toBe("PENDING");

    const byAdmin = await as(ADMIN, "POST", `/api/members/${id}/approve`, {});
    expect(byAdmin.statusCode).toBe(200);
    expect(byAdmin.json().status).toBe("ACTIVE");
  });

  it("stays with the lead when the lead removed them", async () => {
    const id = await memberId(MEMBER);
    expect((await as(LEAD, "POST", `/api/members/${id}/remove`)).statusCode).toBe(200);
    const back = await as(LEAD, "POST", `/api/members/${id}/approve`, {});
    expect(back.statusCode).toBe(200);
    expect(back.json().status).toBe("ACTIVE");
  });
});
