import { createHash } from "node:crypto";

/**
 * The value of Zalo's `X-ZEvent-Signature` header for one webhook delivery (note §1.3):
 * `mac=` + lower-case hex of plain SHA-256 (not HMAC) over `app_id + rawBody + timestamp + OA secret key`.
 * `timestamp` is the `timestamp` string inside the body, so a redelivery of the same body carries the same mac.
 */
export function signZaloEvent(appId: string, rawBody: string, timestamp: string, oaSecretKey: string): string {
  const hex = createHash("sha256")
    .update(appId + rawBody + timestamp + oaSecretKey, "utf8")
    .digest("hex");
  return `mac=${hex}`;
}
