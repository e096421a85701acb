import { describe, expect, it } from "vitest";
import { computeZaloMac, verifyZaloSignature } from "./verify-zalo-signature.ts";

// Known vector, computed independently with: printf '%s' "$APP$BODY$TS$SECRET" | sha256sum
const APP_ID = "3608000000000000001";
const SECRET = "oa-secret-key";
const TS = "1732780000000";
const BODY = `{"app_id":"${APP_ID}","event_name":"follow","timestamp":"${TS}"}`;
const MAC = "059165ec27a197ffdb6dbdef094dc9c16d22e75d5132700465914addcddd0dd9";

describe("verifyZaloSignature", () => {
  it("matches the documented formula on a known vector", () => {
    expect(computeZaloMac(APP_ID, BODY, TS, SECRET)).toBe(MAC);
    expect(verifyZaloSignature(BODY, `mac=${MAC}`, TS, APP_ID, SECRET)).toBe(true);
  });

  it("rejects a missing, malformed or wrong signature", () => {
    expect(verifyZaloSignature(BODY, undefined, TS, APP_ID, SECRET)).toBe(false);
    expect(verifyZaloSignature(BODY, "mac=xyz", TS, APP_ID, SECRET)).toBe(false);
    expect(verifyZaloSignature(BODY, `mac=${MAC}`, TS, APP_ID, "other-secret")).toBe(false);
    expect(verifyZaloSignature(`${BODY} `, `mac=${MAC}`, TS, APP_ID, SECRET)).toBe(false);
  });
});
