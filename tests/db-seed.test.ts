import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma, type PrismaClient } from "../bot/src/db.ts";
import { seedDemoData } from "../prisma/scripts/seed-demo-data.ts";
import { createTestDatabase, type TestDatabase } from "./support/test-db.ts";

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase("seed");
  prisma = createPrisma(db.url);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

async function countRows() {
  return {
    units: await prisma.unit.count(),
    members: await prisma.member.count(),
    contentItems: await prisma.contentItem.count(),
    assistanceLogs: await prisma.assistanceLog.count(),
  };
}

describe("seedDemoData", () => {
  it("seeds the organisation, its 37 communes and town, the demo members and content; a rerun adds nothing", async () => {
    const now = new Date("2026-11-28T03:00:00Z");
    const first = await seedDemoData(prisma, { now });
    expect(first).toEqual({ units: 38, members: 4, contentItems: 4, assistanceLogs: 6 });
    const counts = await countRows();

    const second = await seedDemoData(prisma, { now: new Date("2026-12-02T03:00:00Z") });
    expect(second).toEqual(first);
    expect(await countRows()).toEqual(counts);

    const root = await prisma.unit.findUniqueOrThrow({ where: { code: "HOANG_HOA" }, include: { children: true } });
    expect(root).toMatchObject({ name: "Huyện đoàn Hoằng Hóa", kind: "ORGANISATION", parentId: null });
    expect(root.children).toHaveLength(37);
    expect(root.children.filter((unit) => unit.kind === "TOWN").map((unit) => unit.code)).toEqual(["BUT_SON"]);
    expect(root.children.every((unit) => unit.targetPeoplePerWeek > 0)).toBe(true);
  });

  it("gives the demo members their roles and units, and leaves the newcomer unregistered", async () => {
    const members = await prisma.member.findMany({ include: { unit: true }, orderBy: { zaloId: "asc" } });
    expect(members.map((m) => [m.zaloId, m.name, m.role, m.status, m.unit?.code])).toEqual([
      ["8000000000000000001", "Lê Thị Quản Trị", "ORG_ADMIN", "ACTIVE", "HOANG_HOA"],
      ["8000000000000000002", "Trần Văn Bí Thư", "UNIT_LEAD", "ACTIVE", "HOANG_DAO"],
      ["8000000000000000003", "Nguyễn Thị Hoa", "MEMBER", "ACTIVE", "HOANG_DAO"],
      ["8000000000000000004", "Phạm Văn Minh", "MEMBER", "ACTIVE", "HOANG_CAT"],
    ]);
    expect(await prisma.member.findUnique({ where: { zaloId: "8000000000000000005" } })).toBeNull();
  });

  it("has a pinned VNeID guide, a QR item with its link and a campaign notice with its date", async () => {
    const items = await prisma.contentItem.findMany();
    const pinned = items.filter((item) => item.pinned);
    expect(pinned).toHaveLength(1);
    expect(pinned[0]?.title).toContain("mức 2");
    expect(items.find((item) => item.kind === "QR")?.qrTarget).toMatch(/^https:\/\//);
    const notice = items.find((item) => item.kind === "NOTICE");
    // The second run (2 December 2026, a Wednesday) moved the campaign day to the next Sunday, 07:30 in Vietnam.
    expect(notice?.eventAt?.toISOString()).toBe("2026-12-06T00:30:00.000Z");
  });
});
