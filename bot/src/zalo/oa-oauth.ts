import { createHash, randomBytes } from "node:crypto";
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
  fetch?: FetchFn;
}

/** Why a callback was refused; the route turns each into a Vietnamese page. */
export class OaConnectError extends Error {
  constructor(
    readonly kind: "state_invalid" | "wrong_oa" | "missing_code",
    message: string,
  ) {
    super(message);
    this.name = "OaConnectError";
  }
}

interface PendingConnect {
  verifier: string;
  redirectUri: string;
}

/**
 * Starts Zalo's OA OAuth v4 with PKCE (note §3): a 43-character verifier and a random state are kept in Redis for
 * 10 minutes; the admin opens the permission URL, and Zalo sends them back to `redirectUri` with a code.
 */
export async function startOaConnect(
  deps: OaConnectDeps,
  redirectUri: string,
): Promise<{ url: string; state: string }> {
  const verifier = randomBytes(32).toString("base64url");
  const state = randomBytes(24).toString("base64url");
  const pending: PendingConnect = { verifier, redirectUri };
  await deps.redis.set(stateKey(deps, state), JSON.stringify(pending), "EX", OA_CONNECT_STATE_TTL_SECONDS);
  const query = new URLSearchParams({
    app_id: deps.config.ZALO_APP_ID,
    redirect_uri: redirectUri,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    state,
  });
  return { url: `${deps.config.ZALO_OAUTH_URL}/v4/oa/permission?${query}`, state };
}

/**
 * Finishes the flow from Zalo's callback: the state is single use (GETDEL), so a replayed or forged callback
 * cannot plant another OA's tokens; the code is exchanged with the verifier and the pair stored encrypted.
 * Throws OaConnectError for a bad callback, ZaloOAuthError if Zalo refuses, ZaloTransientError if unreachable.
 */
export async function completeOaConnect(
  deps: OaConnectDeps,
  callback: { code?: string | undefined; state?: string | undefined; oaId?: string | undefined },
): Promise<void> {
  const raw = callback.state ? await deps.redis.getdel(stateKey(deps, callback.state)) : null;
  if (!raw) throw new OaConnectError("state_invalid", "unknown, expired or already used OAuth state");
  const pending = JSON.parse(raw) as PendingConnect;
  if (callback.oaId && callback.oaId !== deps.config.ZALO_OA_ID) {
    throw new OaConnectError("wrong_oa", "the callback is for another OA than ZALO_OA_ID");
  }
  if (!callback.code) throw new OaConnectError("missing_code", "the callback has no authorization code");
  const pair = await requestOaTokens(deps.config, deps.fetch ?? fetch, {
    grantType: "authorization_code",
    code: callback.code,
    codeVerifier: pending.verifier,
  });
  await deps.tokens.storeTokensFromOAuth(pair);
}

function stateKey(deps: OaConnectDeps, state: string): string {
  return `${deps.config.QUEUE_PREFIX}:zalo:oa-connect:${state}`;
}
