import { randomBytes, randomInt } from "node:crypto";

/** A 19-digit numeric id like Zalo's user ids (larger than 2^53, so always a string). */
export function newZaloUserId(): string {
  let id = String(randomInt(1, 10));
  while (id.length < 19) id += String(randomInt(0, 10));
  return id;
}

/** A message id in Zalo's style: 20 lower-case hex characters (e.g. `63ecf43f0df7dba892e6`). */
export function newMessageId(): string {
  return randomBytes(10).toString("hex");
}

/** An opaque bearer token (OA access/refresh, user token, auth code, phone token). */
export function newOpaqueToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}
