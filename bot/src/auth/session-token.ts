import { createHmac } from "node:crypto";
import { CompactEncrypt, compactDecrypt, errors as joseErrors, jwtVerify, SignJWT } from "jose";

/**
 * Mini-app session tokens: an HS256 JWT signed with a key derived from SESSION_SECRET, valid for 12 hours.
 * It says *who* signed in (the Zalo app-scoped id, verified at Graph `/me`), never *what they may do*: the member
 * row (role, status, unit) is read on every request, so an approval or a removal takes effect at once.
 *
 * The Zalo access token rides along encrypted (JWE, A256GCM) because `/me/info` needs it to decode the phone
 * token at registration; the client already holds it, but nobody reading logs or the JWT payload should.
 */

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const ISSUER = "xks-api";
const AUDIENCE = "xks-miniapp";

export interface SessionClaims {
  zaloId: string;
  name: string;
  /** The Zalo user access token, when the session carries one. */
  zaloAccessToken: string | null;
}

/** SESSION_SECRET also keys other things (the OA token cipher): each use gets its own derived key. */
function deriveKey(secret: string, purpose: string): Uint8Array {
  return new Uint8Array(createHmac("sha256", secret).update(purpose).digest());
}

export class SessionTokens {
  private readonly signKey: Uint8Array;
  private readonly encKey: Uint8Array;

  constructor(secret: string) {
    this.signKey = deriveKey(secret, "xks/session-jwt/v1");
    this.encKey = deriveKey(secret, "xks/session-zalo-token/v1");
  }

  async sign(claims: SessionClaims, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    const zat = claims.zaloAccessToken
      ? await new CompactEncrypt(new TextEncoder().encode(claims.zaloAccessToken))
          .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
          .encrypt(this.encKey)
      : undefined;
    const token = await new SignJWT({ name: claims.name, ...(zat ? { zat } : {}) })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(claims.zaloId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.signKey);
    return { token, expiresAt };
  }

  /** The claims of a valid token; null when the token is malformed, forged or expired. */
  async verify(token: string, now = new Date()): Promise<SessionClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.signKey, {
        algorithms: ["HS256"],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: now,
      });
      if (typeof payload.sub !== "string" || !payload.sub) return null;
      let zaloAccessToken: string | null = null;
      if (typeof payload.zat === "string") {
        const { plaintext } = await compactDecrypt(payload.zat, this.encKey);
        zaloAccessToken = new TextDecoder().decode(plaintext);
      }
      return { zaloId: payload.sub, name: typeof payload.name === "string" ? payload.name : "", zaloAccessToken };
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return null;
      throw error;
    }
  }
}
