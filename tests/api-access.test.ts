import { randomUUID } from "node:crypto";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiKit,
  CALLERS,
  type Caller,
  createApiTestKit,
  DEMO,
  multipartFile,
  newAssistanceLog,
  type Role,
  TINY_PNG,
} from "./support/api-test-kit.ts";
import { listRoutes, type RouteKey } from "./support/list-routes.ts";

/**
 * Every route the app serves, called by each kind of caller, with the status the server must answer. "Here" is
 * the unit HOANG_DAO: its lead is `leadHere`, HOANG_CAT's lead is `leadOther`. Routes that change state build a
 * fresh target for each caller, so one caller's success does not change what the next one sees. A badly signed or
 * expired token (both the admin's) counts for nothing: those callers get what an anonymous one gets. The routes
 * are read from the app itself, so a new route without a row here fails the last test.
 */

type Expect = Record<Role, number>;
interface Row {
  route: RouteKey;
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
const everyone = (status: number) => e(status, status, status, status, status, status);
const expectedFor = (row: Row, caller: Caller): number =>
  caller === "badlySigned" || caller === "expired" ? row.expect.anonymous : row.expect[caller];

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

/** A resident of HOANG_DAO whom a staff member is answering by hand (the bot is silent for them). */
async function takenOverResidentInDao(kit: ApiKit) {
  const now = Date.now();
  return kit.prisma.resident.create({
    data: {
      oaUserId: `7${now}${Math.floor(Math.random() * 1e6)}`,
      displayName: "Bà Nguyễn Thị Tư",
      unitId: kit.units.dao,
      humanTakeoverSince: new Date(now - 60_000),
      humanTakeoverUntil: new Date(now + 3_600_000),
    },
  });
}

async function contentItem(kit: ApiKit) {
  return kit.prisma.contentItem.create({ data: { kind: "GUIDE", title: "Hướng dẫn định danh", body: "Bước 1…" } });
}

/** A registration day for HOANG_DAO tomorrow, with one resident signed up. */
async function eventInDao(kit: ApiKit) {
  const startsAt = new Date(Date.now() + 86_400_000);
  const event = await kit.prisma.registrationEvent.create({
    data: {
      title: "Ngày hội định danh mức 2",
      place: "Hội trường xã",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3 * 3_600_000),
      capacity: 50,
      units: { create: [{ unitId: kit.units.dao }] },
    },
  });
  const resident = await kit.prisma.resident.create({
    data: { oaUserId: `77${Date.now()}${Math.floor(Math.random() * 1e6)}`, unitId: kit.units.dao },
  });
  const registration = await kit.prisma.eventRegistration.create({
    data: { eventId: event.id, residentId: resident.id, number: 1, status: "REGISTERED" },
  });
  return { event, registration };
}

/** A new commune under the root, so each caller of a unit-changing route gets its own target. */
async function freshCommune(kit: ApiKit) {
  const code = `XA_${randomUUID().slice(0, 8).toUpperCase()}`;
  return kit.prisma.unit.create({ data: { code, name: `Xã thử ${code}`, kind: "COMMUNE", parentId: kit.units.root } });
}

const json = (method: InjectOptions["method"], url: string, payload?: unknown): InjectOptions => ({
  method,
  url,
  ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
});

