import type { OrganisationDashboardResponse } from "@xks/shared/api/dashboards";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiKit, createApiTestKit } from "./support/api-test-kit.ts";

/**
 * The organisation dashboard sends one page of its unit ranking (a province has thousands of units and a phone
 * shows a screenful): pages join into the whole ranking, ranks are organisation-wide, a search without diacritics
 * finds a unit at its real rank (also by the old name of a commune merged into it), and a bad page is a 400 with a stable code.
 */

let kit: ApiKit;
const EXTRA_COMMUNES = 130;

beforeAll(async () => {
  kit = await createApiTestKit();
  await kit.prisma.unit.createMany({
    data: Array.from({ length: EXTRA_COMMUNES }, (_, i) => ({
      code: `XA_THU_${i}`,
      name: i === 77 ? "Xã Hoằng Phúc" : `Xã Thử Nghiệm ${i}`,
      kind: "COMMUNE" as const,
      parentId: kit.units.root,
      targetPeoplePerWeek: 10,
    })),
  });
  const phuc = await kit.prisma.unit.findUniqueOrThrow({ where: { code: "XA_THU_77" } });
  const busy = await kit.prisma.unit.findUniqueOrThrow({ where: { code: "XA_THU_5" } });
  // A 2023 commune merged into Hoằng Phúc, and one dissolved without successor: neither is ranked itself.
  await kit.prisma.unit.createMany({
    data: [
      { code: "XA_CU_QUY", name: "Xã Hoằng Quỳ", kind: "COMMUNE", parentId: kit.units.root, mergedIntoId: phuc.id },
      { code: "XA_BO", name: "Xã Hoằng Bỏ", kind: "COMMUNE", parentId: kit.units.root, retiredAt: new Date() },
    ],
  });
  await kit.prisma.assistanceLog.createMany({
    data: [
      { unitId: phuc.id, people: 4, clientId: "rank-phuc" },
      { unitId: busy.id, people: 9, clientId: "rank-busy" },
    ].map((l) => ({
      ...l,
      memberId: kit.memberIds.member,
      happenedAt: new Date(),
      services: ["VNEID" as const],
      minutes: 15,
      hamlet: "Thôn 1",
      outcome: "DONE" as const,
    })),
  });
});

afterAll(async () => {
  await kit?.close();
});

async function dashboard(query = ""): Promise<OrganisationDashboardResponse> {
  const response = await kit.as("admin", { method: "GET", url: `/api/dashboard/organisation${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as OrganisationDashboardResponse;
}

describe("the organisation dashboard's unit ranking", () => {
  it("sends the first 50 by default, and the pages join into the whole ranking", async () => {
    const whole = await dashboard("?unitsLimit=500");
    // The kit's HOANG_DAO, its school and HOANG_CAT, plus the communes made here.
    expect(whole.unitsTotal).toBe(EXTRA_COMMUNES + 3);
    expect(whole.units.map((u) => u.rank)).toEqual(whole.units.map((_, i) => i + 1));
    expect(whole.units.slice(0, 2).map((u) => u.code)).toEqual(["XA_THU_5", "XA_THU_77"]);

    const first = await dashboard();
    expect(first.units).toHaveLength(50);
    expect(first.unitsTotal).toBe(whole.unitsTotal);
    const pages = [first.units];
    while (pages.flat().length < whole.unitsTotal) {
      pages.push((await dashboard(`?unitsOffset=${pages.flat().length}`)).units);
    }
    expect(pages.map((p) => p.length)).toEqual([50, 50, 33]);
    expect(pages.flat()).toEqual(whole.units);
  });

  it("finds a unit typed without diacritics at its organisation-wide rank", async () => {
    const found = await dashboard(`?unitsSearch=${encodeURIComponent("hoang phuc")}`);
    expect(found.unitsTotal).toBe(1);
    expect(found.units).toEqual([expect.objectContaining({ code: "XA_THU_77", name: "Xã Hoằng Phúc", rank: 2 })]);
    expect(found.units[0]?.matchedFormerName).toBeUndefined();
    const none = await dashboard(`?unitsSearch=${encodeURIComponent("Không có xã này")}`);
    expect(none).toMatchObject({ units: [], unitsTotal: 0 });
  });

  it("finds the successor of a merged commune by its old name, saying which, and never a retired unit", async () => {
    for (const typed of ["hoang quy", "Hoằng Quỳ"]) {
      const found = await dashboard(`?unitsSearch=${encodeURIComponent(typed)}`);
      expect(found.unitsTotal, typed).toBe(1);
      expect(found.units, typed).toEqual([
        expect.objectContaining({ code: "XA_THU_77", rank: 2, matchedFormerName: "Xã Hoằng Quỳ" }),
      ]);
    }
    expect(await dashboard(`?unitsSearch=${encodeURIComponent("hoang bo")}`)).toMatchObject({
      units: [],
      unitsTotal: 0,
    });
  });

  it("refuses a page it cannot serve with 400 INVALID_INPUT, never a 5xx", async () => {
    for (const query of ["?unitsLimit=0", "?unitsLimit=501", "?unitsOffset=-1", "?unitsLimit=abc"]) {
      const response = await kit.as("admin", { method: "GET", url: `/api/dashboard/organisation${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.json(), query).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
    const asLead = await kit.as("leadHere", { method: "GET", url: "/api/dashboard/organisation?unitsLimit=500" });
    expect(asLead.statusCode).toBe(403);
  });
});
