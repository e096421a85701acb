import { randomUUID } from "node:crypto";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiKit,
  createApiTestKit,
  multipartFile,
  newAssistanceLog,
  ROLES,
  type Role,
  TINY_PNG,
} from "./support/api-test-kit.ts";

/**
 * Every mini-app API route, called by each kind of caller, with the status the server must answer. "Here" is
 * the unit HOANG_DAO: its lead is `leadHere`, HOANG_CAT's lead is `leadOther`. Routes that change state build a
 * fresh target for each caller, so one caller's success does not change what the next one sees.
 */

type Expect = Record<Role, number>;
interface Row {
  name: string;
  expect: Expect;
  request: (kit: ApiKit) => Promise<InjectOptions> | InjectOptions;
}

const e = (anonymous: number, pending: number, member: number, leadHere: number, leadOther: number, admin: number) => ({
  anonymous,
  pending,
  member,
  leadHere,
  leadOther,
  admin,
});

async function pendingMemberInDao(kit: ApiKit) {
  return kit.prisma.member.create({
    data: {
      zaloId: `9${Date.now()}${Math.floor(Math.random() * 1e6)}`,
      name: "Người Chờ Duyệt",
      unitId: kit.units.dao,
    },
  });
}

async function activeMemberInDao(kit: ApiKit) {
  return kit.prisma.member.create({
    data: {
      zaloId: `9${Date.now()}${Math.floor(Math.random() * 1e6)}`,
      name: "Đoàn Viên Phụ",
      unitId: kit.units.dao,
      status: "ACTIVE",
    },
  });
}

async function helpRequestInDao(kit: ApiKit, claimedById?: string) {
  return kit.prisma.helpRequest.create({
    data: {
      unitId: kit.units.dao,
      topic: "Cài VNeID mức 2",
      preferredTime: "Chiều thứ Bảy",
      ...(claimedById ? { status: "CLAIMED", claimedById, claimedAt: new Date() } : {}),
    },
  });
}

async function contentItem(kit: ApiKit) {
  return kit.prisma.contentItem.create({ data: { kind: "GUIDE", title: "Hướng dẫn định danh", body: "Bước 1…" } });
}

const json = (method: InjectOptions["method"], url: string, payload?: unknown): InjectOptions => ({
  method,
  url,
  ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
});

