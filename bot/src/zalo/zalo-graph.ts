import { createHmac } from "node:crypto";
import { type FetchFn, fetchZaloJson, zaloErrorCode, zaloErrorMessage } from "./zalo-http.ts";

/**
 * Zalo Graph for mini-app users (note §5): who holds this user access token, and which phone number a
 * single-use phone token stands for. Zalo answers failures with HTTP 200 and a non-zero `error`; those become
 * ZaloGraphRefusedError (the token is bad: the caller answers 401/400), while network trouble and 5xx stay
 * ZaloTransientError from the HTTP layer (the caller answers 503).
 */

export interface ZaloGraphOptions {
  /** `https://graph.zalo.me`, or the emulator's `/graph`. */
  graphUrl: string;
  appSecret: string;
  fetchFn?: FetchFn;
}

export interface ZaloGraphUser {
  /** App-scoped user id: the member's account key. */
  id: string;
  /** null unless the user granted scope.userInfo, which the mini-app never asks for (note §5). */
  name: string | null;
  pictureUrl: string | null;
}

/**
 * What `/me` is asked for. Since zmp-sdk 2.35 `getAccessToken()` is granted without a prompt and yields only the
 * user id; name and picture need `authorize({scopes:["scope.userInfo"]})`, which the mini-app does not ask for
 * (members type their name at registration). Asking only for the id asks only for what the app has.
 */
export const ZALO_ME_FIELDS = "id";

export class ZaloGraphRefusedError extends Error {
  constructor(
    readonly zaloCode: number,
    message: string,
  ) {
    super(`Zalo Graph refused (${zaloCode}): ${message}`);
    this.name = "ZaloGraphRefusedError";
  }
}

/** hex HMAC-SHA256(key = App Secret, message = access token): required on `/me` since 2024. */
export function computeAppSecretProof(accessToken: string, appSecret: string): string {
  return createHmac("sha256", appSecret).update(accessToken, "utf8").digest("hex");
}

export async function verifyZaloUser(options: ZaloGraphOptions, accessToken: string): Promise<ZaloGraphUser> {
  const body = await fetchZaloJson(options.fetchFn ?? fetch, `${options.graphUrl}/v2.0/me?fields=${ZALO_ME_FIELDS}`, {
    method: "GET",
    headers: {
      access_token: accessToken,
      appsecret_proof: computeAppSecretProof(accessToken, options.appSecret),
    },
  });
  const code = zaloErrorCode(body);
  if (code !== 0) throw new ZaloGraphRefusedError(code, zaloErrorMessage(body));
  const id = typeof body.id === "string" || typeof body.id === "number" ? String(body.id) : "";
  if (!/^\d{1,32}$/.test(id)) throw new ZaloGraphRefusedError(0, "no user id in the answer");
  const picture = body.picture as { data?: { url?: unknown } } | undefined;
  return {
    id,
    name: typeof body.name === "string" && body.name.trim() ? body.name.trim() : null,
    pictureUrl: typeof picture?.data?.url === "string" ? picture.data.url : null,
  };
}

/**
 * Decodes a `getPhoneNumber()` token into "84…". Note the asymmetry with `/me`: this endpoint takes the raw
 * App Secret as `secret_key`, not a proof. The token is single-use and lives about two minutes.
 */
export async function decodePhoneToken(
  options: ZaloGraphOptions,
  accessToken: string,
  phoneToken: string,
): Promise<string> {
  const body = await fetchZaloJson(options.fetchFn ?? fetch, `${options.graphUrl}/v2.0/me/info`, {
    method: "GET",
    headers: { access_token: accessToken, code: phoneToken, secret_key: options.appSecret },
  });
  const code = zaloErrorCode(body);
  if (code !== 0) throw new ZaloGraphRefusedError(code, zaloErrorMessage(body));
  const data = body.data as { number?: unknown } | undefined;
  const number = typeof data?.number === "string" || typeof data?.number === "number" ? String(data.number) : "";
  if (!/^\d{9,15}$/.test(number)) throw new ZaloGraphRefusedError(0, "no phone number in the answer");
  return number;
}
