import { execFile } from "node:child_process";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Config } from "../bot/src/config.ts";
import { checkZaloSetup, type SetupCheck } from "../bot/src/zalo/check-zalo-setup.ts";
import { OaTokenStore } from "../bot/src/zalo/oa-token-store.ts";
import { createTestApp, type TestApp, testEnv } from "./support/test-app.ts";
import { type RunningEmulator, startZaloEmulator } from "./support/zalo-emulator.ts";

/** `npm run zalo:check` against the emulator: healthy, then each fault it must name. */

let emu: RunningEmulator;
let t: TestApp;
let config: Config;
let serverUrl = "";

beforeAll(async () => {
  emu = await startZaloEmulator();
  t = await createTestApp(emu.env);
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  serverUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  config = { ...t.config, PUBLIC_URL: serverUrl };
});
afterAll(async () => {
  await t.close();
  await emu.close();
});
beforeEach(() => emu.clearFaults());

const byName = (checks: SetupCheck[], name: string) => checks.find((c) => c.name === name);
const failures = (checks: SetupCheck[]) => checks.filter((c) => c.status === "fail").map((c) => c.name);

describe("zalo:check", () => {
  it("passes against a healthy setup, saying what to register", async () => {
    const checks = await checkZaloSetup({ config, prisma: t.app.prisma, redis: t.app.redis });
    expect(failures(checks)).toEqual([]);
    expect(byName(checks, "Webhook signatures")).toMatchObject({ status: "ok" });
    expect(byName(checks, "OA access token")?.message).toContain("Xung Kích Số");
    expect(byName(checks, "Webhook URL")).toMatchObject({ status: "warn" }); // http in tests: Zalo wants HTTPS
    expect(byName(checks, "OAuth callback")?.message).toContain(`${serverUrl}/oauth/zalo/callback`);
  });

  it("names a rejected token", async () => {
    emu.emulator.state.faults.rejectAccessToken = true;
    const checks = await checkZaloSetup({ config, prisma: t.app.prisma });
    expect(failures(checks)).toEqual(["OA access token"]);
    expect(byName(checks, "OA access token")?.message).toMatch(/-216.*reconnect/);
  });

  it("names a wrong App Secret", async () => {
    emu.emulator.state.faults.rejectAppSecret = true;
    const checks = await checkZaloSetup({ config, prisma: t.app.prisma });
    expect(failures(checks)).toEqual(["App id and App Secret"]);
    expect(byName(checks, "App id and App Secret")?.message).toContain("ZALO_APP_SECRET");
  });

  it("names an unreachable webhook, and a URL that is not this product's webhook", async () => {
    const unreachable = await checkZaloSetup({ config: { ...config, PUBLIC_URL: "http://127.0.0.1:9" }, prisma: null });
    expect(failures(unreachable)).toEqual(["Webhook URL"]);
    expect(byName(unreachable, "Webhook URL")?.message).toContain("unreachable");
    const elsewhere = await checkZaloSetup({ config: { ...config, PUBLIC_URL: `${emu.baseUrl}/x` }, prisma: null });
    expect(byName(elsewhere, "Webhook URL")?.status).toBe("fail");
  });

  it("reads the stored token's expiry and refresh token, and fails an expired one", async () => {
    const before = await checkZaloSetup({ config, prisma: t.app.prisma });
    // No row yet: the environment's token, expiry unknown.
    expect(byName(before, "Access token expiry")?.status).toBe("warn");
    const store = new OaTokenStore({
      config,
      prisma: t.app.prisma,
      redis: t.app.redis,
      log: pino({ level: "silent" }),
    });
    await store.getAccessToken(); // seeds the encrypted row from the environment, as the first start does
    const stored = await checkZaloSetup({ config, prisma: t.app.prisma });
    expect(byName(stored, "Access token expiry")).toMatchObject({ status: "ok" });
    expect(byName(stored, "Refresh token")?.message).toMatch(/about (89|90) more days/);
    await t.app.prisma.oaToken.update({ where: { id: "oa" }, data: { accessExpiresAt: new Date(Date.now() - 1000) } });
    const expired = await checkZaloSetup({ config, prisma: t.app.prisma });
    expect(byName(expired, "Access token expiry")?.status).toBe("fail");
    await t.app.prisma.oaToken.deleteMany();
  });

  it("runs as `npm run zalo:check`: exit 0 when healthy, 1 naming the fault", async () => {
    const run = promisify(execFile);
    const env = {
      ...process.env,
      ...testEnv({ DATABASE_URL: t.db.url, ...emu.env, PUBLIC_URL: serverUrl }),
    };
    const ok = await run("npx", ["tsx", "scripts/zalo-check.ts"], { env });
    expect(ok.stdout).toContain("Ready for Zalo.");
    emu.emulator.state.faults.rejectAccessToken = true;
    const failed = await run("npx", ["tsx", "scripts/zalo-check.ts"], { env }).then(
      () => null,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toContain("✘ OA access token: Zalo rejects the OA access token (-216");
  }, 60_000);

  it("runs with `-- --dev` against `npm run dev` started on other ports (PORT, EMULATOR_PORT)", async () => {
    const run = promisify(execFile);
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      PORT: new URL(serverUrl).port,
      EMULATOR_PORT: new URL(emu.baseUrl).port,
      DATABASE_URL: t.db.url,
      QUEUE_PREFIX: t.config.QUEUE_PREFIX,
    };
    const ok = await run("npx", ["tsx", "scripts/zalo-check.ts", "--dev"], { env });
    expect(ok.stdout).toContain(`✔ OA access token: Zalo accepts the token for OA “Xung Kích Số”`);
    expect(ok.stdout).toContain(`${serverUrl}/webhooks/zalo answers`);
    expect(ok.stdout).toContain("✔ Webhook signatures");
    expect(ok.stdout).toContain("Ready for Zalo.");
  }, 60_000);

  it("names Zalo's events failing their signature when the emulator signs them with the App Secret", async () => {
    // A second emulator that delivers its events to the server, as Zalo does (the first one only answers calls).
    const zalo = await startZaloEmulator({ webhookUrl: `${serverUrl}/webhooks/zalo` });
    try {
      zalo.emulator.state.faults.signWithAppSecret = true;
      const resident = zalo.reachableResident();
      await zalo.emulator.residents.sendText(resident, "Xin chào");
      expect(zalo.emulator.deliverer.list().at(-1)?.attempts[0]?.status).toBe(401);
      const checks = await checkZaloSetup({ config, prisma: t.app.prisma, redis: t.app.redis });
      expect(failures(checks)).toEqual(["Webhook signatures"]);
      expect(byName(checks, "Webhook signatures")?.message).toMatch(/wrong signature.*ZALO_APP_SECRET/);
      // Redis away: said, not taken for a pass or a failure.
      const blind = await checkZaloSetup({ config, prisma: t.app.prisma, redis: null });
      expect(byName(blind, "Webhook signatures")?.status).toBe("warn");

      // Signed with the OA Secret Key again, events are taken.
      zalo.emulator.state.faults.signWithAppSecret = false;
      await zalo.emulator.residents.sendText(resident, "Xin chào lần nữa");
      expect(zalo.emulator.deliverer.list().at(-1)?.attempts[0]?.status).toBe(200);
    } finally {
      await zalo.close();
      await t.app.redis.del(`${t.config.QUEUE_PREFIX}:webhook:signature-warning`);
    }
  });
});
