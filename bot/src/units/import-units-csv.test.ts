import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../tests/support/test-db.ts";
import { createPrisma, type PrismaClient } from "../db.ts";
import { importUnitsCsv, parseUnitsCsv } from "./import-units-csv.ts";

/** An import result that merged and retired nothing and had no error (created/updated set by each test). */
const NO_MERGES = { created: 0, updated: 0, merged: 0, retired: 0, merges: [], errors: [] };

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
      { line: 3, code: "UNIT_ROW_INVALID", message: "Thiếu mã đơn vị (code)." },
      {
        line: 4,
        code: "UNIT_ROW_INVALID",
        message:
          'Thiếu tên đơn vị (name); loại "village" không hợp lệ (dùng: town, commune, school, agency, organisation, other).',
      },
      { line: 5, code: "UNIT_ROW_INVALID", message: 'Mã "A" đã có ở dòng 2.' },
      { line: 6, code: "UNIT_ROW_INVALID", message: 'Chỉ tiêu "mười" phải là số nguyên từ 0 đến 100000.' },
      { line: 7, code: "UNIT_ROW_INVALID", message: 'Chỉ tiêu "-1" phải là số nguyên từ 0 đến 100000.' },
      { line: 9, code: "UNIT_ROW_INVALID", message: "Có 6 cột, nhiều hơn tiêu đề (5)." },
    ]);
  });

  it("rejects a header without the required columns or with unknown ones", () => {
    expect(parseUnitsCsv("ma,ten\nA,B\n").errors).toEqual([
      { line: 1, code: "UNITS_CSV_BAD_HEADER", message: "Thiếu cột bắt buộc: code, name, kind." },
      {
        line: 1,
        code: "UNITS_CSV_BAD_HEADER",
        message:
          "Cột không hợp lệ: ma, ten. Các cột được dùng: code, name, kind, parent_code, target_people_per_week, merged_into, retired.",
      },
    ]);
    expect(parseUnitsCsv("").errors).toEqual([{ line: 1, code: "UNITS_CSV_EMPTY", message: "Tệp CSV trống." }]);
    expect(parseUnitsCsv("code,name,kind\r\n").errors).toEqual([
      { line: 1, code: "UNITS_CSV_NO_ROWS", message: "Tệp không có dòng đơn vị nào." },
    ]);
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
    expect(await importUnitsCsv(prisma, csv)).toEqual({ ...NO_MERGES, created: 3, updated: 0 });
    expect(await tree()).toEqual({
      HOANG_HOA: { parent: null, kind: "ORGANISATION", target: 0 },
      HOANG_DAO: { parent: "HOANG_HOA", kind: "COMMUNE", target: 25 },
      THPT_HH2: { parent: "HOANG_HOA", kind: "SCHOOL", target: 0 },
    });

    // Same codes: updated in place; an empty target keeps the current one.
    const again = "code,name,kind,target_people_per_week\nHOANG_DAO,Xã Hoằng Đạo (mới),Commune,\n";
    expect(await importUnitsCsv(prisma, again)).toEqual({ ...NO_MERGES, created: 0, updated: 1 });
    const dao = await prisma.unit.findUniqueOrThrow({ where: { code: "HOANG_DAO" }, include: { parent: true } });
    expect(dao).toMatchObject({ name: "Xã Hoằng Đạo (mới)", targetPeoplePerWeek: 25 });
    expect(dao.parent?.code).toBe("HOANG_HOA");
  });

  it("puts rows without parent_code under options.parentCode", async () => {
    await prisma.unit.create({ data: { code: "HOANG_HOA", name: "Huyện đoàn Hoằng Hóa", kind: "ORGANISATION" } });
    const csv = "code,name,kind\nBUT_SON,Thị trấn Bút Sơn,town\nHOANG_CAT,Xã Hoằng Cát,commune\n";
    expect(await importUnitsCsv(prisma, csv, { parentCode: "hoang_hoa" })).toEqual({
      ...NO_MERGES,
      created: 2,
      updated: 0,
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
      ...NO_MERGES,
      errors: [
        {
          line: 3,
          code: "UNIT_PARENT_UNKNOWN",
          message: 'Mã đơn vị cấp trên "KHONG_CO" không có trong tệp hay hệ thống.',
        },
        { line: 4, code: "UNIT_PARENT_SELF", message: 'Đơn vị "HOANG_HA" không thể là cấp trên của chính nó.' },
      ],
    });
    expect(await prisma.unit.count()).toBe(0);

    const unknownDefault = await importUnitsCsv(prisma, "code,name,kind\nA,Đơn vị A,other\n", { parentCode: "NOPE" });
    expect(unknownDefault.errors).toEqual([
      { line: 0, code: "UNIT_DEFAULT_PARENT_UNKNOWN", message: 'Đơn vị cấp trên mặc định "NOPE" không tồn tại.' },
    ]);
    expect(await prisma.unit.count()).toBe(0);
  });

  it("refuses a file that would make a loop in the tree", async () => {
    await importUnitsCsv(prisma, "code,name,kind,parent_code\nA,Đơn vị A,other,\nB,Đơn vị B,other,A\n");
    const result = await importUnitsCsv(prisma, "code,name,kind,parent_code\nA,Đơn vị A,other,B\n");
    expect(result.errors).toEqual([
      { line: 2, code: "UNIT_PARENT_CYCLE", message: 'Đơn vị "A" nằm trong một vòng lặp cấp trên – cấp dưới.' },
    ]);
    expect(await tree()).toMatchObject({ A: { parent: null }, B: { parent: "A" } });
  });
});

