import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionTokens } from "../bot/src/auth/session-token.ts";
import { type ApiKit, createApiTestKit, DEMO } from "./support/api-test-kit.ts";
import { createTestApp, TEST_ZALO, type TestApp } from "./support/test-app.ts";

/** Sign-in through the emulator's Graph, registration (with the phone decoded server-side), approval, removal. */
describe("mini-app sign-in and membership", () => {
  let kit: ApiKit;
  let nextUser = 0;
  /** A new person known to the emulator (a mini-app user who has never used the app). */
  const newZaloUser = (name: string) => {
    nextUser += 1;
    const id = `80000000000000009${String(nextUser).padStart(2, "0")}`;
    kit.emulator.state.miniAppUsers.set(id, {
      id,
      name,
      phone: `849120009${String(nextUser).padStart(2, "0")}`,
      role: "new_user",
      description: "",
    });
    return id;
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  /** A second, short-lived app with other settings. Closing it before its Redis connection is up leaves BullMQ
   * commands failing in the background, so wait for it first. */
  const withOtherApp = async (overrides: Record<string, string>, use: (app: TestApp["app"]) => Promise<void>) => {
    const other = await createTestApp(overrides);
    if (other.app.redis.status !== "ready") await new Promise((resolve) => other.app.redis.once("ready", resolve));
    try {
      await use(other.app);
    } finally {
      await other.close();
    }
  };

  beforeAll(async () => {
    kit = await createApiTestKit();
  });
  afterAll(async () => {
    await kit.close();
  });

  it("verifies the Zalo token at Graph, asking only for the id, and answers a session without name or picture", async () => {
    const id = newZaloUser("Đỗ Thị Lan");
    const res = await kit.signIn(id);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.member).toBeNull();
    // The mini-app never asks for scope.userInfo: no name, no picture, and the sign-in works all the same.
    expect(body.zaloUser).toEqual({ id, name: "", pictureUrl: null });
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(11 * 3_600_000);
    const me = await kit.t.app.inject({ method: "GET", url: "/api/me", headers: bearer(body.token) });
    expect(me.json()).toEqual({ zaloUser: { id, name: "" }, member: null });
  });

  it("refuses a token Zalo does not know (401) and a missing one (400)", async () => {
    const bad = await kit.t.app.inject({
      method: "POST",
      url: "/api/auth/zalo",
      payload: { accessToken: "forged-token" },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().code).toBe("ZALO_TOKEN_INVALID");
    const missing = await kit.t.app.inject({ method: "POST", url: "/api/auth/zalo", payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().code).toBe("INVALID_INPUT");
    // A token that cannot travel in an HTTP header is the caller's mistake, not Zalo being down (was a 503).
    for (const accessToken of ["tôken", "tỏken", "a b", "x\u0001y"]) {
      const odd = await kit.t.app.inject({ method: "POST", url: "/api/auth/zalo", payload: { accessToken } });
      expect(odd.statusCode, accessToken).toBe(400);
      expect(odd.json().code).toBe("INVALID_INPUT");
    }
  });

  it("answers 503, not 500, when Zalo Graph cannot be reached", async () => {
    await withOtherApp({ ZALO_GRAPH_URL: "http://127.0.0.1:9/graph" }, async (app) => {
      const res = await app.inject({ method: "POST", url: "/api/auth/zalo", payload: { accessToken: "x" } });
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe("UPSTREAM_UNAVAILABLE");
    });
  });

  it("refuses forged, expired and malformed session tokens", async () => {
    const other = await new SessionTokens("another-secret-that-is-long-enough-000").sign({
      zaloId: DEMO.admin,
      name: "x",
      zaloAccessToken: null,
    });
    const expired = await new SessionTokens(kit.t.config.SESSION_SECRET).sign(
      { zaloId: DEMO.admin, name: "x", zaloAccessToken: null },
      new Date(Date.now() - 13 * 3_600_000),
    );
    for (const token of [other.token, expired.token, "garbage"]) {
      const res = await kit.t.app.inject({ method: "GET", url: "/api/me", headers: bearer(token) });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe("UNAUTHENTICATED");
    }
  });

  it("makes ADMIN_ZALO_IDS active organisation admins at their first sign-in, with an audit row", async () => {
    const admin = await kit.prisma.member.findUniqueOrThrow({ where: { zaloId: DEMO.admin }, include: { unit: true } });
    expect(admin).toMatchObject({ role: "ORG_ADMIN", status: "ACTIVE" });
    expect(admin.unit?.code).toBe("HOANG_HOA");
    const audit = await kit.prisma.auditLog.findFirst({ where: { action: "member.create-configured-admin" } });
    expect(audit?.actorId).toBe(admin.id);
  });

  it("explains invalid registrations in Vietnamese", async () => {
    const token = (await kit.signIn(newZaloUser("A")).then((r) => r.json())).token as string;
    const shortName = await kit.t.app.inject({
      method: "POST",
      url: "/api/members/register",
      headers: bearer(token),
      payload: { name: " A ", unitCode: "HOANG_DAO" },
    });
    expect(shortName.statusCode).toBe(400);
    expect(JSON.stringify(shortName.json().details)).toContain("Vui lòng nhập họ và tên");
    const unknownUnit = await kit.t.app.inject({
      method: "POST",
      url: "/api/members/register",
      headers: bearer(token),
      payload: { name: "Nguyễn Văn A", unitCode: "KHONG_CO" },
    });
    expect(unknownUnit.statusCode).toBe(400);
    expect(unknownUnit.json()).toMatchObject({ code: "UNIT_NOT_FOUND", message: expect.stringContaining("KHONG_CO") });
  });

  it("decodes the phone token at Graph /me/info, once", async () => {
    const id = newZaloUser("Lê Văn Phúc");
    const token = (await kit.signIn(id).then((r) => r.json())).token as string;
    const phoneRes = await kit.emulator.app.inject({
      method: "POST",
      url: "/_emulator/phone-token",
      payload: { userId: id },
    });
    const phoneToken = phoneRes.json().token as string;
    const register = (payload: Record<string, unknown>) =>
      kit.t.app.inject({ method: "POST", url: "/api/members/register", headers: bearer(token), payload });
    const first = await register({ name: "Lê Văn Phúc", unitCode: "hoang_cat", phoneToken });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      status: "PENDING",
      role: "MEMBER",
      phone: kit.emulator.state.miniAppUsers.get(id)?.phone,
      unit: { code: "HOANG_CAT", name: "Xã Hoằng Cát" },
    });
    const reused = await register({ name: "Lê Văn Phúc", unitCode: "HOANG_CAT", phoneToken });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().code).toBe("PHONE_TOKEN_INVALID");
  });

  it("lets a lead approve a pending member of their unit; the same session then works", async () => {
    const id = newZaloUser("Vũ Thị Mai");
    const token = (await kit.signIn(id).then((r) => r.json())).token as string;
    const registered = await kit.t.app.inject({
      method: "POST",
      url: "/api/members/register",
      headers: bearer(token),
      payload: { name: "Vũ Thị Mai", unitCode: "HOANG_DAO" },
    });
    const memberId = registered.json().id as string;
    const before = await kit.t.app.inject({ method: "GET", url: "/api/dashboard/me", headers: bearer(token) });
    expect(before.statusCode).toBe(403);
    expect(before.json().code).toBe("MEMBER_PENDING");

    const pendingList = await kit.as("leadHere", { method: "GET", url: "/api/members?status=PENDING" });
    expect(pendingList.json().items.map((m: { id: string }) => m.id)).toContain(memberId);
    const otherLeadList = await kit.as("leadOther", { method: "GET", url: "/api/members?status=PENDING" });
    expect(otherLeadList.json().items.map((m: { id: string }) => m.id)).not.toContain(memberId);

    const asLead = await kit.as("leadHere", {
      method: "POST",
      url: `/api/members/${memberId}/approve`,
      payload: { role: "UNIT_LEAD" },
    });
    expect(asLead.statusCode).toBe(403);
    const approved = await kit.as("leadHere", { method: "POST", url: `/api/members/${memberId}/approve`, payload: {} });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: "ACTIVE", role: "MEMBER", approvedAt: expect.any(String) });
    const after = await kit.t.app.inject({ method: "GET", url: "/api/dashboard/me", headers: bearer(token) });
    expect(after.statusCode).toBe(200);

    const promoted = await kit.as("admin", {
      method: "POST",
      url: `/api/members/${memberId}/approve`,
      payload: { role: "UNIT_LEAD" },
    });
    expect(promoted.json().role).toBe("UNIT_LEAD");
    const audit = await kit.prisma.auditLog.findMany({ where: { targetId: memberId, action: "member.approve" } });
    expect(audit.map((a) => a.actorId).sort()).toEqual([kit.memberIds.admin, kit.memberIds.leadHere].sort());
  });

  it("shuts a removed member out at once and refuses to remove oneself", async () => {
    const id = newZaloUser("Bùi Văn Nam");
    const token = (await kit.signIn(id).then((r) => r.json())).token as string;
    const registered = await kit.t.app.inject({
      method: "POST",
      url: "/api/members/register",
      headers: bearer(token),
      payload: { name: "Bùi Văn Nam", unitCode: "HOANG_DAO" },
    });
    const memberId = registered.json().id as string;
    await kit.as("leadHere", { method: "POST", url: `/api/members/${memberId}/approve` });
    const removed = await kit.as("leadHere", { method: "POST", url: `/api/members/${memberId}/remove` });
    expect(removed.json().status).toBe("REMOVED");
    const denied = await kit.t.app.inject({ method: "GET", url: "/api/dashboard/me", headers: bearer(token) });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe("MEMBER_REMOVED");

    const self = await kit.as("admin", { method: "POST", url: `/api/members/${kit.memberIds.admin}/remove` });
    expect(self.statusCode).toBe(409);
    const leadRemovesLead = await kit.as("leadHere", {
      method: "POST",
      url: `/api/members/${kit.memberIds.leadHere}/remove`,
    });
    expect(leadRemovesLead.statusCode).toBe(409);
    const leadRemovesOtherLead = await kit.as("leadHere", {
      method: "POST",
      url: `/api/members/${kit.memberIds.leadOther}/remove`,
    });
    expect(leadRemovesOtherLead.statusCode).toBe(403);
    const unknown = await kit.as("admin", { method: "POST", url: "/api/members/nope/approve" });
    expect(unknown.statusCode).toBe(404);
  });

  it("uses the app's own Zalo secret for appsecret_proof (a wrong secret is refused by Graph)", async () => {
    const accessToken = await kit.zaloAccessToken(DEMO.member);
    const overrides = { ZALO_GRAPH_URL: kit.t.config.ZALO_GRAPH_URL, ZALO_APP_SECRET: `${TEST_ZALO.appSecret}-wrong` };
    await withOtherApp(overrides, async (app) => {
      const res = await app.inject({ method: "POST", url: "/api/auth/zalo", payload: { accessToken } });
      expect(res.statusCode).toBe(401);
    });
  });

  // Last in the file: it moves the emulator's clock past the sign-in tokens' life.
  it("decodes the phone with the access token taken at the moment of consent, not the hours-old sign-in token", async () => {
    const id = newZaloUser("Trịnh Văn Hùng");
    const token = (await kit.signIn(id).then((r) => r.json())).token as string;
    kit.emulator.state.advanceClock(13 * 3_600_000); // the sign-in token (12 h at the emulator) is dead
    const freshToken = (
      await kit.emulator.app.inject({ method: "POST", url: "/_emulator/signin", payload: { userId: id } })
    ).json().accessToken as string;
    const phoneToken = async () =>
      (await kit.emulator.app.inject({ method: "POST", url: "/_emulator/phone-token", payload: { userId: id } })).json()
        .token as string;
    const register = (payload: Record<string, unknown>) =>
      kit.t.app.inject({ method: "POST", url: "/api/members/register", headers: bearer(token), payload });

    const stale = await register({ name: "Trịnh Văn Hùng", unitCode: "HOANG_CAT", phoneToken: await phoneToken() });
    expect(stale.json().code).toBe("PHONE_TOKEN_INVALID");

    const otherId = newZaloUser("Người khác");
    const othersToken = (
      await kit.emulator.app.inject({ method: "POST", url: "/_emulator/signin", payload: { userId: otherId } })
    ).json().accessToken as string;
    const foreign = await register({
      name: "Trịnh Văn Hùng",
      unitCode: "HOANG_CAT",
      phoneToken: await phoneToken(),
      accessToken: othersToken,
    });
    expect(foreign.json().code).toBe("PHONE_TOKEN_INVALID");

    const fresh = await register({
      name: "Trịnh Văn Hùng",
      unitCode: "HOANG_CAT",
      phoneToken: await phoneToken(),
      accessToken: freshToken,
    });
    expect(fresh.statusCode).toBe(201);
    expect(fresh.json().phone).toBe(kit.emulator.state.miniAppUsers.get(id)?.phone);
  });
});
