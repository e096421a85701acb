import type { Redis } from "ioredis";
import { type Config, oaRedirectUri, webhookUrl } from "../config.ts";
import type { PrismaClient } from "../db.ts";
import type { SignatureFailureCause } from "./diagnose-signature-failure.ts";
import { REFRESH_BEFORE_EXPIRY_MS } from "./oa-token-store.ts";
import { createTokenCipher } from "./token-cipher.ts";
import { readSignatureWarning, SIGNATURE_WARNING_TTL_MS } from "./webhook-signature-monitor.ts";
import { ZaloError } from "./zalo-errors.ts";
import { type FetchFn, fetchZaloJson, zaloErrorCode, zaloErrorMessage } from "./zalo-http.ts";

/**
 * `npm run zalo:check`: is this deployment ready for its Zalo OA? Each check says, in one English sentence for the
 * operator, what is right or what to fix. Nothing is changed: the refresh token is single use, so it is looked at,
 * never spent; the app secret is tried with a refresh token Zalo cannot know.
 */

export type CheckStatus = "ok" | "warn" | "fail";

export interface SetupCheck {
  name: string;
  status: CheckStatus;
  /** One sentence: what was found, or what to fix. */
  message: string;
}

export interface CheckDeps {
  config: Config;
  /** null when the database cannot be reached: the tokens in the environment are checked instead. */
  prisma: Pick<PrismaClient, "oaToken"> | null;
  /**
   * Where the server counts webhook events that failed their signature (what `/ready` warns about); null when
   * Redis cannot be reached, absent to skip that check.
   */
  redis?: Pick<Redis, "get"> | null;
  fetch?: FetchFn;
  now?: Date;
}

/** A refresh token closer than this to its end should be renewed by reconnecting soon. */
const REFRESH_TOKEN_WARN_MS = 7 * 24 * 60 * 60_000;
const CHECK_TIMEOUT_MS = 5_000;
const PROBE_REFRESH_TOKEN = "zalo-check-probe-not-a-real-token";

interface StoredTokens {
  accessToken: string;
  refreshToken: string | null;
  accessExpiresAt: Date | null;
  refreshExpiresAt: Date | null;
  source: "database" | "environment";
}

export async function checkZaloSetup(deps: CheckDeps): Promise<SetupCheck[]> {
  const { config } = deps;
  const fetchFn = deps.fetch ?? fetch;
  const now = deps.now ?? new Date();
  const checks: SetupCheck[] = [];
  const tokens = await readTokens(deps, checks);

  checks.push(await checkOaToken(config, fetchFn, tokens));
  checks.push(checkExpiry(tokens, now));
  checks.push(checkRefreshToken(tokens, now));
  checks.push(await checkAppSecret(config, fetchFn));
  checks.push(await checkWebhook(config, fetchFn));
  if (deps.redis !== undefined) checks.push(await checkWebhookSignatures(config, deps.redis));
  checks.push({
    name: "OAuth callback",
    status: "ok",
    message: `Register ${oaRedirectUri(config)} as the callback URL in the app's Official Account settings.`,
  });
  return checks;
}

async function readTokens(deps: CheckDeps, checks: SetupCheck[]): Promise<StoredTokens | null> {
  const { config } = deps;
  if (deps.prisma) {
    try {
      const row = await deps.prisma.oaToken.findUnique({ where: { id: "oa" } });
      if (row) {
        const cipher = createTokenCipher(config.SESSION_SECRET);
        return {
          accessToken: cipher.decrypt(row.accessTokenEnc, "access"),
          refreshToken: cipher.decrypt(row.refreshTokenEnc, "refresh"),
          accessExpiresAt: row.accessExpiresAt,
          refreshExpiresAt: row.refreshExpiresAt,
          source: "database",
        };
      }
    } catch (error) {
      checks.push({
        name: "Database",
        status: "warn",
        message: `Could not read the stored OA token (${(error as Error).name}); checking ZALO_OA_ACCESS_TOKEN from the environment instead.`,
      });
    }
  }
  if (!config.ZALO_OA_ACCESS_TOKEN) return null;
  return {
    accessToken: config.ZALO_OA_ACCESS_TOKEN,
    refreshToken: config.ZALO_OA_REFRESH_TOKEN ?? null,
    accessExpiresAt: null,
    refreshExpiresAt: null,
    source: "environment",
  };
}