describe("parseUnitsCsv: merged_into and retired", () => {
  it("reads merged_into codes and retired flags written loosely", () => {
    const csv = [
      "code,name,kind,merged_into,retired",
      "HOANG_CHAU_2025,Xã Hoằng Châu,commune,,",
      "hoang_thang,Xã Hoằng Thắng,commune,hoang_chau_2025,0",
      "THCS_CU,Trường THCS cũ,school,,Có",
      "THCS_CU_2,Trường THCS cũ 2,school,,x",
      "XA_B,Xã B,commune,,không",
    ].join("\n");
    const { rows, errors } = parseUnitsCsv(csv);
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.code, r.mergedInto, r.retired])).toEqual([
      ["HOANG_CHAU_2025", undefined, false],
      ["HOANG_THANG", "HOANG_CHAU_2025", false],
      ["THCS_CU", undefined, true],
      ["THCS_CU_2", undefined, true],
      ["XA_B", undefined, false],
    ]);
    // Without a retired column, retirement is left as it is.
    expect(parseUnitsCsv("code,name,kind\nA,Đơn vị A,other\n").rows[0]?.retired).toBeUndefined();
  });

  it("refuses a retired value it cannot read and a malformed merged_into code", () => {
    const { rows, errors } = parseUnitsCsv(
      "code,name,kind,merged_into,retired\nA,Đơn vị A,other,,có lẽ\nB,Đơn vị B,other,xã c,\n",
    );
    expect(rows).toEqual([]);
    expect(errors).toEqual([
      {
        line: 2,
        code: "UNIT_ROW_INVALID",
        message: 'Cột retired "có lẽ" phải là 1 (đã giải thể) hoặc 0/để trống.',
      },
      { line: 3, code: "UNIT_ROW_INVALID", message: 'Mã sáp nhập vào "XÃ C" không hợp lệ.' },
    ]);
  });
});

