import { createHmac, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { EmulatorContext } from "./emulator-context.ts";
import { invalidField, ZALO_ERRORS } from "./zalo-error-codes.ts";

/** `appsecret_proof` = hex HMAC-SHA256(key = App Secret, message = access token) (note §5). */
export function appSecretProof(accessToken: string, appSecret: string): string {
  return createHmac("sha256", appSecret).update(accessToken, "utf8").digest("hex");
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Zalo Graph API for mini-app users under `/graph` (stands for https://graph.zalo.me). Always HTTP 200. */
export function registerGraphRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { state, options } = ctx;

  app.get("/graph/v2.0/me", async (request) => {
    const token = header(request, "access_token") ?? "";
    const proof = header(request, "appsecret_proof") ?? "";
    if (!sameText(proof.toLowerCase(), appSecretProof(token, options.appSecret)))
      return ZALO_ERRORS.invalidAppSecretProof;
    const user = state.userForToken(token);
    if (!user) return ZALO_ERRORS.invalidSession;
    const { fields } = request.query as { fields?: string };
    const wanted = new Set((fields ?? "id,name,picture").split(",").map((f) => f.trim()));
    // The response is flat: profile fields next to `error` and `message`.
    return {
      id: user.id,
      ...(wanted.has("name") ? { name: user.name } : {}),
      ...(wanted.has("picture")
        ? { picture: { data: { url: `${options.publicUrl}/_emulator/media/avatar/${user.id}.svg` } } }
        : {}),
      error: 0,
      message: "Success",
    };
  });

  /** Phone number from a single-use phone token; note the raw `secret_key` here, not a proof (note §5). */
  app.get("/graph/v2.0/me/info", async (request) => {
    const secretKey = header(request, "secret_key") ?? "";
    if (!sameText(secretKey, options.appSecret)) return invalidField("secret_key");
    const user = state.userForToken(header(request, "access_token"));
    if (!user) return ZALO_ERRORS.invalidSession;
    const code = header(request, "code");
    if (!code || !state.consumePhoneToken(code, user.id)) return invalidField("code");
    return { data: { number: user.phone }, error: 0, message: "Success" };
  });
}
