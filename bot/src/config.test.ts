import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

const VALID = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/xks",
  REDIS_URL: "redis://127.0.0.1:6379",
  SESSION_SECRET: "a-very-long-session-secret-of-32-chars!",
  ZALO_APP_ID: "1234567890123456789",
  ZALO_APP_SECRET: "app-secret-value",
  ZALO_OA_ID: "4321098765432109876",
  ZALO_OA_SECRET_KEY: "oa-secret-value",
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    const config = loadConfig(VALID);
    expect(config.PORT).toBe(3000);
    expect(config.ZALO_OPENAPI_URL).toBe("https://openapi.zalo.me");
    expect(config.ZALO_OAUTH_URL).toBe("https://oauth.zaloapp.com");
    expect(config.ZALO_GRAPH_URL).toBe("https://graph.zalo.me");
    expect(config.QUIET_HOURS).toEqual({ start: "21:00", end: "07:00" });
    expect(config.TZ_NAME).toBe("Asia/Ho_Chi_Minh");
    expect(config.ADMIN_ZALO_IDS).toEqual([]);
  });

  it("names every missing variable", () => {
    const problems = problemsOf({ ...VALID, DATABASE_URL: undefined, ZALO_OA_SECRET_KEY: undefined });
    expect(problems).toEqual(["DATABASE_URL is missing", "ZALO_OA_SECRET_KEY is missing"]);
  });

  it.each([
    ["PORT", "eighty"],
    ["DATABASE_URL", "mysql://localhost/x"],
    ["REDIS_URL", "not a url"],
    ["SESSION_SECRET", "short"],
    ["ZALO_APP_ID", "abc"],
    ["QUIET_HOURS", "9pm-7am"],
    ["QUIET_HOURS", "25:00-07:00"],
    ["TZ_NAME", "Mars/Olympus"],
    ["ZALO_GRAPH_URL", "ftp://graph"],
  ])("rejects a malformed %s", (name, value) => {
    const problems = problemsOf({ ...VALID, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name} is invalid`));
  });

  it("parses lists and disables quiet hours when empty", () => {
    const config = loadConfig({ ...VALID, ADMIN_ZALO_IDS: " 1, 2 ,,3", QUIET_HOURS: "" });
    expect(config.ADMIN_ZALO_IDS).toEqual(["1", "2", "3"]);
    expect(config.QUIET_HOURS).toBeNull();
  });
});