const ROWS: Row[] = [
  {
    route: "GET /api/me",
    name: "GET /api/me",
    expect: e(401, 200, 200, 200, 200, 200),
    request: () => json("GET", "/api/me"),
  },
  {
    route: "POST /api/members/register",
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
    route: "GET /api/members",
    name: "GET /api/members?unitCode=HOANG_DAO",
    expect: e(401, 403, 403, 200, 403, 200),
    request: () => json("GET", "/api/members?unitCode=HOANG_DAO"),
  },
  {
    route: "POST /api/members/:id/approve",
    name: "POST /api/members/:id/approve",
    expect: e(401, 403, 403, 200, 403, 200),
    request: async (kit) => json("POST", `/api/members/${(await pendingMemberInDao(kit)).id}/approve`),
  },
  {
    route: "POST /api/members/:id/remove",
    name: "POST /api/members/:id/remove",
    expect: e(401, 403, 403, 200, 403, 200),
    request: async (kit) => json("POST", `/api/members/${(await activeMemberInDao(kit)).id}/remove`),
  },
  {
    route: "GET /api/units",
    name: "GET /api/units",
    expect: e(401, 200, 200, 200, 200, 200),
    request: () => json("GET", "/api/units"),
  },
  {
    route: "POST /api/units/import",
    name: "POST /api/units/import",
    expect: e(401, 403, 403, 403, 403, 200),
    request: () =>
      json("POST", "/api/units/import", {
        csv: "code,name,kind,parent_code\nHOANG_TRUNG,Xã Hoằng Trung,commune,HOANG_HOA\n",
      }),
  },
  {
    route: "PATCH /api/units/:code",
    name: "PATCH /api/units/:code",
    expect: e(401, 403, 403, 403, 403, 200),
    request: () => json("PATCH", "/api/units/HOANG_DAO", { targetPeoplePerWeek: 50 }),
  },
  {
    route: "GET /api/units",
    name: "GET /api/units?include=all",
    expect: e(401, 403, 403, 403, 403, 200),
    request: () => json("GET", "/api/units?include=all"),
  },
  {
    route: "PATCH /api/units/:code",
    name: "PATCH /api/units/:code (re-parent, retire)",
    expect: e(401, 403, 403, 403, 403, 200),
    request: async (kit) => {
      const unit = await freshCommune(kit);
      return json("PATCH", `/api/units/${unit.code}`, { parentCode: "HOANG_DAO", retired: true });
    },
  },
  {
    route: "POST /api/units/:code/merge",
    name: "POST /api/units/:code/merge",
    expect: e(401, 403, 403, 403, 403, 200),
    request: async (kit) => {
      const unit = await freshCommune(kit);
      return json("POST", `/api/units/${unit.code}/merge`, { intoCode: "HOANG_CAT" });
    },
  },
  {
    route: "POST /api/assistance-logs",
    name: "POST /api/assistance-logs",
    expect: e(401, 403, 201, 201, 201, 201),
    request: () => json("POST", "/api/assistance-logs", newAssistanceLog()),
  },
  {
    route: "PATCH /api/assistance-logs/:id",
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
    route: "GET /api/assistance-logs",
    name: "GET /api/assistance-logs?unitCode=HOANG_DAO",
    expect: e(401, 403, 200, 200, 403, 200),
    request: () => json("GET", "/api/assistance-logs?unitCode=HOANG_DAO"),
  },
  {
    route: "GET /api/events",
    name: "GET /api/events",
    expect: e(401, 403, 200, 200, 200, 200),
    request: () => json("GET", "/api/events?when=all"),
  },
  {
    route: "POST /api/events",
    name: "POST /api/events (for HOANG_DAO, not announced)",
    expect: e(401, 403, 403, 201, 403, 201),
    request: () => {
      const startsAt = new Date(Date.now() + 2 * 86_400_000);
      return json("POST", "/api/events", {
        title: "Ngày hội định danh mức 2",
        place: "Hội trường xã",
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
        capacity: 40,
        organisedWith: "Công an xã",
        unitCodes: ["HOANG_DAO"],
        announce: false,
      });
    },
  },
  {
    route: "GET /api/events/:id",
    name: "GET /api/events/:id (HOANG_DAO's)",
    expect: e(401, 403, 200, 200, 404, 200),
    request: async (kit) => json("GET", `/api/events/${(await eventInDao(kit)).event.id}`),
  },
  {
    route: "PATCH /api/events/:id",
    name: "PATCH /api/events/:id",
    expect: e(401, 403, 403, 200, 403, 200),
    request: async (kit) => json("PATCH", `/api/events/${(await eventInDao(kit)).event.id}`, { capacity: 60 }),
  },
  {
    route: "POST /api/events/:id/cancel",
    name: "POST /api/events/:id/cancel",
    expect: e(401, 403, 403, 200, 403, 200),
    request: async (kit) => json("POST", `/api/events/${(await eventInDao(kit)).event.id}/cancel`),
  },
  {
    route: "POST /api/events/:id/announce",
    name: "POST /api/events/:id/announce",
    expect: e(401, 403, 403, 200, 403, 200),
    request: async (kit) => json("POST", `/api/events/${(await eventInDao(kit)).event.id}/announce`),
  },
  {
    route: "GET /api/events/:id/registrations",
    name: "GET /api/events/:id/registrations?q=1",
    expect: e(401, 403, 200, 200, 403, 200),
    request: async (kit) => json("GET", `/api/events/${(await eventInDao(kit)).event.id}/registrations?q=1`),
  },
  {
    route: "POST /api/events/:id/registrations/:registrationId/check-in",
    name: "POST /api/events/:id/registrations/:registrationId/check-in",
    expect: e(401, 403, 200, 200, 403, 200),
    request: async (kit) => {
      const { event, registration } = await eventInDao(kit);
      return json("POST", `/api/events/${event.id}/registrations/${registration.id}/check-in`);
    },
  },
  {
    route: "GET /api/help-requests",
    name: "GET /api/help-requests?unitCode=HOANG_DAO",
    expect: e(401, 403, 200, 200, 403, 200),
    request: () => json("GET", "/api/help-requests?unitCode=HOANG_DAO"),
  },
  {
    route: "POST /api/help-requests/:id/claim",
    name: "POST /api/help-requests/:id/claim",
    expect: e(401, 403, 200, 200, 403, 200),
    request: async (kit) => json("POST", `/api/help-requests/${(await helpRequestInDao(kit)).id}/claim`),
  },
  {
    route: "POST /api/help-requests/:id/complete",
    name: "POST /api/help-requests/:id/complete (claimed by the member)",
    expect: e(401, 403, 200, 200, 403, 200),
    request: async (kit) =>
      json("POST", `/api/help-requests/${(await helpRequestInDao(kit, kit.memberIds.member)).id}/complete`),
  },
  {
    route: "GET /api/help-requests/counts",
    name: "GET /api/help-requests/counts",
    expect: e(401, 403, 200, 200, 200, 200),
    request: () => json("GET", "/api/help-requests/counts"),
  },
  {
    route: "GET /api/help-requests/:id",
    name: "GET /api/help-requests/:id (HOANG_DAO's)",
    expect: e(401, 403, 200, 200, 403, 200),
    request: async (kit) => json("GET", `/api/help-requests/${(await helpRequestInDao(kit)).id}`),
  },
  {
    route: "GET /api/help-requests/:id/colleagues",
    name: "GET /api/help-requests/:id/colleagues (HOANG_DAO's)",
    expect: e(401, 403, 200, 200, 403, 200),
    request: async (kit) => json("GET", `/api/help-requests/${(await helpRequestInDao(kit)).id}/colleagues`),
  },
  {
    route: "POST /api/help-requests/:id/release",
    name: "POST /api/help-requests/:id/release (claimed by the member)",
    expect: e(401, 403, 200, 200, 403, 200),
    request: async (kit) =>
      json("POST", `/api/help-requests/${(await helpRequestInDao(kit, kit.memberIds.member)).id}/release`),
  },
  {
    route: "POST /api/help-requests/:id/hand-over",
    name: "POST /api/help-requests/:id/hand-over (claimed by the member, to HOANG_DAO's lead)",
    expect: e(401, 403, 200, 200, 403, 200),
    request: async (kit) =>
      json("POST", `/api/help-requests/${(await helpRequestInDao(kit, kit.memberIds.member)).id}/hand-over`, {
        memberId: kit.memberIds.leadHere,
      }),
  },
  {
    route: "POST /api/help-requests/:id/cancel",
    name: "POST /api/help-requests/:id/cancel (claimed by the member, NO_ANSWER)",
    expect: e(401, 403, 200, 200, 403, 200),
    request: async (kit) =>
      json("POST", `/api/help-requests/${(await helpRequestInDao(kit, kit.memberIds.member)).id}/cancel`, {
        reason: "NO_ANSWER",
      }),
  },
  {
    route: "GET /api/me/oa-link",
    name: "GET /api/me/oa-link",
    expect: e(401, 403, 200, 200, 200, 200),
    request: () => json("GET", "/api/me/oa-link"),
  },
  {
    route: "POST /api/me/oa-link",
    name: "POST /api/me/oa-link",
    expect: e(401, 403, 200, 200, 200, 200),
    request: () => json("POST", "/api/me/oa-link"),
  },
  {
    route: "DELETE /api/me/oa-link",
    name: "DELETE /api/me/oa-link",
    expect: e(401, 403, 200, 200, 200, 200),
    request: () => json("DELETE", "/api/me/oa-link"),
  },
  {
    route: "GET /api/content",
    name: "GET /api/content",
    expect: e(401, 200, 200, 200, 200, 200),
    request: () => json("GET", "/api/content"),
  },
  {
    route: "GET /api/content/:id",
    name: "GET /api/content/:id",
    expect: e(401, 200, 200, 200, 200, 200),
    request: async (kit) => json("GET", `/api/content/${(await contentItem(kit)).id}`),
  },
  {
    route: "POST /api/content",
    name: "POST /api/content",
    expect: e(401, 403, 403, 403, 403, 201),
    request: () =>
      json("POST", "/api/content", { kind: "NOTICE", title: "Ngày hội chuyển đổi số", body: "Sáng Chủ nhật" }),
  },
  {
    route: "PATCH /api/content/:id",
    name: "PATCH /api/content/:id",
    expect: e(401, 403, 403, 403, 403, 200),
    request: async (kit) => json("PATCH", `/api/content/${(await contentItem(kit)).id}`, { pinned: true }),
  },
  {
    route: "DELETE /api/content/:id",
    name: "DELETE /api/content/:id",
    expect: e(401, 403, 403, 403, 403, 200),
    request: async (kit) => json("DELETE", `/api/content/${(await contentItem(kit)).id}`),
  },
  {
    route: "POST /api/uploads/images",
    name: "POST /api/uploads/images",
    expect: e(401, 403, 403, 403, 403, 201),
    request: () => ({
      method: "POST",
      url: "/api/uploads/images",
      ...multipartFile("file", "a.png", "image/png", TINY_PNG),
    }),
  },
  {
    route: "GET /api/images/:id",
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
    route: "GET /api/takeovers",
    name: "GET /api/takeovers",
    expect: e(401, 403, 403, 200, 200, 200),
    request: () => json("GET", "/api/takeovers"),
  },
  {
    route: "POST /api/takeovers/:residentId/give-back",
    name: "POST /api/takeovers/:residentId/give-back (a resident of HOANG_DAO)",
    expect: e(401, 403, 403, 200, 404, 200),
    request: async (kit) => json("POST", `/api/takeovers/${(await takenOverResidentInDao(kit)).id}/give-back`),
  },
  {
    route: "GET /api/dashboard/me",
    name: "GET /api/dashboard/me",
    expect: e(401, 403, 200, 200, 200, 200),
    request: () => json("GET", "/api/dashboard/me"),
  },
  {
    route: "GET /api/dashboard/unit/:code",
    name: "GET /api/dashboard/unit/HOANG_DAO",
    expect: e(401, 403, 200, 200, 403, 200),
    request: () => json("GET", "/api/dashboard/unit/HOANG_DAO"),
  },
  {
    route: "GET /api/dashboard/organisation",
    name: "GET /api/dashboard/organisation",
    expect: e(401, 403, 403, 403, 403, 200),
    request: () => json("GET", "/api/dashboard/organisation"),
  },
  {
    route: "GET /api/alerts",
    name: "GET /api/alerts",
    expect: e(401, 403, 403, 200, 200, 200),
    request: () => json("GET", "/api/alerts"),
  },
  {
    route: "POST /api/alerts/:id/resolve",
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
    route: "POST /api/exports/weekly-report",
    name: "POST /api/exports/weekly-report (HOANG_DAO, week of 23/11/2026)",
    expect: e(401, 403, 403, 202, 403, 202),
    request: () => json("POST", "/api/exports/weekly-report", { weekStart: "2026-11-23", unitCode: "HOANG_DAO" }),
  },
  {
    route: "POST /api/exports/weekly-report",
    name: "POST /api/exports/weekly-report (own scope)",
    expect: e(401, 403, 403, 202, 202, 202),
    request: () => json("POST", "/api/exports/weekly-report", { weekStart: "2026-11-23" }),
  },
  {
    route: "POST /api/exports",
    name: "POST /api/exports (xlsx of HOANG_DAO)",
    expect: e(401, 403, 403, 202, 403, 202),
    request: () => json("POST", "/api/exports", { format: "xlsx", unitCode: "HOANG_DAO" }),
  },
  {
    route: "POST /api/exports",
    name: "POST /api/exports (csv of HOANG_DAO)",
    expect: e(401, 403, 403, 202, 403, 202),
    request: () => json("POST", "/api/exports", { format: "csv", unitCode: "HOANG_DAO" }),
  },
];