const ROWS: Row[] = [
  { name: "GET /api/me", expect: e(401, 200, 200, 200, 200, 200), request: () => json("GET", "/api/me") },
  {
    name: "POST /api/members/register",
    // Pending: updates their request. Active members: already registered. Configured admin: may (re)pick a unit.
    expect: e(401, 201, 409, 409, 409, 201),
    request: (kit) =>
      json("POST", "/api/members/register", {
        name: "Tên Mới",
        unitCode: "hoang_dao",
        ...(kit ? {} : {}),
      }),
  },
  {
    name: "GET /api/members?unitCode=HOANG_DAO",
    expect: e(401, 403, 403, 200, 403, 200),
    request: () => json("GET", "/api/members?unitCode=HOANG_DAO"),
  },
  {
    name: "POST /api/members/:id/approve",
    expect: e(401, 403, 403, 200, 403, 200),
    request: async (kit) => json("POST", `/api/members/${(await pendingMemberInDao(kit)).id}/approve`),
  },
  {
    name: "POST /api/members/:id/remove",
    expect: e(401, 403, 403, 200, 403, 200),
    request: async (kit) => json("POST", `/api/members/${(await activeMemberInDao(kit)).id}/remove`),
  },
  { name: "GET /api/units", expect: e(401, 200, 200, 200, 200, 200), request: () => json("GET", "/api/units") },
  {
    name: "POST /api/units/import",
    expect: e(401, 403, 403, 403, 403, 200),
    request: () =>
      json("POST", "/api/units/import", {
        csv: "code,name,kind,parent_code\nHOANG_TRUNG,Xã Hoằng Trung,commune,HOANG_HOA\n",
      }),
  },
  {
    name: "PATCH /api/units/:code",
    expect: e(401, 403, 403, 403, 403, 200),
    request: () => json("PATCH", "/api/units/HOANG_DAO", { targetPeoplePerWeek: 50 }),
  },
  {
    name: "POST /api/assistance-logs",
    expect: e(401, 403, 201, 201, 201, 201),
    request: () => json("POST", "/api/assistance-logs", newAssistanceLog()),
  },
  {
    name: "PATCH /api/assistance-logs/:id (the member's entry)",
    expect: e(401, 403, 200, 403, 403, 403),
    request: async (kit) => {
      const log = await kit.prisma.assistanceLog.create({
        data: {
          clientId: randomUUID(),
          memberId: kit.memberIds.member,
          unitId: kit.units.dao,
          happenedAt: new Date(),
          services: ["VNEID"],
          people: 1,
          minutes: 10,
          hamlet: "Thôn 1",
          outcome: "DONE",
        },
      });
      return json("PATCH", `/api/assistance-logs/${log.id}`, { people: 3 });
    },
  },
  {
    name: "GET /api/assistance-logs?unitCode=HOANG_DAO",
    expect: e(401, 403, 200, 200, 403, 200),
    request: () => json("GET", "/api/assistance-logs?unitCode=HOANG_DAO"),
  },
  {
    name: "GET /api/help-requests?unitCode=HOANG_DAO",
    expect: e(401, 403, 200, 200, 403, 200),
    request: () => json("GET", "/api/help-requests?unitCode=HOANG_DAO"),
  },
  {
    name: "POST /api/help-requests/:id/claim",
    expect: e(401, 403, 200, 200, 403, 200),
    request: async (kit) => json("POST", `/api/help-requests/${(await helpRequestInDao(kit)).id}/claim`),
  },
  {
    name: "POST /api/help-requests/:id/complete (claimed by the member)",
    expect: e(401, 403, 200, 200, 403, 200),
    request: async (kit) =>
      json("POST", `/api/help-requests/${(await helpRequestInDao(kit, kit.memberIds.member)).id}/complete`),
  },
  { name: "GET /api/content", expect: e(401, 200, 200, 200, 200, 200), request: () => json("GET", "/api/content") },
  {
    name: "GET /api/content/:id",
    expect: e(401, 200, 200, 200, 200, 200),
    request: async (kit) => json("GET", `/api/content/${(await contentItem(kit)).id}`),
  },
  {
    name: "POST /api/content",
    expect: e(401, 403, 403, 403, 403, 201),
    request: () =>
      json("POST", "/api/content", { kind: "NOTICE", title: "Ngày hội chuyển đổi số", body: "Sáng Chủ nhật" }),
  },
  {
    name: "PATCH /api/content/:id",
    expect: e(401, 403, 403, 403, 403, 200),
    request: async (kit) => json("PATCH", `/api/content/${(await contentItem(kit)).id}`, { pinned: true }),
  },
  {
    name: "DELETE /api/content/:id",
    expect: e(401, 403, 403, 403, 403, 200),
    request: async (kit) => json("DELETE", `/api/content/${(await contentItem(kit)).id}`),
  },
  {
    name: "POST /api/uploads/images",
    expect: e(401, 403, 403, 403, 403, 201),
    request: () => ({
      method: "POST",
      url: "/api/uploads/images",
      ...multipartFile("file", "a.png", "image/png", TINY_PNG),
    }),
  },
  {
    name: "GET /api/images/:id (public)",
    expect: e(200, 200, 200, 200, 200, 200),
    request: async (kit) => {
      const image = await kit.prisma.storedImage.create({
        data: { mime: "image/png", bytes: new Uint8Array(TINY_PNG) },
      });
      return json("GET", `/api/images/${image.id}`);
    },
  },
  {
    name: "GET /api/dashboard/me",
    expect: e(401, 403, 200, 200, 200, 200),
    request: () => json("GET", "/api/dashboard/me"),
  },
  {
    name: "GET /api/dashboard/unit/HOANG_DAO",
    expect: e(401, 403, 200, 200, 403, 200),
    request: () => json("GET", "/api/dashboard/unit/HOANG_DAO"),
  },
  {
    name: "GET /api/dashboard/organisation",
    expect: e(401, 403, 403, 403, 403, 200),
    request: () => json("GET", "/api/dashboard/organisation"),
  },
  { name: "GET /api/alerts", expect: e(401, 403, 403, 200, 200, 200), request: () => json("GET", "/api/alerts") },
  {
    name: "POST /api/alerts/:id/resolve (an alert of HOANG_DAO)",
    expect: e(401, 403, 403, 200, 403, 200),
    request: async (kit) => {
      const alert = await kit.prisma.alert.create({
        data: { kind: "HELP_ESCALATED", message: "Yêu cầu chờ quá 24 giờ", unitId: kit.units.dao },
      });
      return json("POST", `/api/alerts/${alert.id}/resolve`);
    },
  },
  {
    name: "GET /api/exports/assistance-logs.xlsx?unitCode=HOANG_DAO",
    expect: e(401, 403, 403, 200, 403, 200),
    request: () => json("GET", "/api/exports/assistance-logs.xlsx?unitCode=HOANG_DAO"),
  },
  {
    name: "GET /api/exports/assistance-logs.csv?unitCode=HOANG_DAO",
    expect: e(401, 403, 403, 200, 403, 200),
    request: () => json("GET", "/api/exports/assistance-logs.csv?unitCode=HOANG_DAO"),
  },
];

describe("mini-app API access by role", () => {
  let kit: ApiKit;
  beforeAll(async () => {
    kit = await createApiTestKit();
  });
  afterAll(async () => {
    await kit.close();
  });

  it.each(ROWS)("$name", async (row) => {
    const got: Partial<Expect> = {};
    const bodies: string[] = [];
    for (const role of ROLES) {
      const res = await kit.as(role, await row.request(kit));
      got[role] = res.statusCode;
      if (res.statusCode !== row.expect[role]) bodies.push(`${role}: ${res.body.slice(0, 300)}`);
      if (res.statusCode >= 400) {
        // Every refusal speaks the API's error shape.
        expect(res.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      }
    }
    expect(got, bodies.join("\n")).toEqual(row.expect);
  });

  it("writes an audit row for each admin or lead action in the table", async () => {
    const actions = await kit.prisma.auditLog.groupBy({ by: ["action"], _count: { _all: true } });
    const count = (action: string) => actions.find((a) => a.action === action)?._count._all ?? 0;
    expect(count("member.approve")).toBe(2);
    expect(count("member.remove")).toBe(2);
    expect(count("unit.import")).toBe(1);
    expect(count("unit.update")).toBe(1);
    expect(count("content.create")).toBe(1);
    expect(count("content.update")).toBe(1);
    expect(count("content.delete")).toBe(1);
    expect(count("image.upload")).toBe(1);
    expect(count("alert.resolve")).toBe(2);
    expect(count("export.assistance-logs")).toBe(4);
  });
});
