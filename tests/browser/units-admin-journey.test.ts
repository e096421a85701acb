import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_PATH, type MiniAppHarness, startMiniAppHarness } from "./support/miniapp-harness.ts";

/**
 * The organisation admin on the units screen, in headless Chromium against the built app, the real server
 * (seeded with the demo data: the 2023 communes merged into the 8 communes of 2025, e.g. Hoằng Thắng, Hoằng Phong,
 * Hoằng Lưu and Hoằng Châu into Xã Hoằng Châu) and the Zalo emulator: the merged units are shown for history, and a
 * unit is merged from the screen with a confirming second tap: Hoằng Phượng, the one commune the seed leaves
 * unmerged (prisma/seed-data/README.md says why), into Xã Hoằng Giang, as an admin would once it is confirmed.
 */

const ADMIN = "8000000000000000001";
const JOURNEY_TIMEOUT_MS = 60_000;

describe.runIf(existsSync(CHROMIUM_PATH))("units admin screen in headless Chromium", () => {
  let h: MiniAppHarness;

  beforeAll(async () => {
    h = await startMiniAppHarness({ queues: [] });
  }, 180_000);

  afterAll(async () => {
    await h?.close();
  });

  it(
    "shows merged units for history and merges a commune after a confirming tap",
    async () => {
      const { context, page } = await h.openAs(ADMIN, "/admin/units");
      await page.getByTestId("units-admin-page").waitFor();
      await page.getByText("Đã sáp nhập vào Xã Hoằng Châu").first().waitFor();
      expect(await page.getByText("Đã sáp nhập vào Xã Hoằng Châu").count()).toBe(4);

      await page.getByLabel("Đơn vị cần thay đổi").selectOption("HOANG_PHUONG");
      await page.getByTestId("unit-changes").waitFor();
      await page.getByLabel("Sáp nhập Xã Hoằng Phượng vào").selectOption("HOANG_GIANG_2025");
      await page.getByRole("button", { name: "Sáp nhập", exact: true }).click();
      await page
        .getByRole("alert")
        .getByText(/Không thể hoàn tác/)
        .waitFor();
      await page.getByTestId("unit-changes").scrollIntoViewIfNeeded();
      // Nothing wider than the phone: the selects shrink to fit beside their buttons.
      const right = await page.getByTestId("unit-changes").evaluate((el) => el.getBoundingClientRect().right);
      expect(right).toBeLessThanOrEqual(await page.evaluate(() => window.innerWidth));
      await h.screenshot(page, "30-admin-units-merge");

      // Xuân, Quỳ, Hợp and the old Giang are merged into Xã Hoằng Giang already.
      expect(await page.getByText("Đã sáp nhập vào Xã Hoằng Giang").count()).toBe(4);
      await page.getByRole("button", { name: "Xác nhận" }).click();
      await expect.poll(() => page.getByText("Đã sáp nhập vào Xã Hoằng Giang").count()).toBe(5);
      // Hoằng Phượng's weekly target moved to Xã Hoằng Giang (4 × 25 + 25).
      await expect.poll(() => page.getByLabel("Chỉ tiêu của Xã Hoằng Giang").inputValue()).toBe("125");
      const phuong = await h.server.app.prisma.unit.findUniqueOrThrow({
        where: { code: "HOANG_PHUONG" },
        include: { mergedInto: true },
      });
      expect(phuong.mergedInto?.code).toBe("HOANG_GIANG_2025");
      const audit = await h.server.app.prisma.auditLog.findFirst({
        where: { action: "unit.merge", targetId: phuong.id },
      });
      expect(audit).not.toBeNull();
      await page.getByText("Đã sáp nhập vào Xã Hoằng Giang").last().scrollIntoViewIfNeeded();
      await h.screenshot(page, "31-admin-units-after-merge");
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );
});