async function broadcastRow(kit: ApiKit, status: "SCHEDULED" | "DONE") {
  return kit.prisma.broadcast.create({
    data: {
      title: "Thông báo",
      text: "Ngày hội chuyển đổi số",
      audience: { kind: "residents" },
      sendAt: new Date(Date.now() + (status === "SCHEDULED" ? 86_400_000 : -86_400_000)),
      status,
    },
  });
}

/** Routes outside the mini-app API: probes, the webhook, sign-in, OAuth, the docs, admin connections, broadcasts. */
const MORE_ROWS: Row[] = [
  {
    route: "GET /api/admin/oa/settings",
    name: "GET /api/admin/oa/settings",
    expect: e(401, 403, 403, 403, 403, 200),
    request: () => json("GET", "/api/admin/oa/settings"),
  },
  {
    route: "GET /oauth/zalo/start",
    name: "GET /oauth/zalo/start (unknown ticket)",
    expect: everyone(400),
    request: () => json("GET", "/oauth/zalo/start?ticket=unknown"),
  },
  {
    route: "GET /api/exports/:id",
    name: "GET /api/exports/:id (not one's own)",
    expect: e(401, 403, 403, 404, 404, 404),
    request: () => json("GET", "/api/exports/unknown-export"),
  },
  {
    route: "GET /api/exports/:id/file",
    name: "GET /api/exports/:id/file (forged link)",
    expect: everyone(403),
    request: () => json("GET", `/api/exports/unknown-export/file?exp=${Date.now() + 60_000}&m=x&sig=${"A".repeat(43)}`),
  },
  {
    route: "GET /api/knowledge/entries",
    name: "GET /api/knowledge/entries",
    expect: e(401, 403, 403, 403, 403, 200),
    request: () => json("GET", "/api/knowledge/entries?q=vneid"),
  },
  {
    route: "GET /api/knowledge/entries/:id",
    name: "GET /api/knowledge/entries/:id",
    expect: e(401, 403, 403, 403, 403, 200),
    request: () => json("GET", "/api/knowledge/entries/vneid.forgot-password"),
  },
  {
    route: "POST /api/knowledge/entries",
    name: "POST /api/knowledge/entries",
    expect: e(401, 403, 403, 403, 403, 201),
    request: () =>
      json("POST", "/api/knowledge/entries", {
        topic: "VNEID",
        title: `Câu hỏi ${randomUUID().slice(0, 8)}`,
        answer: "Bạn làm theo hướng dẫn trong ứng dụng.",
        questions: ["hỏi thử một câu"],
      }),
  },
  {
    route: "PATCH /api/knowledge/entries/:id",
    name: "PATCH /api/knowledge/entries/:id",
    expect: e(401, 403, 403, 403, 403, 200),
    request: () => json("PATCH", "/api/knowledge/entries/vneid.forgot-password", { title: "Quên mật khẩu VNeID" }),
  },
  {
    route: "POST /api/knowledge/entries/:id/questions",
    name: "POST /api/knowledge/entries/:id/questions",
    expect: e(401, 403, 403, 403, 403, 200),
    request: () =>
      json("POST", "/api/knowledge/entries/vneid.forgot-password/questions", {
        text: `quên mk vneid lần ${randomUUID().slice(0, 8)}`,
      }),
  },
  {
    route: "POST /api/knowledge/entries/:id/questions/remove",
    name: "POST /api/knowledge/entries/:id/questions/remove (unknown entry)",
    expect: e(401, 403, 403, 403, 403, 404),
    request: () => json("POST", "/api/knowledge/entries/vneid.no-such-entry/questions/remove", { text: "gì đó" }),
  },
  {
    route: "POST /api/knowledge/entries/:id/disable",
    name: "POST /api/knowledge/entries/:id/disable",
    expect: e(401, 403, 403, 403, 403, 200),
    request: () => json("POST", "/api/knowledge/entries/vneid.forgot-password/disable"),
  },
  {
    route: "POST /api/knowledge/entries/:id/enable",
    name: "POST /api/knowledge/entries/:id/enable",
    expect: e(401, 403, 403, 403, 403, 200),
    request: () => json("POST", "/api/knowledge/entries/vneid.forgot-password/enable"),
  },
  {
    route: "GET /api/knowledge/unanswered",
    name: "GET /api/knowledge/unanswered",
    expect: e(401, 403, 403, 403, 403, 200),
    request: () => json("GET", "/api/knowledge/unanswered?sort=frequent"),
  },
  {
    route: "POST /api/knowledge/unanswered/add-phrasing",
    name: "POST /api/knowledge/unanswered/add-phrasing (unknown group)",
    expect: e(401, 403, 403, 403, 403, 404),
    request: () =>
      json("POST", "/api/knowledge/unanswered/add-phrasing", {
        normalized: "khong co nhom nay",
        entryId: "vneid.forgot-password",
      }),
  },
  {
    route: "POST /api/knowledge/unanswered/create-entry",
    name: "POST /api/knowledge/unanswered/create-entry (unknown group)",
    expect: e(401, 403, 403, 403, 403, 404),
    request: () =>
      json("POST", "/api/knowledge/unanswered/create-entry", {
        normalized: "khong co nhom nay",
        topic: "VNEID",
        title: "Câu hỏi mới",
        answer: "Câu trả lời.",
      }),
  },
  {
    route: "POST /api/knowledge/unanswered/dismiss",
    name: "POST /api/knowledge/unanswered/dismiss (unknown group)",
    expect: e(401, 403, 403, 403, 403, 404),
    request: () => json("POST", "/api/knowledge/unanswered/dismiss", { normalized: "khong co nhom nay" }),
  },
  { route: "GET /health", name: "GET /health", expect: everyone(200), request: () => json("GET", "/health") },
  { route: "GET /ready", name: "GET /ready", expect: everyone(200), request: () => json("GET", "/ready") },
  {
    route: "GET /webhooks/zalo",
    name: "GET /webhooks/zalo (Zalo's URL check)",
    expect: everyone(200),
    request: () => json("GET", "/webhooks/zalo"),
  },
  {
    route: "POST /webhooks/zalo",
    name: "POST /webhooks/zalo without a signature (a bearer token opens nothing there)",
    expect: everyone(401),
    request: () => json("POST", "/webhooks/zalo", { event_name: "user_send_text", timestamp: String(Date.now()) }),
  },
  {
    route: "POST /api/auth/zalo",
    name: "POST /api/auth/zalo (sign-in needs a Zalo token, not a session)",
    expect: everyone(200),
    request: async (kit) => json("POST", "/api/auth/zalo", { accessToken: await kit.zaloAccessToken(DEMO.member) }),
  },
  {
    route: "GET /oauth/zalo/callback",
    name: "GET /oauth/zalo/callback with an unknown state",
    expect: everyone(400),
    request: () => json("GET", `/oauth/zalo/callback?code=abc&state=${randomUUID()}`),
  },
  {
    route: "POST /api/admin/oa/connect",
    name: "POST /api/admin/oa/connect",
    expect: e(401, 403, 403, 403, 403, 200),
    request: () => json("POST", "/api/admin/oa/connect"),
  },
  {
    route: "POST /api/admin/queues/ticket",
    name: "POST /api/admin/queues/ticket",
    expect: e(401, 403, 403, 403, 403, 200),
    request: () => json("POST", "/api/admin/queues/ticket"),
  },
  {
    route: "POST /api/broadcasts",
    name: "POST /api/broadcasts (scheduled for tomorrow)",
    expect: e(401, 403, 403, 403, 403, 201),
    request: () =>
      json("POST", "/api/broadcasts", {
        title: "Thông báo",
        text: "Ngày hội chuyển đổi số",
        audience: { kind: "residents" },
        sendAt: new Date(Date.now() + 86_400_000).toISOString(),
      }),
  },
  {
    route: "POST /api/broadcasts/preview",
    name: "POST /api/broadcasts/preview",
    expect: e(401, 403, 403, 403, 403, 200),
    request: () => json("POST", "/api/broadcasts/preview", { audience: { kind: "residents" } }),
  },
  {
    route: "GET /api/broadcasts",
    name: "GET /api/broadcasts",
    expect: e(401, 403, 403, 403, 403, 200),
    request: () => json("GET", "/api/broadcasts"),
  },
  {
    route: "GET /api/broadcasts/:id",
    name: "GET /api/broadcasts/:id",
    expect: e(401, 403, 403, 403, 403, 200),
    request: async (kit) => json("GET", `/api/broadcasts/${(await broadcastRow(kit, "DONE")).id}`),
  },
  {
    route: "POST /api/broadcasts/:id/cancel",
    name: "POST /api/broadcasts/:id/cancel (scheduled)",
    expect: e(401, 403, 403, 403, 403, 200),
    request: async (kit) => json("POST", `/api/broadcasts/${(await broadcastRow(kit, "SCHEDULED")).id}/cancel`),
  },
];