async function checkOaToken(config: Config, fetchFn: FetchFn, tokens: StoredTokens | null): Promise<SetupCheck> {
  const name = "OA access token";
  if (!tokens) {
    return {
      name,
      status: "fail",
      message:
        "No OA token: use “Kết nối OA” in the mini-app's admin screen, or set ZALO_OA_ACCESS_TOKEN and ZALO_OA_REFRESH_TOKEN.",
    };
  }
  let body: Record<string, unknown>;
  try {
    body = await fetchZaloJson(
      fetchFn,
      `${config.ZALO_OPENAPI_URL}/v2.0/oa/getoa`,
      { method: "GET", headers: { access_token: tokens.accessToken } },
      CHECK_TIMEOUT_MS,
    );
  } catch (error) {
    const why = error instanceof ZaloError ? error.message : String(error);
    return {
      name,
      status: "fail",
      message: `Zalo's OA API did not answer (${why}): check ZALO_OPENAPI_URL and the server's outbound network.`,
    };
  }
  const code = zaloErrorCode(body);
  if (code === -216) {
    return {
      name,
      status: "fail",
      message: `Zalo rejects the OA access token (-216, from the ${tokens.source}): reconnect the OA with “Kết nối OA”, or mint a new pair in Zalo's API Explorer.`,
    };
  }
  if (code === -220) {
    return {
      name,
      status: "fail",
      message:
        "The OA access token has expired (-220): start the worker so it refreshes it, or reconnect the OA if the refresh fails.",
    };
  }
  if (code !== 0) {
    return {
      name,
      status: "fail",
      message: `Zalo refused the OA profile call (${code}: ${zaloErrorMessage(body)}): check that the app is activated and linked to the OA.`,
    };
  }
  const data = (body.data ?? {}) as Record<string, unknown>;
  const oaId = String(data.oa_id ?? data.oaid ?? "");
  const oaName = typeof data.name === "string" ? data.name : "?";
  if (oaId && oaId !== config.ZALO_OA_ID) {
    return {
      name,
      status: "fail",
      message: `The token belongs to OA “${oaName}” (${oaId}), not ZALO_OA_ID ${config.ZALO_OA_ID}: fix ZALO_OA_ID or connect the right OA.`,
    };
  }
  return { name, status: "ok", message: `Zalo accepts the token for OA “${oaName}” (${oaId || config.ZALO_OA_ID}).` };
}

function checkExpiry(tokens: StoredTokens | null, now: Date): SetupCheck {
  const name = "Access token expiry";
  if (!tokens) return { name, status: "fail", message: "No OA token to check." };
  if (!tokens.accessExpiresAt) {
    return {
      name,
      status: "warn",
      message:
        "Unknown for a token from the environment: the product stores it on first start and refreshes it about 20 hours in.",
    };
  }
  const leftMs = tokens.accessExpiresAt.getTime() - now.getTime();
  if (leftMs <= 0)
    return { name, status: "fail", message: "Expired: start the worker (it refreshes the token) or reconnect the OA." };
  const hours = Math.floor(leftMs / 3_600_000);
  if (leftMs <= REFRESH_BEFORE_EXPIRY_MS) {
    return {
      name,
      status: "warn",
      message: `Expires in ${hours} h and is due for refresh: make sure the worker runs.`,
    };
  }
  return { name, status: "ok", message: `Valid for another ${hours} h; the worker refreshes it before it ends.` };
}

function checkRefreshToken(tokens: StoredTokens | null, now: Date): SetupCheck {
  const name = "Refresh token";
  if (!tokens?.refreshToken) {
    return {
      name,
      status: "fail",
      message: "No refresh token: the access token will stop after 25 hours; reconnect the OA with “Kết nối OA”.",
    };
  }
  if (!tokens.refreshExpiresAt) {
    return {
      name,
      status: "ok",
      message: "Present (from the environment); it is single use, so it is not tried here.",
    };
  }
  const leftMs = tokens.refreshExpiresAt.getTime() - now.getTime();
  if (leftMs <= 0) return { name, status: "fail", message: "Expired (3 months): reconnect the OA with “Kết nối OA”." };
  const days = Math.floor(leftMs / 86_400_000);
  if (leftMs <= REFRESH_TOKEN_WARN_MS) {
    return {
      name,
      status: "warn",
      message: `Ends in ${days} days unless the worker refreshes before: check the worker's logs.`,
    };
  }
  return { name, status: "ok", message: `Stored, valid for about ${days} more days (single use: not tried here).` };
}

/**
 * Tries the app id and App Secret at the OAuth token endpoint with a refresh token Zalo cannot know: a refusal that
 * names the secret or the app id points at them; a refusal of the token alone means the pair passed.
 */
