/**
 * Zalo's error codes and texts, exactly as the note (§2.6, §5) records them. Zalo answers errors with HTTP 200
 * and a non-zero `error`, so the product must read the body; the emulator does the same everywhere.
 */
export const ZALO_ERRORS = {
  rateLimited: { error: -32, message: "Your application/OA reached limit call api" },
  notFollower: { error: -213, message: "User has not followed OA" },
  invalidAccessToken: { error: -216, message: "Access token is invalid" },
  expiredAccessToken: { error: -220, message: "access_token is expired or removed" },
  windowClosed: { error: -230, message: "User has not interacted with the OA in the past 7 days" },
  invalidAppSecretProof: { error: -242, message: "Invalid appsecret_proof provided" },
  invalidSession: { error: 452, message: "Invalid session" },
  noZaloCloudAccount: { error: -320, message: "Your app needs to connect with Zalo Cloud Account to use this feature" },
  zaloCloudAccountEmpty: { error: -321, message: "The Zalo Cloud Account linked to your app is out of money" },
} as const satisfies Record<string, ZaloErrorBody>;

/**
 * OAuth v4 failures. The note says no code is documented for a bad/used refresh token (§3, §6.8) — only that
 * `error` is non-zero and `access_token` is missing — so these codes are plausible stand-ins, not Zalo facts.
 * Only -14003 (redirect_uri mismatch) comes from the note.
 */
export const ZALO_OAUTH_ERRORS = {
  invalidAppId: { error: -14001, message: "Invalid app_id" },
  invalidRedirectUri: { error: -14003, message: "Invalid redirect_uri" },
  invalidSecretKey: { error: -14012, message: "Invalid secret_key" },
  invalidCode: { error: -14019, message: "Invalid authorization code" },
  invalidCodeVerifier: { error: -14020, message: "Invalid code_verifier" },
  invalidRefreshToken: { error: -14014, message: "Invalid refresh token" },
  invalidGrantType: { error: -14016, message: "Invalid grant_type" },
} as const satisfies Record<string, ZaloErrorBody>;

export interface ZaloErrorBody {
  readonly error: number;
  readonly message: string;
}

/** Zalo's generic payload error: `-201` with "`<field>` is invalid!" (note §2.6). */
export function invalidField(field: string): ZaloErrorBody {
  return { error: -201, message: `${field} is invalid!` };
}
