import { describe, expect, it } from "vitest";
import { EmulatorConfigError, loadEmulatorConfig } from "./emulator-config.ts";

describe("loadEmulatorConfig", () => {
  it("defaults to the product's development values", () => {
    const config = loadEmulatorConfig({});
    expect(config.port).toBe(3100);
    expect(config.host).toBe("127.0.0.1");
    expect(config.options).toMatchObject({
      appId: "1234567890123456789",
      appSecret: "dev-app-secret-xks",
      oaId: "4321098765432109876",
      oaSecretKey: "dev-oa-secret-key-xks",
      initialAccessToken: "dev-oa-access-token",
      initialRefreshToken: "dev-oa-refresh-token",
      webhookUrl: "http://127.0.0.1:3000/webhooks/zalo",
      rateLimitPerMinute: 4000,
      retryScale: 1,
      publicUrl: "http://127.0.0.1:3100",
    });
  });

  it("turns an empty webhook URL into no delivery and names every bad variable", () => {
    expect(loadEmulatorConfig({ EMULATOR_WEBHOOK_URL: "" }).options.webhookUrl).toBeNull();
    try {
      loadEmulatorConfig({ EMULATOR_PORT: "nope", ZALO_APP_ID: "abc" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EmulatorConfigError);
      expect((error as Error).message).toContain("EMULATOR_PORT");
      expect((error as Error).message).toContain("ZALO_APP_ID");
    }
  });
});
