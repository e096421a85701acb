import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MemberWithUnit } from "../bot/src/auth/request-auth.ts";
import { type UnitScope, unitScopeOf } from "../bot/src/auth/unit-scope.ts";
import { createPrisma, type PrismaClient } from "../bot/src/db.ts";
import { eventUnitsVisibleTo } from "../bot/src/events/event-access.ts";
import { mergeUnitInto } from "../bot/src/units/merge-unit.ts";
import { createTestDatabase, type TestDatabase } from "./support/test-db.ts";

/**
 * Unit scoping reads the process's cached unit tree. Two Prisma clients stand for two server processes: a unit
 * change made through one (or outside the app) shows in the other's very next scope, which always equals the
 * database's own answer (a recursive query over "Unit").
 */

let db: TestDatabase;
let sql: pg.Client;
let processA: PrismaClient;
let processB: PrismaClient;

const lead = (unitId: string) => ({ id: `m-${unitId}`, role: "UNIT_LEAD", unitId }) as unknown as MemberWithUnit;
const ids = (scope: UnitScope) => (scope.all ? "all" : [...scope.unitIds].sort());

/** The unit and everything below it, by the database itself. */
async function descendantsInDatabase(unitId: string): Promise<string[]> {
  const { rows } = await sql.query<{ id: string }>(
    `WITH RECURSIVE below(id) AS (SELECT $1::text UNION SELECT u.id FROM "Unit" u JOIN below b ON u."parentId" = b.id)
     SELECT id FROM below ORDER BY id`,
    [unitId],
  );
  return rows.map((r) => r.id).sort();
}

beforeAll(async () => {
  db = await createTestDatabase("scopecache");
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  processA = createPrisma(db.url);
  processB = createPrisma(db.url);
  await sql.query(
    `INSERT INTO "Unit" (id, code, name, kind, "parentId", "targetPeoplePerWeek", "updatedAt") VALUES
       ('u-root', 'ROOT', 'Tỉnh đoàn', 'ORGANISATION', NULL, 0, now()),
       ('u-d1', 'HUYEN_1', 'Huyện 1', 'OTHER', 'u-root', 0, now()),
       ('u-d2', 'HUYEN_2', 'Huyện 2', 'OTHER', 'u-root', 0, now()),
       ('u-a', 'XA_A', 'Xã A', 'COMMUNE', 'u-d1', 10, now()),
       ('u-b', 'XA_B', 'Xã B', 'COMMUNE', 'u-d2', 10, now()),
       ('u-a1', 'CHI_DOAN_A1', 'Chi đoàn A1', 'SCHOOL', 'u-a', 0, now());`,
  );
});

afterAll(async () => {
  await sql?.end();
  await processA?.$disconnect();
  await processB?.$disconnect();
  await db?.drop();
});

describe("unit scope from the cached unit tree", () => {
  it("follows a re-parent and a merge made by another process at once", async () => {
    // Both processes have cached the tree.
    expect(ids(await unitScopeOf(processA, lead("u-d1")))).toEqual(["u-a", "u-a1", "u-d1"]);
    expect(ids(await unitScopeOf(processB, lead("u-d1")))).toEqual(["u-a", "u-a1", "u-d1"]);
    expect(ids(await unitScopeOf(processB, lead("u-d2")))).toEqual(["u-b", "u-d2"]);

    // Process A moves commune A (with its branch) from district 1 to district 2.
    await processA.unit.update({ where: { id: "u-a" }, data: { parentId: "u-d2" } });
    expect(ids(await unitScopeOf(processB, lead("u-d1")))).toEqual(["u-d1"]);
    expect(ids(await unitScopeOf(processB, lead("u-d2")))).toEqual(await descendantsInDatabase("u-d2"));
    expect(ids(await unitScopeOf(processB, lead("u-d2")))).toEqual(["u-a", "u-a1", "u-b", "u-d2"]);
    // Narrowing to a unit follows too: district 1's lead is now refused commune A, district 2's lead is let in.
    await expect(unitScopeOf(processB, lead("u-d1"), "XA_A")).rejects.toThrow(/không có quyền/);
    expect(ids(await unitScopeOf(processB, lead("u-d2"), "XA_A"))).toEqual(["u-a", "u-a1"]);

    // Process A merges commune A into commune B: A's branch moves under B; A stays in the tree for history.
    await processA.$transaction((tx) => mergeUnitInto(tx, "u-a", "u-b", new Date()));
    expect(ids(await unitScopeOf(processB, lead("u-b")))).toEqual(["u-a1", "u-b"]);
    expect(ids(await unitScopeOf(processB, lead("u-b")))).toEqual(await descendantsInDatabase("u-b"));
    expect(ids(await unitScopeOf(processB, lead("u-a")))).toEqual(["u-a"]);
    // Events: a branch member sees the units above it, now through B.
    expect(ids(await eventUnitsVisibleTo(processB, lead("u-a1")))).toEqual(["u-a1", "u-b", "u-d2", "u-root"]);

    // A change made outside the app (psql, a script) raises the version by trigger just the same.
    await sql.query(`UPDATE "Unit" SET "parentId" = 'u-d1' WHERE id = 'u-b'`);
    expect(ids(await unitScopeOf(processB, lead("u-d1")))).toEqual(await descendantsInDatabase("u-d1"));
    expect(ids(await unitScopeOf(processB, lead("u-d1")))).toEqual(["u-a1", "u-b", "u-d1"]);
    expect(ids(await unitScopeOf(processA, lead("u-d2")))).toEqual(["u-a", "u-d2"]);
  });

  it("keeps the rules for admins, unknown codes and members without a unit", async () => {
    const admin = { id: "m-admin", role: "ORG_ADMIN", unitId: null } as unknown as MemberWithUnit;
    expect(await unitScopeOf(processB, admin)).toEqual({ all: true });
    expect(await unitScopeOf(processB, admin, "")).toEqual({ all: true });
    expect(ids(await unitScopeOf(processB, admin, "HUYEN_1"))).toEqual(await descendantsInDatabase("u-d1"));
    await expect(unitScopeOf(processB, admin, "KHONG_CO")).rejects.toThrow(/Không tìm thấy đơn vị/);
    const unitless = { id: "m-x", role: "MEMBER", unitId: null } as unknown as MemberWithUnit;
    expect(await unitScopeOf(processB, unitless)).toEqual({ all: false, unitIds: [] });
    await expect(unitScopeOf(processB, unitless, "XA_B")).rejects.toThrow(/không có quyền/);
    // A unit created by the other process is found by code at once.
    await processA.unit.create({ data: { id: "u-c", code: "XA_C", name: "Xã C", kind: "COMMUNE", parentId: "u-d2" } });
    expect(ids(await unitScopeOf(processB, lead("u-d2"), "XA_C"))).toEqual(["u-c"]);
  });
});