let quizCounter = 0;
function quizPayload() {
  return {
    title: "Thi tìm hiểu chuyển đổi số",
    keyword: `THI CDS ${++quizCounter} ${randomUUID().slice(0, 6)}`,
    opensAt: new Date(Date.now() - 3_600_000).toISOString(),
    closesAt: new Date(Date.now() + 86_400_000).toISOString(),
    unitCodes: ["HOANG_DAO"],
    questions: [{ text: "VNeID mức 2 đăng ký ở đâu?", choices: ["Công an xã", "Bưu điện"], correctIndex: 0 }],
  };
}

async function quizIn(kit: ApiKit) {
  const { questions, unitCodes: _units, ...meta } = quizPayload();
  return kit.prisma.quiz.create({
    data: {
      ...meta,
      keywordKey: meta.keyword.toLowerCase(),
      questions: { create: questions.map((q, position) => ({ ...q, position })) },
    },
  });
}

/**
 * Quizzes (admins write; leads and admins read) and printable QR codes (leads and admins; the organisation's quizzes
 * and content for every lead, a registration day only for those who see it).
 */
const QUIZ_ROWS: Row[] = [
  {
    route: "GET /api/quizzes",
    name: "GET /api/quizzes",
    expect: e(401, 403, 403, 200, 200, 200),
    request: () => json("GET", "/api/quizzes"),
  },
  {
    route: "POST /api/quizzes",
    name: "POST /api/quizzes",
    expect: e(401, 403, 403, 403, 403, 201),
    request: () => json("POST", "/api/quizzes", quizPayload()),
  },
  {
    route: "POST /api/quizzes/import",
    name: "POST /api/quizzes/import",
    expect: e(401, 403, 403, 403, 403, 201),
    request: () => {
      const { questions: _q, ...meta } = quizPayload();
      return json("POST", "/api/quizzes/import", { ...meta, csv: "cau_hoi,a,b,dap_an\nCâu một?,Có,Không,A\n" });
    },
  },
  {
    route: "GET /api/quizzes/:id",
    name: "GET /api/quizzes/:id",
    expect: e(401, 403, 403, 200, 200, 200),
    request: async (kit) => json("GET", `/api/quizzes/${(await quizIn(kit)).id}`),
  },
  {
    route: "PUT /api/quizzes/:id",
    name: "PUT /api/quizzes/:id",
    expect: e(401, 403, 403, 403, 403, 200),
    request: async (kit) => json("PUT", `/api/quizzes/${(await quizIn(kit)).id}`, quizPayload()),
  },
  {
    route: "GET /api/quizzes/:id/leaderboard",
    name: "GET /api/quizzes/:id/leaderboard",
    expect: e(401, 403, 403, 200, 200, 200),
    request: async (kit) => json("GET", `/api/quizzes/${(await quizIn(kit)).id}/leaderboard`),
  },
  {
    route: "POST /api/quizzes/:id/exports",
    name: "POST /api/quizzes/:id/exports",
    expect: e(401, 403, 403, 202, 202, 202),
    request: async (kit) => json("POST", `/api/quizzes/${(await quizIn(kit)).id}/exports`, { format: "csv" }),
  },
  {
    route: "GET /api/qr/:kind/:id",
    name: "GET /api/qr/:kind/:id (a quiz)",
    expect: e(401, 403, 403, 200, 200, 200),
    request: async (kit) => json("GET", `/api/qr/quiz/${(await quizIn(kit)).id}`),
  },
  {
    // A registration day's poster only for those who see the day: HOANG_CAT's lead is told there is none.
    route: "GET /api/qr/:kind/:id",
    name: "GET /api/qr/:kind/:id (HOANG_DAO's registration day)",
    expect: e(401, 403, 403, 200, 404, 200),
    request: async (kit) => json("GET", `/api/qr/event/${(await eventInDao(kit)).event.id}`),
  },
  {
    route: "GET /api/qr/:kind/:id/:format",
    name: "GET /api/qr/:kind/:id/:format (a content item's SVG)",
    expect: e(401, 403, 403, 200, 200, 200),
    request: async (kit) => json("GET", `/api/qr/content/${(await contentItem(kit)).id}/svg`),
  },
  {
    route: "POST /api/qr/:kind/:id/:format/link",
    name: "POST /api/qr/:kind/:id/:format/link (a quiz's PNG)",
    expect: e(401, 403, 403, 200, 200, 200),
    request: async (kit) => json("POST", `/api/qr/quiz/${(await quizIn(kit)).id}/png/link`),
  },
  {
    route: "GET /api/qr/:kind/:id/:format",
    name: "GET /api/qr/:kind/:id/:format (HOANG_DAO's registration day, PNG)",
    expect: e(401, 403, 403, 200, 404, 200),
    request: async (kit) => json("GET", `/api/qr/event/${(await eventInDao(kit)).event.id}/png`),
  },
  {
    route: "POST /api/qr/:kind/:id/:format/link",
    name: "POST /api/qr/:kind/:id/:format/link (HOANG_DAO's registration day)",
    expect: e(401, 403, 403, 200, 404, 200),
    request: async (kit) => json("POST", `/api/qr/event/${(await eventInDao(kit)).event.id}/svg/link`),
  },
  {
    route: "GET /api/qr/:kind/:id/:format/file",
    name: "GET /api/qr/:kind/:id/:format/file (forged link)",
    expect: everyone(403),
    request: async (kit) =>
      json(
        "GET",
        `/api/qr/quiz/${(await quizIn(kit)).id}/png/file?exp=${Date.now() + 60_000}&m=x&sig=${"A".repeat(43)}`,
      ),
  },
];

