import { apiErrorSchema } from "@xks/shared/api/common";
import type { FastifyRequest } from "fastify";
import { type AuthGuards, verifySessionOf } from "../../auth/request-auth.ts";
import type { SessionTokens } from "../../auth/session-token.ts";
import type { ZaloGraphOptions } from "../../zalo/zalo-graph.ts";

/** What every mini-app API route plugin receives from `apiRoutes`. */
export interface ApiContext {
  tokens: SessionTokens;
  guards: AuthGuards;
  graph: ZaloGraphOptions;
}

export const BEARER = [{ bearer: [] }];

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Invalid input (code INVALID_INPUT or a specific code)",
  401: "No valid session: sign in again",
  403: "Signed in but not allowed (NOT_REGISTERED, MEMBER_PENDING, MEMBER_REMOVED, FORBIDDEN)",
  404: "Not found",
  409: "Conflicts with the current state",
  429: "Too many requests (RATE_LIMITED): try again later",
  503: "Zalo did not answer; try again",
};

/** One response schema per error status a route can answer, for `/docs` and the serializer. */
export function errorResponses<const S extends number>(...statuses: S[]): Record<S, typeof apiErrorSchema> {
  return Object.fromEntries(
    statuses.map((status) => [status, apiErrorSchema.describe(ERROR_DESCRIPTIONS[status] ?? "Error")]),
  ) as Record<S, typeof apiErrorSchema>;
}

export const API_RATE_LIMIT_PER_MINUTE = 300;

/**
 * Rate limit per signed-in person rather than per IP: in Vietnam many phones share a carrier-grade NAT address, so
 * a commune's volunteers logging at the same campaign day would otherwise throttle each other. The key is the
 * Zalo id inside a *verified* session token (one person, one member row), so neither a random bearer value nor
 * a re-spelled header ("bearer", extra spaces) opens a fresh bucket: without a valid token the request counts
 * against its IP, which only a proxy named in TRUST_PROXY can set.
 */
export const apiRateLimit = {
  max: API_RATE_LIMIT_PER_MINUTE,
  timeWindow: "1 minute",
  keyGenerator: async (request: FastifyRequest): Promise<string> => {
    const session = await verifySessionOf(request.server.sessionTokens, request);
    return session ? `z:${session.zaloId}` : `ip:${request.ip}`;
  },
} as const;

/** For routes used before there is a session (sign-in): the client's IP alone. */
export const ipRateLimit = {
  timeWindow: "1 minute",
  keyGenerator: (request: FastifyRequest): string => `ip:${request.ip}`,
} as const;
