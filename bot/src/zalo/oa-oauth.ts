import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Redis } from "ioredis";
import type { Config } from "../config.ts";
import type { OaTokenStore } from "./oa-token-store.ts";
import type { FetchFn } from "./zalo-http.ts";
import { requestOaTokens } from "./zalo-oauth-request.ts";

/** Zalo's authorization codes live 10 minutes (note §3); the verifier waits in Redis no longer than that. */
export const OA_CONNECT_STATE_TTL_SECONDS = 600;

export interface OaConnectDeps {
  config: Pick<Config, "QUEUE_PREFIX" | "ZALO_APP_ID" | "ZALO_APP_SECRET" | "ZALO_OAUTH_URL" | "ZALO_OA_ID">;
  redis: Redis;
  tokens: OaTokenStore;
  /** Whether the member who started the flow is still an active organisation admin when Zalo sends them back. */
  isActiveAdmin: (memberId: string) => Promise<boolean>;
  fetch?: FetchFn;
}

/** Why a callback was refused; the route turns each into a Vietnamese page. */
export class OaConnectError extends Error {
  constructor(
    readonly kind: "state_invalid" | "wrong_oa" | "missing_code" | "other_browser" | "not_admin",
    message: string,
  ) {
    super(message);
    this.name = "OaConnectError";
  }
}

interface PendingConnect {
  verifier: string;
  redirectUri: string;
  /** The admin who started the flow. */
  adminMemberId: string;
  /** Set as a cookie in the admin's browser when it opens the start link; the callback must bring it back. */
  browserNonce: string;
}

/** What the single-use start link leads to: the browser gets the nonce cookie, then goes on to Zalo. */
export interface StartTicket {
  permissionUrl: string;
  browserNonce: string;
}

/**
 * Starts Zalo's OA OAuth v4 with PKCE (note §3): a 43-character verifier and a random state are kept in Redis for
 * 10 minutes with the admin who asked; the admin opens the permission URL, and Zalo sends them back to
 * `redirectUri` with a code.
 *
 * The callback is a browser redirect and carries no bearer token, so the state alone would let anyone holding a
 * callback URL finish (or plant) a connection. The flow is therefore tied to the admin's browser: the API answers a
 * single-use `ticket`; opening it (see `redeemStartTicket`) sets a cookie with a random nonce kept beside the
 * verifier and redirects to Zalo; the callback is honoured only with that cookie, and only while the member who
 * started it is still an active admin.
 */
export async function startOaConnect(
  deps: OaConnectDeps,
  redirectUri: string,
  adminMemberId: string,
): Promise<{ url: string; state: string; ticket: string }> {
  const verifier = randomBytes(32).toString("base64url");
  const state = randomBytes(24).toString("base64url");
  const browserNonce = randomBytes(24).toString("base64url");
  const ticket = randomBytes(24).toString("base64url");
  const pending: PendingConnect = { verifier, redirectUri, adminMemberId, browserNonce };
  await deps.redis.set(stateKey(deps, state), JSON.stringify(pending), "EX", OA_CONNECT_STATE_TTL_SECONDS);
  const query = new URLSearchParams({
    app_id: deps.config.ZALO_APP_ID,
    redirect_uri: redirectUri,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    state,
  });
  const url = `${deps.config.ZALO_OAUTH_URL}/v4/oa/permission?${query}`;
  const start: StartTicket = { permissionUrl: url, browserNonce };
  await deps.redis.set(ticketKey(deps, ticket), JSON.stringify(start), "EX", OA_CONNECT_STATE_TTL_SECONDS);
  return { url, state, ticket };
}

/** The start link's ticket, once: null when unknown, expired or already used. */
export async function redeemStartTicket(deps: Pick<OaConnectDeps, "config" | "redis">, ticket: string) {
  const raw = ticket ? await deps.redis.getdel(ticketKey(deps, ticket)) : null;
  return raw ? (JSON.parse(raw) as StartTicket) : null;
}

/**
 * Finishes the flow from Zalo's callback: the state is single use (GETDEL), so a replayed or forged callback
 * cannot plant another OA's tokens; the code is exchanged with the verifier and the pair stored encrypted.
 * Throws OaConnectError for a bad callback, ZaloOAuthError if Zalo refuses, ZaloTransientError if unreachable.
 */
export async function completeOaConnect(
  deps: OaConnectDeps,
  callback: {
    code?: string | undefined;
    state?: string | undefined;
    oaId?: string | undefined;
    browserNonce?: string | undefined;
  },
): Promise<void> {
  const raw = callback.state ? await deps.redis.getdel(stateKey(deps, callback.state)) : null;
  if (!raw) throw new OaConnectError("state_invalid", "unknown, expired or already used OAuth state");
  const pending = JSON.parse(raw) as PendingConnect;
  if (!sameSecret(callback.browserNonce, pending.browserNonce)) {
    throw new OaConnectError("other_browser", "the callback did not come from the browser that started the flow");
  }
  // Zalo adds the OA that granted the permission (note §3); without it we cannot know the tokens are for ours.
  if (callback.oaId !== deps.config.ZALO_OA_ID) {
    throw new OaConnectError("wrong_oa", "the callback is for another OA than ZALO_OA_ID, or does not say");
  }
  if (!(await deps.isActiveAdmin(pending.adminMemberId))) {
    throw new OaConnectError("not_admin", "the member who started the flow is no longer an active admin");
  }
  if (!callback.code) throw new OaConnectError("missing_code", "the callback has no authorization code");
  const pair = await requestOaTokens(deps.config, deps.fetch ?? fetch, {
    grantType: "authorization_code",
    code: callback.code,
    codeVerifier: pending.verifier,
  });
  await deps.tokens.storeTokensFromOAuth(pair);
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (!given || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

function stateKey(deps: Pick<OaConnectDeps, "config">, state: string): string {
  return `${deps.config.QUEUE_PREFIX}:zalo:oa-connect:${state}`;
}

function ticketKey(deps: Pick<OaConnectDeps, "config">, ticket: string): string {
  return `${deps.config.QUEUE_PREFIX}:zalo:oa-connect-ticket:${ticket}`;
}
