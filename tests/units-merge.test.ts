import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAudiencePage } from "../bot/src/broadcasts/broadcast-audience.ts";
import { matchUnit } from "../bot/src/conversation/match-unit.ts";
import { findCurrentUnit } from "../bot/src/units/find-current-unit.ts";
import { loadUnitOptions } from "../bot/src/units/load-unit-options.ts";
import { type ApiKit, createApiTestKit } from "./support/api-test-kit.ts";

/**
 * The 2025 mergers end to end on the real app and PostgreSQL: an admin imports a CSV that merges HOANG_DAO and
 * HOANG_CAT into a new commune; the residents of both are then under it, a notice to it targets them, and the
 * dashboards count last month's logs (kept under the old units) under it. Then the admin screen's routes.
 */

let kit: ApiKit;
const DAY_MS = 24 * 60 * 60_000;

beforeAll(async () => {
  kit = await createApiTestKit();
});

afterAll(async () => {
  await kit?.close();
});

const now = () => new Date();

async function seedResidentsAndLogs() {
  const reachable = { followState: "FOLLOWING" as const, lastInteractionAt: new Date(Date.now() - DAY_MS) };
  await kit.prisma.resident.createMany({
    data: [
      { oaUserId: "merge-dao-1", unitId: kit.units.dao, ...reachable },
      { oaUserId: "merge-dao-2", unitId: kit.units.dao, ...reachable },
      { oaUserId: "merge-cat-1", unitId: kit.units.cat, ...reachable },
    ],
  });
  const log = (clientId: string, memberId: string, unitId: string, people: number, daysAgo: number) => ({
    clientId,
    memberId,
    unitId,
    happenedAt: new Date(Date.now() - daysAgo * DAY_MS),
    services: ["VNEID" as const],
    people,
    minutes: 20,
    hamlet: "Thôn 2",
    outcome: "DONE" as const,
  });
  await kit.prisma.assistanceLog.createMany({
    data: [
      log("merge-log-dao", kit.memberIds.member, kit.units.dao, 4, 20),
      log("merge-log-cat", kit.memberIds.leadOther, kit.units.cat, 3, 25),
      log("merge-log-school", kit.memberIds.member, kit.units.daoSchool, 2, 18),
    ],
  });
}