async function checkAppSecret(config: Config, fetchFn: FetchFn): Promise<SetupCheck> {
  const name = "App id and App Secret";
  let body: Record<string, unknown>;
  try {
    body = await fetchZaloJson(
      fetchFn,
      `${config.ZALO_OAUTH_URL}/v4/oa/access_token`,
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", secret_key: config.ZALO_APP_SECRET },
        body: new URLSearchParams({
          app_id: config.ZALO_APP_ID,
          grant_type: "refresh_token",
          refresh_token: PROBE_REFRESH_TOKEN,
        }).toString(),
      },
      CHECK_TIMEOUT_MS,
    );
  } catch (error) {
    return {
      name,
      status: "fail",
      message: `Zalo's OAuth server did not answer (${(error as Error).message}): check ZALO_OAUTH_URL.`,
    };
  }
  const text = `${zaloErrorMessage(body)} ${String(body.error_name ?? "")} ${String(body.error_description ?? "")}`;
  if (/secret/i.test(text)) {
    return {
      name,
      status: "fail",
      message:
        "Zalo rejects ZALO_APP_SECRET: copy the App Secret from the app's settings page (not the OA Secret Key).",
    };
  }
  if (/app.?id/i.test(text)) {
    return {
      name,
      status: "fail",
      message: "Zalo does not know ZALO_APP_ID: copy the App ID from developers.zalo.me.",
    };
  }
  if (typeof body.access_token === "string") {
    return {
      name,
      status: "warn",
      message: "Zalo answered a made-up refresh token with tokens: ZALO_OAUTH_URL may not point at Zalo.",
    };
  }
  return {
    name,
    status: "ok",
    message: "Zalo accepted the app id and secret (it refused only the made-up refresh token).",
  };
}

/** The webhook as Zalo will call it: from this server, the public URL must answer GET 200 and refuse unsigned POSTs. */
async function checkWebhook(config: Config, fetchFn: FetchFn): Promise<SetupCheck> {
  const name = "Webhook URL";
  const url = webhookUrl(config);
  try {
    const get = await fetchFn(url, { method: "GET", signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    await get.body?.cancel().catch(() => undefined);
    if (get.status !== 200) {
      return {
        name,
        status: "fail",
        message: `${url} answers HTTP ${get.status}: point PUBLIC_URL (and the reverse proxy) at this server.`,
      };
    }
    const post = await fetchFn(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ event_name: "zalo_check", timestamp: String(Date.now()) }),
      signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
    });
    await post.body?.cancel().catch(() => undefined);
    if (post.status !== 401) {
      return {
        name,
        status: "fail",
        message: `${url} answered an unsigned event with HTTP ${post.status}, not 401: it is not this product's webhook.`,
      };
    }
  } catch (error) {
    return {
      name,
      status: "fail",
      message: `${url} is unreachable from this server (${(error as Error).message}): check PUBLIC_URL, DNS and the reverse proxy.`,
    };
  }
  if (!url.startsWith("https://")) {
    return {
      name,
      status: "warn",
      message: `${url} answers, but Zalo only accepts HTTPS on a domain name: set PUBLIC_URL to it before registering the webhook.`,
    };
  }
  return {
    name,
    status: "ok",
    message: `${url} answers and refuses unsigned events: register it on the app's Webhook page.`,
  };
}

/** What the operator reads for each likely cause of Zalo events failing their signature (diagnose-signature-failure). */
const SIGNATURE_FIXES: Record<SignatureFailureCause, string> = {
  "oa-secret-is-app-secret":
    "ZALO_OA_SECRET_KEY holds the App Secret: paste the OA Secret Key from the app's Webhook page instead.",
  "signed-with-app-secret":
    "they verify with ZALO_APP_SECRET: Zalo signs with the App Secret or the two keys are swapped; check ZALO_OA_SECRET_KEY (Webhook page) and ZALO_APP_SECRET.",
  "other-app": "they come from another Zalo app than ZALO_APP_ID: check ZALO_APP_ID and the registered webhook URL.",
  "oa-id-formula":
    "they verify with the OA id in place of the app id: the signature check must be adapted (tell the developers).",
  "unknown-secret":
    "ZALO_OA_SECRET_KEY is wrong or was regenerated: copy the OA Secret Key again from the app's Webhook page.",
};

/**
 * Events the server refused for their signature in the last hour (the warning `/ready` shows): the webhook is
 * reachable, yet Zalo's deliveries are lost, and after its retries Zalo disables the webhook.
 */
async function checkWebhookSignatures(config: Config, redis: Pick<Redis, "get"> | null): Promise<SetupCheck> {
  const name = "Webhook signatures";
  const minutes = SIGNATURE_WARNING_TTL_MS / 60_000;
  let cause: SignatureFailureCause | null;
  try {
    if (!redis) throw new Error("unreachable");
    cause = await readSignatureWarning({ config, redis });
  } catch (error) {
    return {
      name,
      status: "warn",
      message: `Could not read the server's signature failures from Redis (${(error as Error).message}): check REDIS_URL.`,
    };
  }
  if (cause) {
    return {
      name,
      status: "fail",
      message: `The server refused Zalo events for a wrong signature in the last ${minutes} minutes; ${SIGNATURE_FIXES[cause]}`,
    };
  }
  return { name, status: "ok", message: `No event failed its signature in the last ${minutes} minutes.` };
}
