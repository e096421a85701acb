import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorkers, type WorkerRuntime } from "../../bot/src/worker-runtime.ts";
import { buildEmulator, type Emulator } from "../../emulator/src/build-emulator.ts";
import { createTestApp, type TestApp } from "../support/test-app.ts";
import { CHROMIUM_ARGS, CHROMIUM_PATH, SCREENSHOT_DIR } from "./support/miniapp-harness.ts";

/**
 * A resident on the emulator's chat page, the real server and workers behind it (no mini-app): asked their commune
 * once after a finished step, asks for a volunteer, shares their phone number with one tap on Zalo's consent card
 * ("Chia sẻ" posts a signed user_submit_info), and gives their hamlet.
 */

const REPLY_TIMEOUT_MS = 30_000;
let server: TestApp;
let workers: WorkerRuntime;
let emulator: Emulator;
let browser: Browser;
let emulatorUrl = "";

beforeAll(async () => {
  const emulatorPort = await findFreePort();
  emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  server = await createTestApp({
    ZALO_GRAPH_URL: `${emulatorUrl}/graph`,
    ZALO_OPENAPI_URL: `${emulatorUrl}/openapi`,
    ZALO_OAUTH_URL: `${emulatorUrl}/oauth`,
  });
  await server.app.prisma.unit.createMany({
    data: [
      { code: "BUT_SON", name: "Thị trấn Bút Sơn", kind: "TOWN" },
      { code: "HOANG_DAO", name: "Xã Hoằng Đạo", kind: "COMMUNE" },
      { code: "HOANG_GIANG", name: "Xã Hoằng Giang", kind: "COMMUNE" },
    ],
  });
  await server.app.listen({ port: 0, host: "127.0.0.1" });
  const apiUrl = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  workers = await startWorkers({ config: server.config, queues: ["inbound", "outbound"], recurring: false });
  emulator = await buildEmulator({ webhookUrl: `${apiUrl}/webhooks/zalo`, publicUrl: emulatorUrl, logger: false });
  await emulator.app.listen({ port: emulatorPort, host: "127.0.0.1" });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await emulator?.app.close();
  await Promise.all(Object.values(workers.ctx.queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
  await workers?.close();
  await server?.close();
});

describe("the resident's profile on the chat page", () => {
  it("asks the commune once, opens a help request and takes the phone from the consent card", async () => {
    const resident = emulator.state.createResident("Bà Lê Thị Tư", "84912555666");
    emulator.state.setFollower(resident, true);
    emulator.state.recordInteraction(resident);
    const page = await browser.newPage({ viewport: { width: 440, height: 900 } });
    await page.goto(`${emulatorUrl}/chat?userId=${resident.userId}`);
    const messages = page.locator("#messages");
    const say = async (text: string) => {
      await page.locator("#text").fill(text);
      await page.locator("#text").press("Enter");
    };
    const sees = (pattern: RegExp) => messages.getByText(pattern).last().waitFor({ timeout: REPLY_TIMEOUT_MS });
    const tap = async (name: string | RegExp) => {
      const button = messages.getByRole("button", { name, exact: typeof name === "string" }).last();
      await button.waitFor({ timeout: REPLY_TIMEOUT_MS });
      await button.click();
    };

    await say("vneid");
    await tap("Chưa có tài khoản");
    await tap("Xong");
    await sees(/đoàn viên gần nhất hỗ trợ/);
    await say("hoang dao");
    await sees(/đã ghi nhận bạn ở Xã Hoằng Đạo/);

    await say("nhờ đoàn viên hỗ trợ");
    await sees(/Đoàn viên Xã Hoằng Đạo có thể đến/);
    await tap("Ngày mai");
    await sees(/Không muốn cho số/);
    await page.screenshot({ path: resolve(SCREENSHOT_DIR, "resident-profile-consent-card.png") });
    await tap("Chia sẻ");
    await sees(/Đoàn viên sẽ gọi số 0912 xxx 666/);
    await say("Thôn Trung");
    await sees(/Xong rồi/);
    await page.screenshot({ path: resolve(SCREENSHOT_DIR, "resident-profile-contact-done.png") });

    const prisma = server.app.prisma;
    const row = await prisma.resident.findUniqueOrThrow({
      where: { oaUserId: resident.userId },
      include: { unit: true, helpRequests: true },
    });
    expect(row.unit?.code).toBe("HOANG_DAO");
    expect(row.displayName).toBe("Bà Lê Thị Tư");
    expect(row.helpRequests).toEqual([
      expect.objectContaining({ contactPhone: "0912555666", contactAddress: "Thôn Trung", status: "OPEN" }),
    ]);
    // The commune question was asked once in the whole conversation: the help flow used the stored one.
    const asked = emulator.state
      .conversation(resident.userId)
      .filter((m) => m.from === "oa" && /Bạn ở xã\/phường nào/.test(m.text ?? ""));
    expect(asked).toHaveLength(1);
    await page.close();
  }, 120_000);
});

async function findFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done, fail) => {
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", done);
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((done) => probe.close(() => done()));
  return port;
}
