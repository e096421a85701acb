import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../tests/support/test-db.ts";
import { createPrisma, type PrismaClient } from "../db.ts";
import { importUnitsCsv, parseUnitsCsv } from "./import-units-csv.ts";

describe("parseUnitsCsv", () => {
  it("reads an Excel export: BOM, CRLF, quoted fields with commas, kinds in any case", () => {
    const csv =
      '\uFEFFCode,Name,Kind\r\nhoang_dao,"Xã Hoằng Đạo, Hoằng Hóa",Commune\r\n\r\nBUT_SON,Thị trấn Bút Sơn,TOWN\r\n';
    expect(parseUnitsCsv(csv)).toEqual({
      rows: [
        { line: 2, code: "HOANG_DAO", name: "Xã Hoằng Đạo, Hoằng Hóa", kind: "COMMUNE" },
        { line: 4, code: "BUT_SON", name: "Thị trấn Bút Sơn", kind: "TOWN" },
      ],
      errors: [],
    });
  });

  it("reports every invalid row with its line number, in Vietnamese, and returns no rows", () => {
    const csv = [
      "code,name,kind,parent_code,target_people_per_week",
      "A,Đơn vị A,commune,,10",
      ",Không mã,commune",
      "B,,village",
      "A,Trùng mã,school",
      "C,Chỉ tiêu sai,agency,,mười",
      'D,"Tên có\nxuống dòng",other,,-1',
      "E,Thừa cột,other,,,extra",
    ].join("\n");
    const { rows, errors } = parseUnitsCsv(csv);
    expect(rows).toEqual([]);
    expect(errors).toEqual([
      { line: 3, message: "Thiếu mã đơn vị (code)." },
      {
        line: 4,
        message:
          'Thiếu tên đơn vị (name); loại "village" không hợp lệ (dùng: town, commune, school, agency, organisation, other).',
      },
      { line: 5, message: 'Mã "A" đã có ở dòng 2.' },
      { line: 6, message: 'Chỉ tiêu "mười" phải là số nguyên từ 0 đến 100000.' },
      { line: 7, message: 'Chỉ tiêu "-1" phải là số nguyên từ 0 đến 100000.' },
      { line: 9, message: "Có 6 cột, nhiều hơn tiêu đề (5)." },
    ]);
  });

  it("rejects a header without the required columns or with unknown ones", () => {
    expect(parseUnitsCsv("ma,ten\nA,B\n").errors).toEqual([
      { line: 1, message: "Thiếu cột bắt buộc: code, name, kind." },
      {
        line: 1,
        message: "Cột không hợp lệ: ma, ten. Các cột được dùng: code, name, kind, parent_code, target_people_per_week.",
      },
    ]);
    expect(parseUnitsCsv("").errors).toEqual([{ line: 1, message: "Tệp CSV trống." }]);
    expect(parseUnitsCsv("code,name,kind\r\n").errors).toEqual([{ line: 1, message: "Tệp không có dòng đơn vị nào." }]);
  });

  it("reports a broken quote as a CSV error", () => {
    const { errors } = parseUnitsCsv('code,name,kind\nA,"Xã A,commune\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/^Không đọc được tệp CSV/);
  });
});

describe("importUnitsCsv", () => {
  let db: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    db = await createTestDatabase("units_csv");
    prisma = createPrisma(db.url);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  beforeEach(async () => {
    await prisma.unit.deleteMany();
  });

  async function tree(): Promise<Record<string, { parent: string | null; kind: string; target: number }>> {
    const units = await prisma.unit.findMany({ include: { parent: true } });
    return Object.fromEntries(
      units.map((u) => [u.code, { parent: u.parent?.code ?? null, kind: u.kind, target: u.targetPeoplePerWeek }]),
    );
  }

  it("creates a tree with children listed before their parents, then updates it on a second import", async () => {
    const csv = [
      "code,name,kind,parent_code,target_people_per_week",
      "HOANG_DAO,Xã Hoằng Đạo,commune,HOANG_HOA,25",
      "THPT_HH2,Trường THPT Hoằng Hóa 2,school,HOANG_HOA,",
      "HOANG_HOA,Huyện đoàn Hoằng Hóa,organisation,,0",
    ].join("\r\n");
    expect(await importUnitsCsv(prisma, csv)).toEqual({ created: 3, updated: 0, errors: [] });
    expect(await tree()).toEqual({
      HOANG_HOA: { parent: null, kind: "ORGANISATION", target: 0 },
      HOANG_DAO: { parent: "HOANG_HOA", kind: "COMMUNE", target: 25 },
      THPT_HH2: { parent: "HOANG_HOA", kind: "SCHOOL", target: 0 },
    });

    // Same codes: updated in place; an empty target keeps the current one.
    const again = "code,name,kind,target_people_per_week\nHOANG_DAO,Xã Hoằng Đạo (mới),Commune,\n";
    expect(await importUnitsCsv(prisma, again)).toEqual({ created: 0, updated: 1, errors: [] });
    const dao = await prisma.unit.findUniqueOrThrow({ where: { code: "HOANG_DAO" }, include: { parent: true } });
    expect(dao).toMatchObject({ name: "Xã Hoằng Đạo (mới)", targetPeoplePerWeek: 25 });
    expect(dao.parent?.code).toBe("HOANG_HOA");
  });

  it("puts rows without parent_code under options.parentCode", async () => {
    await prisma.unit.create({ data: { code: "HOANG_HOA", name: "Huyện đoàn Hoằng Hóa", kind: "ORGANISATION" } });
    const csv = "code,name,kind\nBUT_SON,Thị trấn Bút Sơn,town\nHOANG_CAT,Xã Hoằng Cát,commune\n";
    expect(await importUnitsCsv(prisma, csv, { parentCode: "hoang_hoa" })).toEqual({
      created: 2,
      updated: 0,
      errors: [],
    });
    expect(await tree()).toMatchObject({ BUT_SON: { parent: "HOANG_HOA" }, HOANG_CAT: { parent: "HOANG_HOA" } });
  });

  it("applies nothing when a row is invalid or refers to an unknown parent", async () => {
    const csv = [
      "code,name,kind,parent_code",
      "HOANG_CAT,Xã Hoằng Cát,commune,",
      "HOANG_DAO,Xã Hoằng Đạo,commune,KHONG_CO",
      "HOANG_HA,Xã Hoằng Hà,commune,HOANG_HA",
    ].join("\n");
    expect(await importUnitsCsv(prisma, csv)).toEqual({
      created: 0,
      updated: 0,
      errors: [
        { line: 3, message: 'Mã đơn vị cấp trên "KHONG_CO" không có trong tệp hay hệ thống.' },
        { line: 4, message: 'Đơn vị "HOANG_HA" không thể là cấp trên của chính nó.' },
      ],
    });
    expect(await prisma.unit.count()).toBe(0);

    const unknownDefault = await importUnitsCsv(prisma, "code,name,kind\nA,Đơn vị A,other\n", { parentCode: "NOPE" });
    expect(unknownDefault.errors).toEqual([{ line: 0, message: 'Đơn vị cấp trên mặc định "NOPE" không tồn tại.' }]);
    expect(await prisma.unit.count()).toBe(0);
  });

  it("refuses a file that would make a loop in the tree", async () => {
    await importUnitsCsv(prisma, "code,name,kind,parent_code\nA,Đơn vị A,other,\nB,Đơn vị B,other,A\n");
    const result = await importUnitsCsv(prisma, "code,name,kind,parent_code\nA,Đơn vị A,other,B\n");
    expect(result.errors).toEqual([{ line: 2, message: 'Đơn vị "A" nằm trong một vòng lặp cấp trên – cấp dưới.' }]);
    expect(await tree()).toMatchObject({ A: { parent: null }, B: { parent: "A" } });
  });
});