describe("a CSV that merges two communes", () => {
  it("puts the residents of both under the successor, a notice to it targets them, dashboards count last month's logs", async () => {
    await seedResidentsAndLogs();
    const csv = [
      "code,name,kind,parent_code,merged_into",
      "XA_MOI,Xã Mới,commune,HOANG_HOA,",
      "HOANG_DAO,Xã Hoằng Đạo,commune,,XA_MOI",
      "HOANG_CAT,Xã Hoằng Cát,commune,,XA_MOI",
    ].join("\n");
    const imported = await kit.as("admin", { method: "POST", url: "/api/units/import", payload: { csv } });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toEqual({ created: 1, updated: 2, merged: 2, retired: 0 });

    const successor = await kit.prisma.unit.findUniqueOrThrow({
      where: { code: "XA_MOI" },
      include: { residents: true, members: true, children: true },
    });
    expect(successor.residents.map((r) => r.oaUserId).sort()).toEqual(["merge-cat-1", "merge-dao-1", "merge-dao-2"]);
    expect(successor.members.map((m) => m.id)).toEqual(expect.arrayContaining([kit.memberIds.leadHere]));
    expect(successor.children.map((u) => u.code)).toEqual(["THCS_HOANG_DAO"]);
    expect(successor.targetPeoplePerWeek).toBe(70);
    // Old logs stay under their unit for history.
    expect((await kit.prisma.assistanceLog.findUniqueOrThrow({ where: { clientId: "merge-log-cat" } })).unitId).toBe(
      kit.units.cat,
    );

    // A notice to the successor targets the residents of both former communes.
    const audience = { kind: "residents" as const, unitCodes: ["XA_MOI"] };
    const page = await readAudiencePage(kit.prisma, audience, null, now(), true);
    expect(page.recipients.map((r) => r.oaUserId).sort()).toEqual(["merge-cat-1", "merge-dao-1", "merge-dao-2"]);
    const preview = await kit.as("admin", { method: "POST", url: "/api/broadcasts/preview", payload: { audience } });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ total: 3, reachable: 3 });
    // A notice to a merged unit is refused with a reason rather than sent to nobody.
    const stale = await kit.as("admin", {
      method: "POST",
      url: "/api/broadcasts/preview",
      payload: { audience: { kind: "residents", unitCodes: ["HOANG_DAO"] } },
    });
    expect(stale.statusCode).toBe(400);
    expect(stale.json()).toMatchObject({ code: "UNIT_INACTIVE" });
    expect(stale.json().message).toContain("đã sáp nhập vào Xã Mới");

    // The unit dashboard of the successor counts the last weeks' logs of both former communes and the school.
    const unitDash = await kit.as("admin", { method: "GET", url: "/api/dashboard/unit/XA_MOI" });
    expect(unitDash.statusCode, unitDash.body).toBe(200);
    const trendPeople = (unitDash.json().trend as { people: number }[]).reduce((sum, w) => sum + w.people, 0);
    expect(trendPeople).toBe(9);
    // The lead who was in HOANG_DAO is now in the successor and sees it too.
    expect((await kit.as("leadHere", { method: "GET", url: "/api/dashboard/unit/XA_MOI" })).statusCode).toBe(200);

    const orgDash = await kit.as("admin", { method: "GET", url: "/api/dashboard/organisation" });
    expect(orgDash.statusCode).toBe(200);
    const ranked = (orgDash.json().units as { code: string }[]).map((u) => u.code);
    expect(ranked).toContain("XA_MOI");
    expect(ranked).not.toContain("HOANG_DAO");
    expect(ranked).not.toContain("HOANG_CAT");
  });

  it("refuses a bad merge CSV through the API with the line, the reason and a stable code, changing nothing", async () => {
    const before = await kit.prisma.unit.findMany({ orderBy: { code: "asc" } });
    const csv = "code,name,kind,merged_into\nXA_MOI,Xã Mới (đổi tên),commune,\nXA_KHAC,Xã Khác,commune,KHONG_CO\n";
    const res = await kit.as("admin", { method: "POST", url: "/api/units/import", payload: { csv } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: "UNITS_CSV_INVALID",
      details: [{ line: 3, code: "UNIT_MERGE_TARGET_UNKNOWN" }],
    });
    expect(await kit.prisma.unit.findMany({ orderBy: { code: "asc" } })).toEqual(before);
  });
});

