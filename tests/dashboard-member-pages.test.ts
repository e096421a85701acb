import type { UnitDashboardResponse } from "@xks/shared/api/dashboards";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiKit, createApiTestKit } from "./support/api-test-kit.ts";

/**
 * The unit dashboard sends one page of the unit's members (the root unit of a province lists tens of thousands):
 * pages join into the whole list, ranked by people helped this week, then entries, then name in Vietnamese order;
 * sub-units' members count, pending members and members without a unit do not; the root unit's figures equal the
 * sum of its units'; a bad page is a 400.
 */

let kit: ApiKit;
const SCHOOL_MEMBERS = 110;

beforeAll(async () => {
  kit = await createApiTestKit();
  const active = { status: "ACTIVE" as const, approvedAt: new Date() };
  await kit.prisma.member.createMany({
    data: [
      ...Array.from({ length: SCHOOL_MEMBERS }, (_, i) => ({
        zaloId: `page-${i}`,
        name: i === 0 ? "Đinh Thị An" : i === 1 ? "Dương Văn Bình" : `Lê Văn ${String(i).padStart(3, "0")}`,
        unitId: kit.units.daoSchool,
        ...active,
      })),
      // Active but in no unit (an admin before picking one): in no unit's list, the root's included.
      { zaloId: "page-no-unit", name: "Không Đơn Vị", unitId: null, ...active },
    ],
  });
  const busy = await kit.prisma.member.findUniqueOrThrow({ where: { zaloId: "page-7" } });
  const log = (memberId: string, unitId: string, people: number, clientId: string) => ({
    memberId,
    unitId,
    people,
    clientId,
    happenedAt: new Date(),
    services: ["VNEID" as const],
    minutes: 15,
    hamlet: "Thôn 1",
    outcome: "DONE" as const,
  });
  await kit.prisma.assistanceLog.createMany({
    data: [
      log(busy.id, kit.units.daoSchool, 3, "page-busy-1"),
      log(busy.id, kit.units.daoSchool, 3, "page-busy-2"),
      // Written in another commune: counts there, not in Hoằng Đạo's member list.
      log(busy.id, kit.units.cat, 20, "page-busy-cat"),
      log(kit.memberIds.member, kit.units.dao, 6, "page-hoa"),
    ],
  });
});

afterAll(async () => {
  await kit?.close();
});

async function unitDashboard(code: string, query = "", as: "leadHere" | "admin" = "leadHere") {
  const response = await kit.as(as, { method: "GET", url: `/api/dashboard/unit/${code}${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as UnitDashboardResponse;
}

const count = async (sql: string) => Number((await kit.prisma.$queryRawUnsafe<{ n: bigint }[]>(sql))[0]?.n);

describe("the unit dashboard's members", () => {
  it("sends the first 50 by default, ranked, and the pages join into the whole list", async () => {
    const whole = await unitDashboard("HOANG_DAO", "?membersLimit=500");
    const activeHere = await count(
      `SELECT COUNT(*) AS n FROM "Member" WHERE status = 'ACTIVE' AND "unitId" IN ('${kit.units.dao}', '${kit.units.daoSchool}')`,
    );
    expect(whole.membersTotal).toBe(activeHere);
    expect(whole.members).toHaveLength(activeHere);
    // Equal people: more entries first. Equal both: Vietnamese order ("D" before "Đ").
    expect(whole.members.slice(0, 2)).toEqual([
      expect.objectContaining({ name: "Lê Văn 007", logs: 2, people: 6 }),
      expect.objectContaining({ id: kit.memberIds.member, logs: 1, people: 6 }),
    ]);
    const idle = whole.members.slice(2);
    expect(idle.every((m) => m.logs === 0 && m.people === 0)).toBe(true);
    const collator = new Intl.Collator("vi");
    expect(idle.map((m) => m.name)).toEqual(idle.map((m) => m.name).sort(collator.compare));
    expect(idle.findIndex((m) => m.name === "Dương Văn Bình")).toBeLessThan(
      idle.findIndex((m) => m.name === "Đinh Thị An"),
    );

    const first = await unitDashboard("HOANG_DAO");
    expect(first.members).toHaveLength(50);
    expect(first.membersTotal).toBe(activeHere);
    const pages = [first.members];
    while (pages.flat().length < whole.membersTotal) {
      pages.push((await unitDashboard("HOANG_DAO", `?membersOffset=${pages.flat().length}`)).members);
    }
    expect(pages.map((p) => p.length)).toEqual([50, 50, activeHere - 100]);
    expect(pages.flat()).toEqual(whole.members);
  });

  it("gives the root unit the sum of its units, without the members who have none", async () => {
    const root = await unitDashboard("HOANG_HOA", "?membersLimit=500", "admin");
    expect(root.membersTotal).toBe(
      await count(`SELECT COUNT(*) AS n FROM "Member" WHERE status = 'ACTIVE' AND "unitId" IS NOT NULL`),
    );
    expect(root.members.map((m) => m.name)).not.toContain("Không Đơn Vị");
    // In the root's view a member's logs count wherever they were written.
    expect(root.members[0]).toEqual(expect.objectContaining({ name: "Lê Văn 007", logs: 3, people: 26 }));
    expect(root.thisWeek).toEqual({ logs: 4, people: 32, minutes: 60 });
    expect(root.pendingMembers).toBe(
      await count(`SELECT COUNT(*) AS n FROM "Member" WHERE status = 'PENDING' AND "unitId" IS NOT NULL`),
    );
    const units = [await unitDashboard("HOANG_DAO"), await unitDashboard("HOANG_CAT", "", "admin")];
    expect(root.thisWeek.people).toBe(units.reduce((sum, u) => sum + u.thisWeek.people, 0));
  });

  it("refuses a page it cannot serve with 400, never a 5xx", async () => {
    for (const query of ["?membersLimit=0", "?membersLimit=501", "?membersOffset=-1", "?membersLimit=abc"]) {
      const response = await kit.as("leadHere", { method: "GET", url: `/api/dashboard/unit/HOANG_DAO${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.json(), query).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
  });
});
