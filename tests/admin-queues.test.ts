import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiKit, createApiTestKit, ROLES } from "./support/api-test-kit.ts";

describe("queue dashboard at /admin/queues", () => {
  let kit: ApiKit;
  beforeAll(async () => {
    kit = await createApiTestKit();
  });
  afterAll(async () => {
    await kit.close();
  });

  it.each(
    ROLES.map((role) => [role, role === "admin" ? 200 : role === "anonymous" ? 401 : 403] as const),
  )("gives a one-time ticket only to organisation admins: %s → %i", async (role, status) => {
    const response = await kit.as(role, { method: "POST", url: "/api/admin/queues/ticket" });
    expect(response.statusCode).toBe(status);
  });

  it("refuses the dashboard without a session cookie", async () => {
    const response = await kit.t.app.inject({ method: "GET", url: "/admin/queues" });
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain("quản trị viên");
  });

  it("exchanges a ticket once for a cookie that opens the dashboard and its API", async () => {
    const ticket = await kit.as("admin", { method: "POST", url: "/api/admin/queues/ticket" });
    const { url } = ticket.json() as { url: string };
    const enter = await kit.t.app.inject({ method: "GET", url });
    expect(enter.statusCode).toBe(302);
    const cookie = enter.cookies.find((c) => c.name === "xks_queues");
    expect(cookie?.httpOnly).toBe(true);
    const headers = { cookie: `xks_queues=${cookie?.value}` };

    const page = await kit.t.app.inject({ method: "GET", url: "/admin/queues", headers });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<html");
    const api = await kit.t.app.inject({ method: "GET", url: "/admin/queues/api/queues", headers });
    expect(api.statusCode).toBe(200);
    const names = (api.json() as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(["broadcast", "cron", "exports", "inbound", "outbound"]);

    const reused = await kit.t.app.inject({ method: "GET", url });
    expect(reused.statusCode).toBe(401);
  });

  it("closes the dashboard as soon as the admin is removed", async () => {
    const ticket = await kit.as("admin", { method: "POST", url: "/api/admin/queues/ticket" });
    const enter = await kit.t.app.inject({ method: "GET", url: (ticket.json() as { url: string }).url });
    const cookie = enter.cookies.find((c) => c.name === "xks_queues");
    await kit.prisma.member.update({ where: { id: kit.memberIds.admin }, data: { status: "REMOVED" } });
    const page = await kit.t.app.inject({
      method: "GET",
      url: "/admin/queues",
      headers: { cookie: `xks_queues=${cookie?.value}` },
    });
    expect(page.statusCode).toBe(401);
    await kit.prisma.member.update({ where: { id: kit.memberIds.admin }, data: { status: "ACTIVE" } });
  });
});
