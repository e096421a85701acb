import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";
import { DEVELOPMENT_SECRETS } from "./development-secrets.ts";

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

  it.each(Object.entries(DEVELOPMENT_SECRETS))("refuses the development %s in production, naming it", (name, value) => {
    const problems = problemsOf({ ...VALID, NODE_ENV: "production", [name]: value });
    expect(problems).toEqual([
      `${name} is invalid: the development value from scripts/dev.ts is refused in production; set a secret of your own`,
    ]);
    // Production is the default when NODE_ENV is unset.
    expect(problemsOf({ ...VALID, [name]: value })).toHaveLength(1);
    // Development and tests run with them.
    expect(problemsOf({ ...VALID, NODE_ENV: "development", [name]: value })).toEqual([]);
  });

  it("refuses every development secret at once, as scripts/dev.ts sets them", () => {
    const problems = problemsOf({ ...VALID, ...DEVELOPMENT_SECRETS, NODE_ENV: "production" });
    expect(problems.map((p) => p.split(" ")[0])).toEqual(Object.keys(DEVELOPMENT_SECRETS));
  });

  it("follows the emulator's clock only outside production: DEV_CLOCK_URL is refused there, naming it", () => {
    const DEV_CLOCK_URL = "http://127.0.0.1:3100/_emulator/clock";
    expect(problemsOf({ ...VALID, NODE_ENV: "production", DEV_CLOCK_URL })).toEqual([
      "DEV_CLOCK_URL is invalid: the emulator's clock is for development (scripts/dev.ts) and is refused in production; unset it",
    ]);
    // Production is the default when NODE_ENV is unset.
    expect(problemsOf({ ...VALID, DEV_CLOCK_URL })).toHaveLength(1);
    expect(loadConfig({ ...VALID, NODE_ENV: "development", DEV_CLOCK_URL }).DEV_CLOCK_URL).toBe(DEV_CLOCK_URL);
    expect(loadConfig({ ...VALID, NODE_ENV: "production" }).DEV_CLOCK_URL).toBeUndefined();
  });

  it("refuses a session secret shorter than 32 characters, in production and elsewhere", () => {
    expect(problemsOf({ ...VALID, SESSION_SECRET: "x".repeat(31) })).toEqual([
      "SESSION_SECRET is invalid: must be at least 32 characters",
    ]);
    expect(problemsOf({ ...VALID, NODE_ENV: "development", SESSION_SECRET: "x".repeat(31) })).toHaveLength(1);
    expect(problemsOf({ ...VALID, SESSION_SECRET: "x".repeat(32) })).toEqual([]);
  });

  it("trusts no proxy by default, and parses hop counts and address lists", () => {
    expect(loadConfig(VALID).TRUST_PROXY).toBe(false);
    expect(loadConfig({ ...VALID, TRUST_PROXY: "off" }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ ...VALID, TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ ...VALID, TRUST_PROXY: "10.0.0.0/8, 127.0.0.1,::1,fd00::/8,loopback" }).TRUST_PROXY).toEqual([
      "10.0.0.0/8",
      "127.0.0.1",
      "::1",
      "fd00::/8",
      "loopback",
    ]);
  });

  it.each([
    "true",
    "all",
    "0",
    "10.0.0.0/33",
    "10.0.0/8",
    "proxy.example.com",
    "*",
  ])("refuses TRUST_PROXY=%s", (value) => {
    const problems = problemsOf({ ...VALID, TRUST_PROXY: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^TRUST_PROXY is invalid/);
  });
});
