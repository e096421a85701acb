import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Checks Zalo's `X-ZEvent-Signature: mac=<hex>` header, where hex = SHA-256 (plain, not HMAC) of
 * `app_id + rawBody + timestamp + OA secret key`, `timestamp` being the string inside the body.
 * (zalo-platform.md §1.3: the official Java SDK's MacUtils and Chatwoot agree on formula and order.)
 * Works on the exact bytes received: re-serialising the JSON (or decoding bytes that are not valid UTF-8) would
 * change them.
 */
export function verifyZaloSignature(
  rawBody: string | Buffer,
  header: string | undefined,
  timestamp: string,
  appId: string,
  oaSecretKey: string,
): boolean {
  if (!header) return false;
  const got = header.trim().replace(/^mac=/i, "").toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(got)) return false;
  const want = computeZaloMac(appId, rawBody, timestamp, oaSecretKey);
  return timingSafeEqual(Buffer.from(got, "hex"), Buffer.from(want, "hex"));
}

export function computeZaloMac(
  appId: string,
  rawBody: string | Buffer,
  timestamp: string,
  oaSecretKey: string,
): string {
  return createHash("sha256")
    .update(appId, "utf8")
    .update(typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : rawBody)
    .update(timestamp + oaSecretKey, "utf8")
    .digest("hex");
}
