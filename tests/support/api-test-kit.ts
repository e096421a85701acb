import { randomUUID } from "node:crypto";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { SESSION_TTL_MS, SessionTokens } from "../../bot/src/auth/session-token.ts";
import type { PrismaClient } from "../../bot/src/db.ts";
import { buildEmulator, type Emulator } from "../../emulator/src/build-emulator.ts";
import { createTestApp, TEST_ZALO, type TestApp } from "./test-app.ts";

/**
 * The mini-app API under test: the real app on its own database, talking over HTTP to an in-process Zalo
 * emulator for Graph `/me` and `/me/info` (never a mock), and a small organisation:
 *
 *     HOANG_HOA (organisation root)
 *     ├── HOANG_DAO (commune) ── THCS_HOANG_DAO (school, a sub-unit)
 *     └── HOANG_CAT (commune)
 *
 * People (the emulator's demo mini-app users): admin …001 (ADMIN_ZALO_IDS, unit HOANG_HOA), lead …002 of
 * HOANG_DAO, member …003 of HOANG_DAO, …004 made lead of HOANG_CAT here ("a lead of another unit"), and the
 * newcomer …005 who registers and stays pending.
 */
export const DEMO = {
  admin: "8000000000000000001",
  lead: "8000000000000000002",
  member: "8000000000000000003",
  otherLead: "8000000000000000004",
  newcomer: "8000000000000000005",
} as const;

export type Role = "anonymous" | "pending" | "member" | "leadHere" | "leadOther" | "admin";
export const ROLES: readonly Role[] = ["anonymous", "pending", "member", "leadHere", "leadOther", "admin"];
/**
 * Callers whose bearer token must count for nothing: the admin's claims signed with another secret, and the admin's
 * own token 13 hours old (sessions live 12). Both are the admin's, the caller a forger most wants to be.
 */
export type ForgedCaller = "badlySigned" | "expired";
export type Caller = Role | ForgedCaller;
export const CALLERS: readonly Caller[] = ["anonymous", "badlySigned", "expired", ...ROLES.slice(1)];

