import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiKit, createApiTestKit, newAssistanceLog } from "./support/api-test-kit.ts";

/** Offline-safe logging: idempotent clientId, the 24-hour correction window, scoped and paged reading. */
describe("assistance logs", () => {
  let kit: ApiKit;
  const post = (role: "member" | "leadHere" | "leadOther" | "admin", payload: Record<string, unknown>) =>
    kit.as(role, { method: "POST", url: "/api/assistance-logs", payload });

  beforeAll(async () => {
    kit = await createApiTestKit();
  });
  afterAll(async () => {
    await kit.close();
  });

  it("creates once per clientId: 201 first, 200 with the same record after, even when copies race", async () => {
    const entry = newAssistanceLog({ note: "Bà cụ đã cài xong" });
    const first = await post("member", entry);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      clientId: entry.clientId,
      services: ["VNEID", "CASHLESS"],
      unit: { code: "HOANG_DAO" },
      member: { id: kit.memberIds.member },
    });
    const again = await post("member", { ...entry, people: 99 });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());

    const racing = newAssistanceLog();
    const results = await Promise.all(Array.from({ length: 5 }, () => post("member", racing)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    expect(
      await kit.prisma.assistanceLog.count({ where: { clientId: { in: [entry.clientId, racing.clientId] } } }),
    ).toBe(2);
  });

  it("does not show another member's entry behind a reused clientId", async () => {
    const entry = newAssistanceLog();
    await post("member", entry);
    const other = await post("leadOther", entry);
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe("CLIENT_ID_TAKEN");
    expect(other.body).not.toContain("Thôn 3");
  });

  it.each([
    ["no services", { services: [] }],
    ["an unknown service", { services: ["VNEID", "FLYING"] }],
    ["zero people", { people: 0 }],
    ["people as text", { people: "hai" }],
    ["fractional minutes", { minutes: 1.5 }],
    ["an unknown outcome", { outcome: "MAYBE" }],
    ["a time in the future", { happenedAt: new Date(Date.now() + 86_400_000).toISOString() }],
    ["a time without offset", { happenedAt: "2026-03-02T08:00:00" }],
    ["a blank hamlet", { hamlet: "   " }],
    ["a too-long note", { note: "x".repeat(501) }],
    ["a short clientId", { clientId: "abc" }],
  ])("answers 400 INVALID_INPUT for %s", async (_label, change) => {
    const res = await post("member", newAssistanceLog(change));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: "INVALID_INPUT",
      message: expect.any(String),
      details: expect.any(Array),
    });
  });

  it("answers 400 for broken JSON and an unknown help request, never 5xx", async () => {
    const broken = await kit.as("member", {
      method: "POST",
      url: "/api/assistance-logs",
      headers: { "content-type": "application/json" },
      payload: "{not json",
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toEqual(expect.any(String));
    const unknownHelp = await post("member", newAssistanceLog({ helpRequestId: "nope" }));
    expect(unknownHelp.statusCode).toBe(400);
    expect(unknownHelp.json().code).toBe("HELP_REQUEST_NOT_FOUND");
    const otherUnitHelp = await kit.prisma.helpRequest.create({
      data: { unitId: kit.units.cat, topic: "VNeID", preferredTime: "Sáng" },
    });
    const foreign = await post("member", newAssistanceLog({ helpRequestId: otherUnitHelp.id }));
    expect(foreign.statusCode).toBe(400);
    const badCursor = await kit.as("member", { method: "GET", url: "/api/assistance-logs?cursor=%%%" });
    expect(badCursor.statusCode).toBe(400);
    const badRange = await kit.as("admin", {
      method: "GET",
      url: "/api/assistance-logs?from=2026-03-05&to=2026-03-01",
    });
    expect(badRange.statusCode).toBe(400);
    expect(badRange.json().code).toBe("INVALID_DATE_RANGE");
  });

  it("masks an ID number typed into the note", async () => {
    const res = await post("member", newAssistanceLog({ note: "CCCD của bác là 038123456789, đã xong" }));
    expect(res.statusCode).toBe(201);
    expect(res.json().note).not.toContain("038123456789");
    const stored = await kit.prisma.assistanceLog.findUniqueOrThrow({ where: { id: res.json().id } });
    expect(stored.note).not.toContain("038123456789");
  });

  it("masks the issue's tricky forms in the note and the hamlet, keeping the phone number", async () => {
    const res = await post(
      "member",
      newAssistanceLog({
        hamlet: "Thôn Đông, cccd 0381\u00a02345\u00a06789",
        note: "cccd 038123456789 0912345678, mật khẩu của bác là Hoa@1990, mã của bác là 482913",
      }),
    );
    expect(res.statusCode).toBe(201);
    const stored = await kit.prisma.assistanceLog.findUniqueOrThrow({ where: { id: res.json().id } });
    for (const secret of ["038123456789", "Hoa@1990", "482913", "6789"]) {
      expect(`${stored.hamlet} ${stored.note}`).not.toContain(secret);
    }
    expect(stored.hamlet).toContain("Thôn Đông");
    expect(stored.note).toContain("0912345678");
    const edited = await kit.as("member", {
      method: "PATCH",
      url: `/api/assistance-logs/${res.json().id}`,
      payload: { hamlet: "Xóm 2, otp cua bac la 739104" },
    });
    expect(edited.json().hamlet).not.toContain("739104");
  });

  it("lets the author correct an entry for 24 hours, and nobody else", async () => {
    const created = (await post("member", newAssistanceLog())).json();
    expect(Date.parse(created.editableUntil) - Date.parse(created.createdAt)).toBe(24 * 3_600_000);
    const fixed = await kit.as("member", {
      method: "PATCH",
      url: `/api/assistance-logs/${created.id}`,
      payload: { people: 4, outcome: "FOLLOW_UP", note: null },
    });
    expect(fixed.statusCode).toBe(200);
    expect(fixed.json()).toMatchObject({ people: 4, outcome: "FOLLOW_UP", note: null, clientId: created.clientId });

    const byLead = await kit.as("leadHere", {
      method: "PATCH",
      url: `/api/assistance-logs/${created.id}`,
      payload: { people: 1 },
    });
    expect(byLead.statusCode).toBe(403);
    const empty = await kit.as("member", { method: "PATCH", url: `/api/assistance-logs/${created.id}`, payload: {} });
    expect(empty.statusCode).toBe(400);

    await kit.prisma.assistanceLog.update({
      where: { id: created.id },
      data: { createdAt: new Date(Date.now() - 24 * 3_600_000 - 60_000) },
    });
    const late = await kit.as("member", {
      method: "PATCH",
      url: `/api/assistance-logs/${created.id}`,
      payload: { people: 5 },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: "EDIT_WINDOW_CLOSED", message: expect.stringContaining("24 giờ") });
    const missing = await kit.as("member", {
      method: "PATCH",
      url: "/api/assistance-logs/nope",
      payload: { people: 5 },
    });
    expect(missing.statusCode).toBe(404);
  });

  it("scopes the list: own entries for a member, the unit with its sub-units for a lead, all for an admin", async () => {
    // A member of the school under HOANG_DAO, and an entry in HOANG_CAT.
    const schoolMember = await kit.prisma.member.create({
      data: { zaloId: "8100000000000000001", name: "Học Sinh Đoàn", unitId: kit.units.daoSchool, status: "ACTIVE" },
    });
    const base = { services: ["OTHER" as const], people: 1, minutes: 5, hamlet: "Thôn 9", outcome: "DONE" as const };
    const school = await kit.prisma.assistanceLog.create({
      data: {
        ...base,
        clientId: randomUUID(),
        memberId: schoolMember.id,
        unitId: kit.units.daoSchool,
        happenedAt: new Date(),
      },
    });
    const cat = (await post("leadOther", newAssistanceLog())).json();

    const ids = async (role: "member" | "leadHere" | "leadOther" | "admin", query = "") =>
      (
        (await kit.as(role, { method: "GET", url: `/api/assistance-logs?limit=100${query}` })).json().items as {
          id: string;
        }[]
      ).map((i) => i.id);
    const memberSees = await ids("member");
    expect(memberSees.length).toBeGreaterThan(0);
    const memberRows = await kit.prisma.assistanceLog.findMany({ where: { id: { in: memberSees } } });
    expect(memberRows.every((r) => r.memberId === kit.memberIds.member)).toBe(true);

    const leadSees = await ids("leadHere");
    expect(leadSees).toContain(school.id);
    expect(leadSees).not.toContain(cat.id);
    expect(await ids("leadHere", "&mine=true")).toEqual([]);
    const adminSees = await ids("admin");
    expect(adminSees).toEqual(expect.arrayContaining([school.id, cat.id, ...memberSees]));
    expect(await ids("admin", "&unitCode=HOANG_CAT")).toEqual([cat.id]);
    const outside = await kit.as("leadHere", { method: "GET", url: "/api/assistance-logs?unitCode=HOANG_CAT" });
    expect(outside.statusCode).toBe(403);
  });

  it("pages newest first with a cursor and filters by local calendar days", async () => {
    // 23:30 and 00:30 local (Asia/Ho_Chi_Minh, UTC+7) on either side of midnight ten days ago.
    const day = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
    const before = new Date(`${day}T16:30:00Z`); // 23:30 local on `day`
    const after = new Date(`${day}T17:30:00Z`); // 00:30 local the next day
    const a = (await post("leadOther", newAssistanceLog({ happenedAt: before.toISOString() }))).json();
    const b = (await post("leadOther", newAssistanceLog({ happenedAt: after.toISOString() }))).json();
    const onDay = await kit.as("leadOther", { method: "GET", url: `/api/assistance-logs?from=${day}&to=${day}` });
    expect(onDay.json().items.map((i: { id: string }) => i.id)).toEqual([a.id]);

    const all: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await kit.as("admin", {
        method: "GET",
        url: `/api/assistance-logs?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      });
      expect(res.statusCode).toBe(200);
      const page = res.json();
      all.push(...page.items.map((i: { id: string }) => i.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    const total = await kit.prisma.assistanceLog.count();
    expect(all).toHaveLength(total);
    expect(new Set(all).size).toBe(total);
    expect(all.indexOf(b.id)).toBeLessThan(all.indexOf(a.id));
  });
});
