import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEmulator, type Emulator } from "../../emulator/src/build-emulator.ts";
import { CHROMIUM_ARGS, CHROMIUM_PATH, SCREENSHOT_DIR } from "./support/miniapp-harness.ts";

/** The emulator's chat page sets Zalo's faults and moves its clock with a click, not only through the control API. */

let emulator: Emulator;
let browser: Browser;
let baseUrl = "";

beforeAll(async () => {
  emulator = await buildEmulator({ webhookUrl: null });
  await emulator.app.listen({ port: 0, host: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${(emulator.app.server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
});
afterAll(async () => {
  await browser?.close();
  await emulator?.app.close();
});

describe("chat page fault switches", () => {
  it("refuses buttons, expires the token, rejects the setup, closes the window and bills without a Zalo Cloud Account, by clicks", async () => {
    const page = await browser.newPage({ viewport: { width: 480, height: 900 } });
    await page.goto(`${baseUrl}/chat`);
    await page.getByText("Giả lập sự cố Zalo").click();
    const refuse = page.getByRole("button", { name: "Từ chối nút bấm" });
    await refuse.click();
    await expect.poll(() => refuse.getAttribute("aria-pressed")).toBe("true");
    expect(emulator.state.faults.refuseButtons).toBe(true);

    const before = emulator.state.currentOaTokens().accessTokenExpiresAt;
    await page.getByRole("button", { name: "Hết hạn token" }).click();
    await expect.poll(() => emulator.state.currentOaTokens().accessTokenExpiresAt).toBeLessThan(before);

    // The three setup faults `npm run zalo:check` names: a rejected token, a wrong App Secret, badly signed webhooks.
    for (const [name, fault] of [
      ["Từ chối token", "rejectAccessToken"],
      ["Sai App Secret", "rejectAppSecret"],
      ["Webhook sai khóa ký", "signWithAppSecret"],
    ] as const) {
      const toggle = page.getByRole("button", { name, exact: true });
      await toggle.click();
      await expect.poll(() => toggle.getAttribute("aria-pressed")).toBe("true");
      expect(emulator.state.faults[fault]).toBe(true);
      await toggle.click();
      await expect.poll(() => emulator.state.faults[fault]).toBe(false);
    }

    await page.getByRole("button", { name: "Lỗi 5xx ×3" }).click();
    await expect.poll(() => emulator.state.faults.fail5xx).toBe(3);
    await page.getByRole("button", { name: "Giới hạn tốc độ" }).click();
    await expect.poll(() => emulator.state.faults.rateLimitPerMinute).toBe(0);

    const current = await page.locator("#resident").inputValue();
    await page.getByRole("button", { name: "Đóng cửa sổ 7 ngày" }).click();
    await expect.poll(() => emulator.state.isWindowOpen(emulator.state.residents.get(current) ?? never())).toBe(false);

    await page.locator("#zca").selectOption("funded");
    await expect.poll(() => emulator.state.rules.zca).toBe("funded");
    await page.locator("#zca").selectOption("none");
    await page.getByRole("button", { name: "Chỉ người quan tâm" }).click();
    await expect.poll(() => emulator.state.rules.csRequiresFollow).toBe(true);

    await expect.poll(() => page.locator("#faults-active").textContent()).toContain("đang bật");
    await page.screenshot({ path: resolve(SCREENSHOT_DIR, "emulator-chat-fault-switches.png") });
    await page.close();
  });
});

describe("chat page clock", () => {
  const HOUR_MS = 3_600_000;
  const DAY_MS = 24 * HOUR_MS;
  const VN_OFFSET_MS = 7 * HOUR_MS;
  /** Emulated minus real time: what the buttons move (whole seconds, so reading it twice in a row agrees). */
  const offsetSeconds = () => Math.round((emulator.state.now() - Date.now()) / 1000);

  it("moves the emulated clock a day, and to 09:00 tomorrow Vietnam time, by clicks, and shows it", async () => {
    const page = await browser.newPage({ viewport: { width: 480, height: 900 } });
    await page.goto(`${baseUrl}/chat`);
    await page.getByText("Giả lập sự cố Zalo").click();
    const shown = page.locator("#clock-now");
    await expect.poll(() => shown.textContent()).not.toBe("");

    const before = offsetSeconds();
    await page.getByRole("button", { name: "+1 ngày" }).click();
    await expect.poll(offsetSeconds).toBe(before + DAY_MS / 1000);
    // The page shows the emulated day, in Vietnam time: tomorrow's date.
    const dateOf = (ms: number) => {
      const [year, month, day] = new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 10).split("-");
      return `${day}/${month}/${year}`;
    };
    await expect.poll(async () => (await shown.textContent())?.includes(dateOf(emulator.state.now()))).toBe(true);

    const moved = offsetSeconds();
    const clickedAt = Date.now();
    await page.getByRole("button", { name: "Đến 09:00 mai" }).click();
    await expect.poll(offsetSeconds).not.toBe(moved);
    // It landed on 09:00 (a few ms after, never before), and has only run on since, as real time did.
    const timeOfDay = (emulator.state.now() + VN_OFFSET_MS) % DAY_MS;
    expect(timeOfDay).toBeGreaterThanOrEqual(9 * HOUR_MS);
    expect(timeOfDay).toBeLessThanOrEqual(9 * HOUR_MS + (Date.now() - clickedAt));
    expect(offsetSeconds() - moved).toBeGreaterThan(0);
    expect(offsetSeconds() - moved).toBeLessThanOrEqual(DAY_MS / 1000 + 9 * 3600);
    await expect.poll(() => shown.textContent()).toContain("09:0");
    await page.screenshot({ path: resolve(SCREENSHOT_DIR, "emulator-chat-clock.png") });
    await page.close();
  });
});

function never(): never {
  throw new Error("the selected resident is not in the emulator");
}
