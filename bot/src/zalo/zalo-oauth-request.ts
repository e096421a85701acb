import type { Config } from "../config.ts";
import { ZaloOAuthError } from "./zalo-errors.ts";
import { type FetchFn, fetchZaloJson, zaloErrorCode, zaloErrorMessage } from "./zalo-http.ts";

/** A token pair as Zalo issues it. */
export interface OaTokenPair {
  accessToken: string;
  refreshToken: string;
  /** Zalo sends `expires_in` as a string of seconds ("90000" = 25 h, note §3). */
  accessExpiresInSeconds: number;
}

/** Zalo's documented access-token lifetime, used when `expires_in` is missing or unreadable. */
export const OA_ACCESS_TOKEN_TTL_SECONDS = 90_000;

export type OaTokenGrant =
  | { grantType: "refresh_token"; refreshToken: string }
  | { grantType: "authorization_code"; code: string; codeVerifier: string };

/**
 * `POST {ZALO_OAUTH_URL}/v4/oa/access_token` (note §3): form body, App Secret in the `secret_key` header.
 * Any refusal (non-zero `error`, or no `access_token`) is a ZaloOAuthError; network/5xx are ZaloTransientError.
 */
export async function requestOaTokens(
  config: Pick<Config, "ZALO_OAUTH_URL" | "ZALO_APP_ID" | "ZALO_APP_SECRET">,
  fetchFn: FetchFn,
  grant: OaTokenGrant,
): Promise<OaTokenPair> {
  const form = new URLSearchParams({ app_id: config.ZALO_APP_ID, grant_type: grant.grantType });
  if (grant.grantType === "refresh_token") {
    form.set("refresh_token", grant.refreshToken);
  } else {
    form.set("code", grant.code);
    form.set("code_verifier", grant.codeVerifier);
  }
  const body = await fetchZaloJson(fetchFn, `${config.ZALO_OAUTH_URL}/v4/oa/access_token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", secret_key: config.ZALO_APP_SECRET },
    body: form.toString(),
  });
  const code = zaloErrorCode(body);
  const { access_token: accessToken, refresh_token: refreshToken } = body;
  if (
    code !== 0 ||
    typeof accessToken !== "string" ||
    typeof refreshToken !== "string" ||
    !accessToken ||
    !refreshToken
  ) {
    throw new ZaloOAuthError(
      code === 0 ? null : code,
      code === 0 ? "no token pair in the answer" : zaloErrorMessage(body),
    );
  }
  const expiresIn = Number(body.expires_in);
  return {
    accessToken,
    refreshToken,
    accessExpiresInSeconds: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : OA_ACCESS_TOKEN_TTL_SECONDS,
  };
}