/** The API documentation is public (it documents the API, it opens none of it). */
const DOCS_PAGES: Record<string, { url: string; status: number }> = {
  "GET /docs": { url: "/docs", status: 200 },
  "GET /docs/": { url: "/docs/", status: 200 },
  "GET /docs/json": { url: "/docs/json", status: 200 },
  "GET /docs/yaml": { url: "/docs/yaml", status: 200 },
  "GET /docs/static/index.html": { url: "/docs/static/index.html", status: 302 }, // to /docs/
  "GET /docs/static/swagger-initializer.js": { url: "/docs/static/swagger-initializer.js", status: 200 },
  "GET /docs/*": { url: "/docs/static/swagger-ui.css", status: 200 },
};

/**
 * The queue dashboard (bull-board) opens only with its HttpOnly cookie, got through a one-time ticket
 * (tests/admin-queues.test.ts): no bearer token, even the admin's, opens any of its routes.
 */
function dashboardRow(route: RouteKey): Row {
  const [method, path] = route.split(" ") as [InjectOptions["method"], string];
  const url = path
    .replace(":queueName", "inbound")
    .replace(":queueStatus", "failed")
    .replace(":schedulerId", "recover-inbox")
    .replace(":jobId", "1")
    .replace("*", "static/favicon.ico");
  return { route, name: `${route} (queue dashboard)`, expect: everyone(401), request: () => json(method, url) };
}

