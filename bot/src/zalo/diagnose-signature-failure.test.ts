import { describe, expect, it } from "vitest";
import { diagnoseSignatureFailure } from "./diagnose-signature-failure.ts";
import { computeZaloMac } from "./verify-zalo-signature.ts";

const config = {
  ZALO_APP_ID: "123",
  ZALO_APP_SECRET: "app-secret-value",
  ZALO_OA_ID: "456",
  ZALO_OA_SECRET_KEY: "oa-secret-value",
};
const body = { app_id: "123", event_name: "user_send_text", timestamp: "1700000000000" };
const raw = JSON.stringify(body);
const mac = (appId: string, secret: string, text = raw) => `mac=${computeZaloMac(appId, text, body.timestamp, secret)}`;

describe("diagnoseSignatureFailure", () => {
  it("names the App Secret when the event verifies with it", () => {
    expect(diagnoseSignatureFailure(raw, mac("123", "app-secret-value"), body, config)).toBe("signed-with-app-secret");
  });

  it("names the App Secret pasted as the OA Secret Key", () => {
    const same = { ...config, ZALO_OA_SECRET_KEY: config.ZALO_APP_SECRET };
    expect(diagnoseSignatureFailure(raw, mac("123", "zalo-real-oa-secret"), body, same)).toBe(
      "oa-secret-is-app-secret",
    );
  });

  it("recognises another app's events and the OA-id variant of the formula", () => {
    const other = { ...body, app_id: "999" };
    const otherRaw = JSON.stringify(other);
    expect(diagnoseSignatureFailure(otherRaw, mac("999", "oa-secret-value", otherRaw), other, config)).toBe(
      "other-app",
    );
    expect(diagnoseSignatureFailure(raw, mac("456", "oa-secret-value"), body, config)).toBe("oa-id-formula");
  });

  it("falls back to an unknown (wrong or regenerated) OA Secret Key", () => {
    expect(diagnoseSignatureFailure(raw, mac("123", "regenerated"), body, config)).toBe("unknown-secret");
  });
});