export interface ApiKit {
  t: TestApp;
  prisma: PrismaClient;
  emulator: Emulator;
  /** Session tokens by role (anonymous: none). */
  tokens: Record<Exclude<Caller, "anonymous">, string>;
  memberIds: Record<Exclude<Role, "anonymous">, string>;
  units: { root: string; dao: string; daoSchool: string; cat: string };
  /** A Zalo user access token from the emulator, as getAccessToken() would give. */
  zaloAccessToken(zaloId: string): Promise<string>;
  signIn(zaloId: string): Promise<LightMyRequestResponse>;
  /** `app.inject` with the caller's bearer token. */
  as(role: Caller, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** `env`: server settings on top of the test defaults. Every Zalo host points at the kit's emulator. */
export async function createApiTestKit(env: Record<string, string> = {}): Promise<ApiKit> {
  const emulator = await buildEmulator({ appSecret: TEST_ZALO.appSecret, webhookUrl: null });
  const address = await emulator.app.listen({ port: 0, host: "127.0.0.1" });
  const t = await createTestApp({
    ZALO_GRAPH_URL: `${address}/graph`,
    ZALO_OPENAPI_URL: `${address}/openapi`,
    ZALO_OAUTH_URL: `${address}/oauth`,
    ...env,
  });
  const prisma = t.app.prisma;

  const root = await prisma.unit.create({
    data: { code: "HOANG_HOA", name: "Huyện đoàn Hoằng Hóa", kind: "ORGANISATION" },
  });
  const dao = await prisma.unit.create({
    data: { code: "HOANG_DAO", name: "Xã Hoằng Đạo", kind: "COMMUNE", parentId: root.id, targetPeoplePerWeek: 40 },
  });
  const daoSchool = await prisma.unit.create({
    data: { code: "THCS_HOANG_DAO", name: "Chi đoàn THCS Hoằng Đạo", kind: "SCHOOL", parentId: dao.id },
  });
  const cat = await prisma.unit.create({
    data: { code: "HOANG_CAT", name: "Xã Hoằng Cát", kind: "COMMUNE", parentId: root.id, targetPeoplePerWeek: 30 },
  });
  const active = { status: "ACTIVE" as const, approvedAt: new Date() };
  const lead = await prisma.member.create({
    data: { zaloId: DEMO.lead, name: "Trần Văn Bí Thư", role: "UNIT_LEAD", unitId: dao.id, ...active },
  });
  const member = await prisma.member.create({
    data: { zaloId: DEMO.member, name: "Nguyễn Thị Hoa", role: "MEMBER", unitId: dao.id, ...active },
  });
  const otherLead = await prisma.member.create({
    data: { zaloId: DEMO.otherLead, name: "Phạm Văn Minh", role: "UNIT_LEAD", unitId: cat.id, ...active },
  });

  const zaloAccessToken = async (zaloId: string): Promise<string> => {
    const res = await emulator.app.inject({ method: "POST", url: "/_emulator/signin", payload: { userId: zaloId } });
    return (res.json() as { accessToken: string }).accessToken;
  };
  const signIn = async (zaloId: string) =>
    t.app.inject({ method: "POST", url: "/api/auth/zalo", payload: { accessToken: await zaloAccessToken(zaloId) } });
  const tokenOf = async (zaloId: string): Promise<string> => {
    const res = await signIn(zaloId);
    if (res.statusCode !== 200) throw new Error(`sign-in of ${zaloId} failed: ${res.statusCode} ${res.body}`);
    return (res.json() as { token: string }).token;
  };

  const adminToken = await tokenOf(DEMO.admin);
  // The admin picks their unit like anyone else (an admin stays an active ORG_ADMIN).
  await t.app.inject({
    method: "POST",
    url: "/api/members/register",
    headers: { authorization: `Bearer ${adminToken}` },
    payload: { name: "Lê Thị Quản Trị", unitCode: "HOANG_HOA" },
  });
  const pendingToken = await tokenOf(DEMO.newcomer);
  const registered = await t.app.inject({
    method: "POST",
    url: "/api/members/register",
    headers: { authorization: `Bearer ${pendingToken}` },
    payload: { name: "Hoàng Gia Bảo", unitCode: "HOANG_DAO" },
  });
  if (registered.statusCode !== 201) throw new Error(`registration failed: ${registered.body}`);

  const adminClaims = { zaloId: DEMO.admin, name: "Lê Thị Quản Trị", zaloAccessToken: null };
  const tokens = {
    badlySigned: (await new SessionTokens("not-the-server-secret-0123456789abcdef").sign(adminClaims)).token,
    expired: (
      await new SessionTokens(t.config.SESSION_SECRET).sign(
        adminClaims,
        new Date(Date.now() - SESSION_TTL_MS - 3_600_000),
      )
    ).token,
    pending: pendingToken,
    member: await tokenOf(DEMO.member),
    leadHere: await tokenOf(DEMO.lead),
    leadOther: await tokenOf(DEMO.otherLead),
    admin: adminToken,
  };
  const adminRow = await prisma.member.findUniqueOrThrow({ where: { zaloId: DEMO.admin } });
  const pendingRow = await prisma.member.findUniqueOrThrow({ where: { zaloId: DEMO.newcomer } });

  return {
    t,
    prisma,
    emulator,
    tokens,
    memberIds: {
      pending: pendingRow.id,
      member: member.id,
      leadHere: lead.id,
      leadOther: otherLead.id,
      admin: adminRow.id,
    },
    units: { root: root.id, dao: dao.id, daoSchool: daoSchool.id, cat: cat.id },
    zaloAccessToken,
    signIn,
    as: (role, options) =>
      t.app.inject({
        ...options,
        headers: {
          ...(options.headers ?? {}),
          ...(role === "anonymous" ? {} : { authorization: `Bearer ${tokens[role]}` }),
        },
      }),
    close: async () => {
      await t.close();
      await emulator.app.close();
    },
  };
}

/** A valid new assistance entry; override what the test is about. */
export function newAssistanceLog(overrides: Record<string, unknown> = {}) {
  return {
    clientId: randomUUID(),
    happenedAt: new Date(Date.now() - 60 * 60_000).toISOString(),
    services: ["VNEID", "CASHLESS"],
    people: 2,
    minutes: 30,
    hamlet: "Thôn 3",
    outcome: "DONE",
    ...overrides,
  };
}

/** The smallest valid PNG (1×1, transparent). */
export const TINY_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

/** A multipart/form-data body with one file field, as a browser's FormData sends it. */
export function multipartFile(field: string, filename: string, mime: string, bytes: Buffer) {
  const boundary = `----xks${randomUUID().replace(/-/g, "")}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${mime}\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}
