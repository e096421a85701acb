import { existsSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_PATH, type MiniAppHarness, startMiniAppHarness } from "./support/miniapp-harness.ts";

/**
 * Issue 12's registration day, end to end in the browser: a unit lead creates a day for Xã Hoằng Hóa in the
 * mini-app, it is announced on the OA, a resident taps "Đăng ký tham gia" on the emulator's chat page and gets a
 * number, a member checks them in at the door by name and logs the help given in bulk, and the event page counts
 * them.
 */

const LEAD = "8000000000000000002";
const MEMBER = "8000000000000000003";
const JOURNEY_TIMEOUT_MS = 150_000;
const REPLY_TIMEOUT_MS = 30_000;
const DAY_MS = 86_400_000;
const PLACE = "Hội trường UBND xã Hoằng Hóa";

async function expectCleanScreen(page: Page): Promise<void> {
  const text = await page.locator("body").innerText();
  expect(text).not.toMatch(/\bzi_[a-z_]+/);
  expect(text).not.toMatch(/\b(undefined|null|NaN|Loading|Error|REGISTERED|OPEN|CANCELLED)\b/);
  expect(text).not.toMatch(/\bHOANG_[A-Z_]+\b/);
}

describe.runIf(existsSync(CHROMIUM_PATH))("registration day from the mini-app", () => {
  let h: MiniAppHarness;

  beforeAll(async () => {
    // Quiet hours off: the announcement must not wait for the morning when the test runs at night.
    h = await startMiniAppHarness({ env: { QUIET_HOURS: "" } });
  }, 180_000);

  afterAll(async () => {
    await h?.close();
  });

  it(
    "a lead creates a day for Hoằng Hóa, a resident signs up on the OA, a member checks her in and the page counts",
    async () => {
      const prisma = h.server.app.prisma;
      const emulated = h.emulator.state.createResident("Bà Trịnh Thị Mai");
      h.emulator.state.setFollower(emulated, true);
      h.emulator.state.recordInteraction(emulated);
      const dao = await prisma.unit.findUniqueOrThrow({ where: { code: "HOANG_HOA_2025" } });
      await prisma.resident.create({
        data: {
          oaUserId: emulated.userId,
          displayName: "Bà Trịnh Thị Mai",
          unitId: dao.id,
          lastInteractionAt: new Date(),
        },
      });

      // The lead creates the day.
      const lead = await h.openAs(LEAD, "/events");
      await lead.page.getByTestId("events-page").waitFor();
      await lead.page.getByTestId("new-event").click();
      await lead.page.getByTestId("event-form-page").waitFor();
      // Two days ahead in Vietnam (the phone's zone).
      const day = new Date(Date.now() + 2 * DAY_MS).toLocaleDateString("sv-SE", { timeZone: "Asia/Ho_Chi_Minh" });
      await lead.page.getByTestId("event-place").fill(PLACE);
      await lead.page.getByTestId("event-day").fill(day);
      // An end before the start is refused, in Vietnamese, before anything is sent.
      await lead.page.getByTestId("event-end").fill("07:00");
      await lead.page.getByTestId("save-event").click();
      await lead.page.getByText("Giờ kết thúc phải sau giờ bắt đầu.").waitFor();
      await lead.page.getByTestId("event-end").fill("11:00");
      await expectCleanScreen(lead.page);
      await h.screenshot(lead.page, "60-event-form");
      await lead.page.getByTestId("save-event").click();
      await lead.page.getByTestId("event-page").waitFor();
      await lead.page.getByText("Ngày hội đăng ký định danh điện tử mức 2").first().waitFor();
      const event = await prisma.registrationEvent.findFirstOrThrow({ where: { place: PLACE } });
      expect(event.broadcastId).not.toBeNull();
      await expectCleanScreen(lead.page);
      await h.screenshot(lead.page, "61-event-page-lead");
      await lead.context.close();

      // The resident receives the announcement on the OA and taps its button.
      const chat = await h.newPhone();
      await chat.page.goto(`${h.emulatorUrl}/chat?userId=${emulated.userId}`);
      const messages = chat.page.locator("#messages");
      await messages.getByText(/Ngày hội đăng ký định danh điện tử mức 2/).waitFor({ timeout: REPLY_TIMEOUT_MS });
      await messages.getByRole("button", { name: "Nhắc tôi" }).first().waitFor();
      await messages.getByRole("button", { name: "Đăng ký tham gia" }).first().click();
      await messages.getByText(/Số của bạn là 1/).waitFor({ timeout: REPLY_TIMEOUT_MS });
      await h.screenshot(chat.page, "62-event-chat-signed-up");
      await chat.context.close();
      const registration = await prisma.eventRegistration.findFirstOrThrow({ where: { eventId: event.id } });
      expect(registration).toMatchObject({ number: 1, status: "REGISTERED", checkedInAt: null });

      // A member of Xã Hoằng Hóa at the door.
      const member = await h.openAs(MEMBER, "/");
      await member.page.getByTestId("home-page").waitFor();
      await member.page.getByTestId("open-events").click();
      await member.page.getByTestId("events-page").waitFor();
      await member.page.getByTestId("event-card").filter({ hasText: PLACE }).click();
      await member.page.getByTestId("event-page").waitFor();
      await expect.poll(() => member.page.getByTestId("count-registered").innerText()).toBe("1");
      await member.page.getByTestId("check-in-search").fill("trinh thi mai");
      await member.page.getByTestId("check-in-find").click();
      const row = member.page.getByTestId("registration-row").filter({ hasText: "Bà Trịnh Thị Mai" });
      await row.getByText("Số 1").waitFor();
      await expect.poll(() => member.page.getByTestId("registration-row").count()).toBe(1);
      await h.screenshot(member.page, "63-event-check-in-search");
      await row.getByTestId("check-in").click();
      await member.page.getByTestId("toast").getByText("Đã ghi nhận Bà Trịnh Thị Mai đến.").waitFor();
      await row.getByText("Đã đến", { exact: true }).waitFor();
      await expect.poll(() => member.page.getByTestId("count-checked-in").innerText()).toBe("1");

      // The help given, in bulk: 3 people activated VNeID level 2, 2 got their chip ID card application done.
      await member.page.getByTestId("bulk-VNEID").click();
      await member.page.getByTestId("bulk-CHIP_ID").click();
      await member.page.getByRole("spinbutton", { name: "Số người VNeID" }).fill("3");
      await member.page.getByRole("spinbutton", { name: /Số người Căn cước|Số người CCCD/ }).fill("2");
      await member.page.getByTestId("bulk-save").click();
      await member.page
        .getByTestId("toast")
        .getByText(/Đã ghi nhận 2 lượt hỗ trợ tại buổi/)
        .waitFor();
      await expect.poll(() => member.page.getByTestId("count-vneid").innerText()).toBe("3");
      await member.page.getByText(/5 người được hỗ trợ tại buổi/).waitFor();
      await member.page.getByTestId("count-registered").scrollIntoViewIfNeeded();
      await expectCleanScreen(member.page);
      await h.screenshot(member.page, "64-event-page-counted");
      const logs = await prisma.assistanceLog.findMany({ where: { eventId: event.id } });
      expect(logs.map((l) => [l.services, l.people]).sort()).toEqual([
        [["CHIP_ID"], 2],
        [["VNEID"], 3],
      ]);

      await member.page.goBack();
      await member.page.getByTestId("events-page").waitFor();
      await member.page.getByTestId("event-card").filter({ hasText: "1/50 đăng ký · 1 đã đến" }).waitFor();
      await expectCleanScreen(member.page);
      await h.screenshot(member.page, "65-events-list");
      await member.context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );
});
