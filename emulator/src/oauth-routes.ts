import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { renderConsentPage } from "./consent-page.ts";
import type { EmulatorContext } from "./emulator-context.ts";
import { OA_ACCESS_TOKEN_TTL_MS } from "./emulator-state.ts";
import { ZALO_OAUTH_ERRORS, type ZaloErrorBody } from "./zalo-error-codes.ts";

interface PermissionQuery {
  app_id?: string;
  redirect_uri?: string;
  code_challenge?: string;
  state?: string;
}

/** PKCE S256 (note §3): challenge = base64url(SHA-256(verifier)) without padding. */
export function pkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier, "utf8").digest("base64url");
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function isHttpUrl(value: string | undefined): value is string {
  if (!value) return false;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** OAuth failures carry Zalo's `error_name`/`error_description` alongside `error` and `message`. */
function oauthError(body: ZaloErrorBody) {
  return { error: body.error, message: body.message, error_name: body.message, error_description: body.message };
}

/** Zalo OAuth v4 for the OA under `/oauth` (stands for https://oauth.zaloapp.com). */
export function registerOAuthRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { state, options } = ctx;

  function permissionProblem(query: PermissionQuery): string | null {
    if (query.app_id !== options.appId) return "app_id không đúng với ứng dụng đã đăng ký.";
    if (!isHttpUrl(query.redirect_uri)) return "redirect_uri phải là một địa chỉ http(s).";
    // Zalo compares the redirect with the callback registered in the app's settings (-14003 on a mismatch).
    if (state.rules.checkRegisteredRedirect && query.redirect_uri !== options.registeredRedirectUri) {
      return `redirect_uri không khớp với Callback URL đã đăng ký (${options.registeredRedirectUri}) — lỗi ${ZALO_OAUTH_ERRORS.invalidRedirectUri.error}.`;
    }
    if (!query.code_challenge) return "Thiếu code_challenge (PKCE là bắt buộc).";
    return null;
  }

  app.get("/oauth/v4/oa/permission", async (request, reply) => {
    const query = request.query as PermissionQuery;
    const problem = permissionProblem(query);
    const allow = new URLSearchParams({
      app_id: query.app_id ?? "",
      redirect_uri: query.redirect_uri ?? "",
      code_challenge: query.code_challenge ?? "",
      state: query.state ?? "",
    });
    return reply.type("text/html; charset=utf-8").send(
      renderConsentPage({
        oaName: options.oaName,
        appId: options.appId,
        allowUrl: problem ? null : `/oauth/v4/oa/permission/allow?${allow}`,
        problem,
      }),
    );
  });

  /** "Cho phép": a single-use code (10 min) bound to the challenge, back to the redirect URI. */
  app.get("/oauth/v4/oa/permission/allow", async (request, reply) => {
    const query = request.query as PermissionQuery;
    const problem = permissionProblem(query);
    if (problem || !query.redirect_uri || !query.code_challenge) {
      return reply
        .code(400)
        .type("text/html; charset=utf-8")
        .send(renderConsentPage({ oaName: options.oaName, appId: options.appId, allowUrl: null, problem }));
    }
    const code = state.createAuthCode(query.code_challenge, query.redirect_uri);
    const target = new URL(query.redirect_uri);
    target.searchParams.set("code", code);
    target.searchParams.set("oa_id", options.oaId);
    if (query.state !== undefined) target.searchParams.set("state", query.state);
    return reply.redirect(target.toString(), 302);
  });

  app.post("/oauth/v4/oa/access_token", async (request) => {
    const body = (request.body ?? {}) as Record<string, string | undefined>;
    const secretKey = request.headers.secret_key;
    if (state.faults.rejectAppSecret || typeof secretKey !== "string" || !sameText(secretKey, options.appSecret)) {
      return oauthError(ZALO_OAUTH_ERRORS.invalidSecretKey);
    }
    if (body.app_id !== options.appId) return oauthError(ZALO_OAUTH_ERRORS.invalidAppId);

    if (body.grant_type === "authorization_code") {
      const grant = body.code ? state.consumeAuthCode(body.code) : null;
      if (!grant) return oauthError(ZALO_OAUTH_ERRORS.invalidCode);
      if (!body.code_verifier || !sameText(pkceChallenge(body.code_verifier), grant.codeChallenge)) {
        return oauthError(ZALO_OAUTH_ERRORS.invalidCodeVerifier);
      }
    } else if (body.grant_type === "refresh_token") {
      if (!body.refresh_token || !state.consumeRefreshToken(body.refresh_token)) {
        return oauthError(ZALO_OAUTH_ERRORS.invalidRefreshToken);
      }
    } else {
      return oauthError(ZALO_OAUTH_ERRORS.invalidGrantType);
    }
    const pair = state.issueOaTokenPair();
    // Zalo sends `expires_in` as a string of seconds: "90000" (note §3).
    return {
      access_token: pair.accessToken,
      refresh_token: pair.refreshToken,
      expires_in: String(OA_ACCESS_TOKEN_TTL_MS / 1000),
    };
  });
}