describe("API access by caller", () => {
  let kit: ApiKit;
  let routes: RouteKey[];
  let rows: Row[];
  beforeAll(async () => {
    kit = await createApiTestKit();
    routes = listRoutes(kit.t.app);
    const docs = Object.entries(DOCS_PAGES).map(
      ([route, page]): Row => ({
        route: route as RouteKey,
        name: route,
        expect: everyone(page.status),
        request: () => json("GET", page.url),
      }),
    );
    const dashboard = routes.filter((r) => r.split(" ")[1]?.startsWith("/admin/queues")).map(dashboardRow);
    rows = [...ROWS, ...MORE_ROWS, ...QUIZ_ROWS, ...docs, ...dashboard];
  });
  afterAll(async () => {
    await kit.close();
  });

  it("has a row for every route the app serves", () => {
    const covered = new Set(rows.map((r) => r.route));
    expect(routes.filter((r) => !covered.has(r))).toEqual([]);
    // And no row for a route that no longer exists.
    expect([...covered].filter((r) => !routes.includes(r))).toEqual([]);
  });

  it("answers each caller of each route as the table says", async () => {
    const wrong: string[] = [];
    for (const row of rows) {
      for (const caller of CALLERS) {
        const res = await kit.as(caller, await row.request(kit));
        const want = expectedFor(row, caller);
        if (res.statusCode !== want) {
          wrong.push(`${row.name} as ${caller}: ${res.statusCode}, expected ${want}: ${res.body.slice(0, 120)}`);
        }
        const isApi = row.route.includes(" /api/");
        if (isApi && res.statusCode >= 400) {
          // Every refusal of the API speaks its error shape.
          expect(res.json(), `${row.name} as ${caller}`).toMatchObject({
            code: expect.any(String),
            message: expect.any(String),
          });
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it("writes an audit row for each admin or lead action in the table", async () => {
    const actions = await kit.prisma.auditLog.groupBy({ by: ["action"], _count: { _all: true } });
    const count = (action: string) => actions.find((a) => a.action === action)?._count._all ?? 0;
    expect(count("member.approve")).toBe(2);
    expect(count("member.remove")).toBe(2);
    expect(count("unit.import")).toBe(1);
    // The target row and the re-parent/retire row.
    expect(count("unit.update")).toBe(2);
    expect(count("unit.merge")).toBe(1);
    expect(count("content.create")).toBe(1);
    expect(count("content.update")).toBe(1);
    expect(count("content.delete")).toBe(1);
    expect(count("image.upload")).toBe(1);
    expect(count("alert.resolve")).toBe(2);
    expect(count("export.assistance-logs")).toBe(4);
  });
});