describe("merged and retired units are not offered", () => {
  it("leaves them out of the bot's options, where their old names lead to the successor", async () => {
    await kit.prisma.unit.create({
      data: { code: "XA_GIAI_THE", name: "Xã Giải Thể", kind: "COMMUNE", parentId: kit.units.root, retiredAt: now() },
    });
    const options = await loadUnitOptions(kit.prisma);
    const codes = options.map((u) => u.code);
    expect(codes).toContain("XA_MOI");
    expect(codes).not.toContain("HOANG_DAO");
    expect(codes).not.toContain("HOANG_CAT");
    expect(codes).not.toContain("XA_GIAI_THE");
    const typed = matchUnit("tôi ở hoằng đạo", options);
    expect(typed).toMatchObject({ kind: "one", unit: { code: "XA_MOI" } });
    expect(matchUnit("xa hoang cat", options)).toMatchObject({ kind: "one", unit: { code: "XA_MOI" } });
    // A code chosen in a conversation before the merge lands on the successor.
    expect(await findCurrentUnit(kit.prisma, "HOANG_DAO")).toMatchObject({ code: "XA_MOI", retired: false });
    expect(await findCurrentUnit(kit.prisma, "KHONG_CO")).toBeNull();
  });

  it("leaves them out of the forms' unit list; admins can list them with include=all", async () => {
    const forms = await kit.as("member", { method: "GET", url: "/api/units" });
    const formCodes = (forms.json().items as { code: string }[]).map((u) => u.code);
    expect(formCodes).toContain("XA_MOI");
    expect(formCodes).not.toContain("HOANG_DAO");
    expect(formCodes).not.toContain("XA_GIAI_THE");
    const all = await kit.as("admin", { method: "GET", url: "/api/units?include=all" });
    const items = all.json().items as { code: string; mergedIntoCode: string | null; retired: boolean }[];
    expect(items.find((u) => u.code === "HOANG_DAO")).toMatchObject({ mergedIntoCode: "XA_MOI", retired: false });
    expect(items.find((u) => u.code === "XA_GIAI_THE")).toMatchObject({ mergedIntoCode: null, retired: true });
    expect((await kit.as("leadHere", { method: "GET", url: "/api/units?include=all" })).statusCode).toBe(403);
  });

  it("refuses a registration to a merged unit, naming the successor", async () => {
    const res = await kit.as("pending", {
      method: "POST",
      url: "/api/members/register",
      payload: { name: "Hoàng Gia Bảo", unitCode: "HOANG_DAO" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: "UNIT_INACTIVE" });
    expect(res.json().message).toContain("Xã Mới");
  });
});

describe("the admin units screen's routes", () => {
  it("merges, renames, re-parents and retires, each in the audit log", async () => {
    const root = kit.units.root;
    await kit.prisma.unit.createMany({
      data: [
        { code: "XA_A", name: "Xã A", kind: "COMMUNE", parentId: root, targetPeoplePerWeek: 10 },
        { code: "XA_B", name: "Xã B", kind: "COMMUNE", parentId: root, targetPeoplePerWeek: 5 },
        { code: "XA_C", name: "Xã C", kind: "COMMUNE", parentId: root },
      ],
    });
    const resident = await kit.prisma.resident.create({
      data: { oaUserId: "merge-a-1", unit: { connect: { code: "XA_A" } } },
    });

    const merged = await kit.as("admin", {
      method: "POST",
      url: "/api/units/XA_A/merge",
      payload: { intoCode: "XA_B" },
    });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toMatchObject({
      unit: { code: "XA_A", mergedIntoCode: "XA_B" },
      successor: { code: "XA_B", targetPeoplePerWeek: 15 },
      moved: { residents: 1, targetPeoplePerWeek: 10 },
    });
    expect(
      (await kit.prisma.resident.findUniqueOrThrow({ where: { id: resident.id }, include: { unit: true } })).unit?.code,
    ).toBe("XA_B");

    const renamed = await kit.as("admin", {
      method: "PATCH",
      url: "/api/units/XA_B",
      payload: { name: "Xã B mới", parentCode: "XA_C" },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: "Xã B mới", parentCode: "XA_C" });
    const retired = await kit.as("admin", { method: "PATCH", url: "/api/units/XA_C", payload: { retired: true } });
    expect(retired.statusCode, retired.body).toBe(200);
    expect(retired.json()).toMatchObject({ retired: true });

    const actions = await kit.prisma.auditLog.findMany({
      where: { actorId: kit.memberIds.admin, action: { in: ["unit.merge", "unit.update"] } },
      orderBy: { at: "asc" },
    });
    expect(actions.map((a) => [a.action, (a.details as { code: string }).code])).toEqual(
      expect.arrayContaining([
        ["unit.merge", "XA_A"],
        ["unit.update", "XA_B"],
        ["unit.update", "XA_C"],
      ]),
    );
  });

  it.each([
    ["merge into itself", "POST", "/api/units/XA_C/merge", { intoCode: "XA_C" }, 400, "UNIT_MERGE_CYCLE"],
    ["merge again", "POST", "/api/units/XA_A/merge", { intoCode: "XA_C" }, 409, "UNIT_ALREADY_MERGED"],
    [
      "merge into a merged unit",
      "POST",
      "/api/units/XA_B/merge",
      { intoCode: "XA_A" },
      400,
      "UNIT_MERGE_TARGET_MERGED",
    ],
    [
      "merge into a retired unit",
      "POST",
      "/api/units/XA_MOI/merge",
      { intoCode: "XA_GIAI_THE" },
      400,
      "UNIT_MERGE_INTO_RETIRED",
    ],
    [
      "merge into a sub-unit",
      "POST",
      "/api/units/XA_MOI/merge",
      { intoCode: "THCS_HOANG_DAO" },
      400,
      "UNIT_MERGE_INTO_DESCENDANT",
    ],
    ["merge into an unknown unit", "POST", "/api/units/XA_MOI/merge", { intoCode: "KHONG_CO" }, 404, "UNIT_NOT_FOUND"],
    [
      "re-parent under its own sub-unit",
      "PATCH",
      "/api/units/XA_MOI",
      { parentCode: "THCS_HOANG_DAO" },
      400,
      "UNIT_PARENT_CYCLE",
    ],
    [
      "re-parent under a merged unit",
      "PATCH",
      "/api/units/XA_MOI",
      { parentCode: "HOANG_DAO" },
      400,
      "UNIT_PARENT_INACTIVE",
    ],
    [
      "retire a unit others were merged into",
      "PATCH",
      "/api/units/XA_MOI",
      { retired: true },
      409,
      "UNIT_MERGE_INTO_RETIRED",
    ],
    ["an empty change", "PATCH", "/api/units/XA_MOI", {}, 400, undefined],
  ] as const)("refuses to %s with a clear reason", async (_what, method, url, payload, status, code) => {
    const res = await kit.as("admin", { method, url, payload });
    expect(res.statusCode, res.body).toBe(status);
    if (code) expect(res.json()).toMatchObject({ code });
    expect(typeof res.json().message).toBe("string");
  });

  it.each(["member", "leadHere", "leadOther", "pending"] as const)("answers 403 to a %s", async (role) => {
    for (const request of [
      { method: "POST" as const, url: "/api/units/XA_MOI/merge", payload: { intoCode: "XA_C" } },
      { method: "PATCH" as const, url: "/api/units/XA_MOI", payload: { retired: true } },
    ]) {
      expect((await kit.as(role, request)).statusCode).toBe(403);
    }
    expect((await kit.prisma.unit.findUniqueOrThrow({ where: { code: "XA_MOI" } })).retiredAt).toBeNull();
  });
});

describe("the forms' unit list names what was merged into each unit", () => {
  it("gives each active unit the names of the units merged into it, through chains, and never a retired unit", async () => {
    await kit.prisma.unit.createMany({
      data: [
        { code: "XA_D", name: "Xã Đông Cũ", kind: "COMMUNE", parentId: kit.units.root },
        { code: "XA_E", name: "Xã Tây Cũ", kind: "COMMUNE", parentId: kit.units.root },
        { code: "XA_F", name: "Xã Đông Tây", kind: "COMMUNE", parentId: kit.units.root },
      ],
    });
    // D into E, then E (with D's name) into F: F carries on both.
    for (const [code, intoCode] of [
      ["XA_D", "XA_E"],
      ["XA_E", "XA_F"],
    ] as const) {
      const res = await kit.as("admin", { method: "POST", url: `/api/units/${code}/merge`, payload: { intoCode } });
      expect(res.statusCode, res.body).toBe(200);
    }
    const forms = await kit.as("member", { method: "GET", url: "/api/units" });
    expect(forms.statusCode, forms.body).toBe(200);
    const items = forms.json().items as { code: string; formerNames: string[] }[];
    const formerNamesOf = (code: string) => items.find((u) => u.code === code)?.formerNames;
    expect(formerNamesOf("XA_F")).toEqual(["Xã Đông Cũ", "Xã Tây Cũ"]);
    expect(formerNamesOf("XA_MOI")).toEqual(["Xã Hoằng Cát", "Xã Hoằng Đạo"]);
    expect(formerNamesOf("THCS_HOANG_DAO")).toEqual([]);
    // Merged and retired units are still not offered, whatever names they carry.
    expect(formerNamesOf("XA_E")).toBeUndefined();
    expect(formerNamesOf("XA_C")).toBeUndefined();
    expect(items.flatMap((u) => u.formerNames)).not.toContain("Xã Giải Thể");
  });
});