describe("importUnitsCsv: merges and retirements", () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  const now = new Date("2026-11-20T03:00:00Z");

  beforeAll(async () => {
    db = await createTestDatabase("units_merge");
    prisma = createPrisma(db.url);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  beforeEach(async () => {
    await prisma.assistanceLog.deleteMany();
    await prisma.helpRequest.deleteMany();
    await prisma.resident.deleteMany();
    await prisma.member.deleteMany();
    await prisma.unit.updateMany({ data: { mergedIntoId: null, parentId: null } });
    await prisma.unit.deleteMany();
  });

  const BASE = [
    "code,name,kind,parent_code,target_people_per_week",
    "HOANG_HOA,Huyện đoàn Hoằng Hóa,organisation,,0",
    "HOANG_THANG,Xã Hoằng Thắng,commune,HOANG_HOA,20",
    "HOANG_PHONG,Xã Hoằng Phong,commune,HOANG_HOA,15",
    "HOANG_DAO,Xã Hoằng Đạo,commune,HOANG_HOA,25",
  ].join("\n");

  async function seedPeople() {
    const ids = Object.fromEntries(
      (await prisma.unit.findMany({ select: { id: true, code: true } })).map((u) => [u.code, u.id]),
    ) as Record<"HOANG_THANG" | "HOANG_PHONG" | "HOANG_DAO", string>;
    const member = await prisma.member.create({
      data: { zaloId: "m-thang", name: "Đoàn viên Thắng", status: "ACTIVE", unitId: ids.HOANG_THANG },
    });
    await prisma.member.create({
      data: { zaloId: "m-phong", name: "Đoàn viên Phong", status: "ACTIVE", unitId: ids.HOANG_PHONG },
    });
    const thang = await prisma.resident.create({ data: { oaUserId: "r-thang", unitId: ids.HOANG_THANG } });
    await prisma.resident.create({ data: { oaUserId: "r-phong", unitId: ids.HOANG_PHONG } });
    await prisma.resident.create({ data: { oaUserId: "r-dao", unitId: ids.HOANG_DAO } });
    const help = { residentId: thang.id, topic: "VNeID", preferredTime: "sáng" };
    await prisma.helpRequest.create({ data: { ...help, unitId: ids.HOANG_THANG, status: "OPEN" } });
    await prisma.helpRequest.create({ data: { ...help, unitId: ids.HOANG_PHONG, status: "CLAIMED" } });
    await prisma.helpRequest.create({ data: { ...help, unitId: ids.HOANG_THANG, status: "DONE" } });
    await prisma.assistanceLog.create({
      data: {
        clientId: "log-thang",
        memberId: member.id,
        unitId: ids.HOANG_THANG,
        happenedAt: new Date("2026-10-15T02:00:00Z"),
        services: ["VNEID"],
        people: 3,
        minutes: 30,
        hamlet: "Thôn 1",
        outcome: "DONE",
      },
    });
    return ids;
  }

  async function snapshot() {
    return {
      units: await prisma.unit.findMany({ orderBy: { code: "asc" } }),
      residents: await prisma.resident.findMany({ orderBy: { oaUserId: "asc" } }),
      members: await prisma.member.findMany({ orderBy: { zaloId: "asc" } }),
      help: await prisma.helpRequest.findMany({ orderBy: { id: "asc" } }),
    };
  }

  it("moves residents, members, open requests and targets to the successor; old logs stay for history", async () => {
    await importUnitsCsv(prisma, BASE);
    await seedPeople();
    const csv = [
      "code,name,kind,merged_into",
      "HOANG_CHAU_2025,Xã Hoằng Châu,commune,",
      "HOANG_THANG,Xã Hoằng Thắng,commune,HOANG_CHAU_2025",
      "HOANG_PHONG,Xã Hoằng Phong,commune,HOANG_CHAU_2025",
    ].join("\n");
    const result = await importUnitsCsv(prisma, csv, { parentCode: "HOANG_HOA", now });
    expect(result).toMatchObject({ created: 1, updated: 2, merged: 2, retired: 0, errors: [] });

    const chau = await prisma.unit.findUniqueOrThrow({
      where: { code: "HOANG_CHAU_2025" },
      include: { residents: true, members: true, helpRequests: true, mergedFrom: true },
    });
    expect(chau.residents.map((r) => r.oaUserId).sort()).toEqual(["r-phong", "r-thang"]);
    expect(chau.members.map((m) => m.zaloId).sort()).toEqual(["m-phong", "m-thang"]);
    expect(chau.helpRequests.map((h) => h.status).sort()).toEqual(["CLAIMED", "OPEN"]);
    expect(chau.targetPeoplePerWeek).toBe(35);
    expect(chau.mergedFrom.map((u) => u.code).sort()).toEqual(["HOANG_PHONG", "HOANG_THANG"]);

    const thang = await prisma.unit.findUniqueOrThrow({
      where: { code: "HOANG_THANG" },
      include: { assistanceLogs: true, helpRequests: true },
    });
    expect(thang).toMatchObject({ mergedIntoId: chau.id, mergedAt: now, targetPeoplePerWeek: 0 });
    expect(thang.assistanceLogs.map((l) => l.clientId)).toEqual(["log-thang"]);
    expect(thang.helpRequests.map((h) => h.status)).toEqual(["DONE"]);
    expect(
      await prisma.resident.findUniqueOrThrow({ where: { oaUserId: "r-dao" }, include: { unit: true } }),
    ).toMatchObject({ unit: { code: "HOANG_DAO" } });

    // The same file again merges nothing more and changes no target.
    expect(await importUnitsCsv(prisma, csv, { parentCode: "HOANG_HOA" })).toMatchObject({ merged: 0, updated: 3 });
    expect((await prisma.unit.findUniqueOrThrow({ where: { code: "HOANG_CHAU_2025" } })).targetPeoplePerWeek).toBe(35);
  });

  it("follows a chain merged in one file (A into B, B into C): A's people end up in C", async () => {
    await importUnitsCsv(prisma, BASE);
    await seedPeople();
    const csv = [
      "code,name,kind,merged_into,target_people_per_week",
      "HOANG_THANG,Xã Hoằng Thắng,commune,HOANG_PHONG,",
      "HOANG_PHONG,Xã Hoằng Phong,commune,HOANG_DAO,",
      "HOANG_DAO,Xã Hoằng Đạo,commune,,70",
    ].join("\n");
    expect(await importUnitsCsv(prisma, csv)).toMatchObject({ merged: 2, errors: [] });
    const dao = await prisma.unit.findUniqueOrThrow({ where: { code: "HOANG_DAO" }, include: { residents: true } });
    expect(dao.residents.map((r) => r.oaUserId).sort()).toEqual(["r-dao", "r-phong", "r-thang"]);
    // The file sets the successor's post-merger target itself: it is not added to.
    expect(dao.targetPeoplePerWeek).toBe(70);
  });

  it.each([
    [
      "an unknown merged_into code",
      "code,name,kind,merged_into\nHOANG_DAO,Xã Hoằng Đạo (đổi tên),commune,\nHOANG_THANG,Xã Hoằng Thắng,commune,KHONG_CO\n",
      [
        {
          line: 3,
          code: "UNIT_MERGE_TARGET_UNKNOWN",
          message: 'Mã đơn vị sáp nhập vào "KHONG_CO" không có trong tệp hay hệ thống.',
        },
      ],
    ],
    [
      "a unit merged into itself",
      "code,name,kind,merged_into\nHOANG_DAO,Xã Hoằng Đạo (đổi tên),commune,\nHOANG_THANG,Xã Hoằng Thắng,commune,HOANG_THANG\n",
      [
        {
          line: 3,
          code: "UNIT_MERGE_CYCLE",
          message: 'Đơn vị "HOANG_THANG" nằm trong một vòng lặp sáp nhập (sáp nhập vào chính nó qua "HOANG_THANG").',
        },
      ],
    ],
    [
      "a merge cycle across rows",
      "code,name,kind,merged_into\nHOANG_DAO,Xã Hoằng Đạo (đổi tên),commune,\nHOANG_THANG,Xã Hoằng Thắng,commune,HOANG_PHONG\nHOANG_PHONG,Xã Hoằng Phong,commune,HOANG_THANG\n",
      [
        {
          line: 3,
          code: "UNIT_MERGE_CYCLE",
          message: 'Đơn vị "HOANG_THANG" nằm trong một vòng lặp sáp nhập (sáp nhập vào chính nó qua "HOANG_PHONG").',
        },
        {
          line: 4,
          code: "UNIT_MERGE_CYCLE",
          message: 'Đơn vị "HOANG_PHONG" nằm trong một vòng lặp sáp nhập (sáp nhập vào chính nó qua "HOANG_THANG").',
        },
      ],
    ],
    [
      "a unit merged into one retired in the same file",
      "code,name,kind,merged_into,retired\nHOANG_DAO,Xã Hoằng Đạo (đổi tên),commune,,1\nHOANG_THANG,Xã Hoằng Thắng,commune,HOANG_DAO,\n",
      [
        {
          line: 3,
          code: "UNIT_MERGE_INTO_RETIRED",
          message: 'Đơn vị "HOANG_THANG" không thể sáp nhập vào "HOANG_DAO" vì đơn vị đó đã giải thể.',
        },
      ],
    ],
    [
      "a unit both merged and retired",
      "code,name,kind,merged_into,retired\nHOANG_DAO,Xã Hoằng Đạo (đổi tên),commune,,\nHOANG_THANG,Xã Hoằng Thắng,commune,HOANG_DAO,1\n",
      [
        {
          line: 3,
          code: "UNIT_MERGED_AND_RETIRED",
          message: 'Đơn vị "HOANG_THANG" không thể vừa sáp nhập vừa giải thể: chọn một trong hai.',
        },
      ],
    ],
    [
      "a unit merged into its own sub-unit",
      "code,name,kind,parent_code,merged_into\nHOANG_DAO,Xã Hoằng Đạo (đổi tên),commune,,\nCHI_DOAN_THON_1,Chi đoàn thôn 1,other,HOANG_THANG,\nHOANG_THANG,Xã Hoằng Thắng,commune,,CHI_DOAN_THON_1\n",
      [
        {
          line: 4,
          code: "UNIT_MERGE_INTO_DESCENDANT",
          message: 'Đơn vị "HOANG_THANG" không thể sáp nhập vào đơn vị cấp dưới của chính nó ("CHI_DOAN_THON_1").',
        },
      ],
    ],
  ])("refuses %s whole, with the line and the reason, and changes nothing", async (_what, csv, errors) => {
    await importUnitsCsv(prisma, BASE);
    await seedPeople();
    const before = await snapshot();
    const result = await importUnitsCsv(prisma, csv);
    expect(result).toEqual({ ...NO_MERGES, errors });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a merge into a unit already retired, a second merge elsewhere, and retiring a unit others were merged into", async () => {
    await importUnitsCsv(prisma, BASE);
    await seedPeople();
    await importUnitsCsv(
      prisma,
      "code,name,kind,merged_into,retired\nHOANG_PHONG,Xã Hoằng Phong,commune,,1\nHOANG_THANG,Xã Hoằng Thắng,commune,HOANG_DAO,\n",
    );
    const before = await snapshot();

    const intoRetired = await importUnitsCsv(prisma, "code,name,kind,merged_into\nX,Xã X,commune,HOANG_PHONG\n");
    expect(intoRetired.errors).toEqual([
      {
        line: 2,
        code: "UNIT_MERGE_INTO_RETIRED",
        message: 'Đơn vị "X" không thể sáp nhập vào "HOANG_PHONG" vì đơn vị đó đã giải thể.',
      },
    ]);
    const elsewhere = await importUnitsCsv(
      prisma,
      "code,name,kind,merged_into\nHOANG_THANG,Xã Hoằng Thắng,commune,X\nX,Xã X,commune,\n",
    );
    expect(elsewhere.errors).toEqual([
      {
        line: 2,
        code: "UNIT_ALREADY_MERGED",
        message: 'Đơn vị "HOANG_THANG" đã được sáp nhập vào "HOANG_DAO", không thể sáp nhập vào "X".',
      },
    ]);
    const retireSuccessor = await importUnitsCsv(prisma, "code,name,kind,retired\nHOANG_DAO,Xã Hoằng Đạo,commune,1\n");
    expect(retireSuccessor.errors).toEqual([
      {
        line: 2,
        code: "UNIT_MERGE_INTO_RETIRED",
        message: 'Không thể giải thể "HOANG_DAO": đơn vị "HOANG_THANG" đã được sáp nhập vào đơn vị này.',
      },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it("retires and brings back a unit with the retired column, keeping its people", async () => {
    await importUnitsCsv(prisma, BASE);
    await seedPeople();
    expect(
      await importUnitsCsv(prisma, "code,name,kind,retired\nHOANG_PHONG,Xã Hoằng Phong,commune,1\n", { now }),
    ).toMatchObject({ retired: 1 });
    const phong = await prisma.unit.findUniqueOrThrow({ where: { code: "HOANG_PHONG" }, include: { residents: true } });
    expect(phong.retiredAt).toEqual(now);
    expect(phong.residents).toHaveLength(1);
    await importUnitsCsv(prisma, "code,name,kind,retired\nHOANG_PHONG,Xã Hoằng Phong,commune,0\n");
    expect((await prisma.unit.findUniqueOrThrow({ where: { code: "HOANG_PHONG" } })).retiredAt).toBeNull();
  });
});
