import type { FastifyReply, FastifyRequest } from "fastify";
import type { PrismaClient } from "../db.ts";
import { ForbiddenError, UnauthenticatedError } from "../errors.ts";
import type { MemberRole, Prisma } from "../generated/prisma/client.ts";
import type { SessionClaims, SessionTokens } from "./session-token.ts";

/**
 * Who is calling, for the mini-app API. A route states what it needs with one `onRequest` guard (before the body
 * is read or validated, so an anonymous caller hears 401 whatever it sent):
 * `requireSession` (signed in, registered or not), `requireActiveMember`, or `requireRole(...)`; the handler then
 * reads `request.member`. Unit scope (what a unit lead may see) is decided in the services from that member.
 */

export type MemberWithUnit = Prisma.MemberGetPayload<{ include: { unit: true } }>;

export interface RequestAuth {
  session: SessionClaims;
  /** The member row read on this request (null: signed in with Zalo but not registered). */
  member: MemberWithUnit | null;
}

declare module "fastify" {
  interface FastifyRequest {
    /** undefined: not resolved yet; null: no valid session. */
    auth: RequestAuth | null | undefined;
  }
}

export interface AuthDeps {
  prisma: PrismaClient;
  tokens: SessionTokens;
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

const verifiedSessions = new WeakMap<FastifyRequest, Promise<SessionClaims | null>>();

/**
 * The claims of the request's bearer token when it is valid, verified once per request (the rate limiter keys on
 * them before the route's guard reads the member row).
 */
export function verifySessionOf(tokens: SessionTokens, request: FastifyRequest): Promise<SessionClaims | null> {
  let session = verifiedSessions.get(request);
  if (!session) {
    const token = bearerToken(request);
    session = token ? tokens.verify(token) : Promise.resolve(null);
    verifiedSessions.set(request, session);
  }
  return session;
}

/** Verifies the bearer token and reads the member row, once per request. */
export async function resolveAuth(deps: AuthDeps, request: FastifyRequest): Promise<RequestAuth | null> {
  if (request.auth !== undefined) return request.auth;
  const session = await verifySessionOf(deps.tokens, request);
  const member = session
    ? await deps.prisma.member.findUnique({ where: { zaloId: session.zaloId }, include: { unit: true } })
    : null;
  request.auth = session ? { session, member } : null;
  return request.auth;
}

/** Usable as a route's `onRequest` or `preHandler` hook. */
export type AuthGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export function createAuthGuards(deps: AuthDeps) {
  const requireSession: AuthGuard = async (request) => {
    const auth = await resolveAuth(deps, request);
    if (!auth) throw new UnauthenticatedError("Phiên đăng nhập đã hết hạn, vui lòng mở lại ứng dụng.");
  };

  const requireActiveMember: AuthGuard = async (request, reply) => {
    await requireSession(request, reply);
    const member = request.auth?.member;
    if (!member) throw new ForbiddenError("Bạn chưa đăng ký làm đoàn viên trên ứng dụng.", "NOT_REGISTERED");
    if (member.status === "PENDING") {
      throw new ForbiddenError("Đăng ký của bạn đang chờ bí thư hoặc quản trị viên duyệt.", "MEMBER_PENDING");
    }
    if (member.status === "REMOVED") {
      throw new ForbiddenError("Tài khoản của bạn đã bị gỡ khỏi đơn vị.", "MEMBER_REMOVED");
    }
  };

  const requireRole =
    (...roles: MemberRole[]): AuthGuard =>
    async (request, reply) => {
      await requireActiveMember(request, reply);
      const member = request.auth?.member;
      if (!member || !roles.includes(member.role)) {
        throw new ForbiddenError("Bạn không có quyền thực hiện thao tác này.");
      }
    };

  return { requireSession, requireActiveMember, requireRole };
}

export type AuthGuards = ReturnType<typeof createAuthGuards>;

/** The session of a request that passed `requireSession`. */
export function sessionOf(request: FastifyRequest): SessionClaims {
  if (!request.auth) throw new UnauthenticatedError("Phiên đăng nhập đã hết hạn, vui lòng mở lại ứng dụng.");
  return request.auth.session;
}

/** The member of a request that passed `requireActiveMember` or `requireRole`. */
export function memberOf(request: FastifyRequest): MemberWithUnit {
  const member = request.auth?.member;
  if (!member || member.status !== "ACTIVE") throw new ForbiddenError("Bạn không có quyền thực hiện thao tác này.");
  return member;
}
