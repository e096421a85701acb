import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signZaloEvent } from "./zalo-signature.ts";

describe("signZaloEvent", () => {
  const appId = "1234567890123456789";
  const rawBody = '{"app_id":"1234567890123456789","event_name":"user_send_text","timestamp":"1732780000000"}';
  const timestamp = "1732780000000";
  const oaSecretKey = "dev-oa-secret-key-xks";

  it("matches a fixed vector computed outside Node (printf … | sha256sum)", () => {
    expect(signZaloEvent(appId, rawBody, timestamp, oaSecretKey)).toBe(
      "mac=9a0e5ca85635c239e51344a1bba8792944238b7aabd72712223281fd56f50c24",
    );
  });

  it("is plain SHA-256 of app_id + rawBody + timestamp + OA secret, lower-case hex", () => {
    const hex = createHash("sha256")
      .update(appId + rawBody + timestamp + oaSecretKey)
      .digest("hex");
    const mac = signZaloEvent(appId, rawBody, timestamp, oaSecretKey);
    expect(mac).toBe(`mac=${hex}`);
    expect(mac).toMatch(/^mac=[0-9a-f]{64}$/);
  });

  it("changes when any part changes (so the secret and the exact bytes matter)", () => {
    const base = signZaloEvent(appId, rawBody, timestamp, oaSecretKey);
    expect(signZaloEvent(appId, `${rawBody} `, timestamp, oaSecretKey)).not.toBe(base);
    expect(signZaloEvent(appId, rawBody, timestamp, "dev-app-secret-xks")).not.toBe(base);
    expect(signZaloEvent("4321098765432109876", rawBody, timestamp, oaSecretKey)).not.toBe(base);
  });
});
