import { existsSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQuiz } from "../../bot/src/quizzes/quizzes-service.ts";
import { CHROMIUM_PATH, type MiniAppHarness, startMiniAppHarness } from "./support/miniapp-harness.ts";

/**
 * A unit lead edits a registration day in the built mini-app and then cancels it (with a confirmation); the
 * resident who signed up is told each time on the emulator's chat page (the server asks the worker for a reminder
 * scan at once). The screens are kept at a cheap phone's size (360×740), with the quiz pages a union secretary
 * opens, to be looked at.
 */

const LEAD = "8000000000000000002";
const ADMIN = "8000000000000000001";
const JOURNEY_TIMEOUT_MS = 150_000;
const REPLY_TIMEOUT_MS = 60_000;
const DAY_MS = 86_400_000;
const CHEAP_PHONE = { width: 360, height: 740 };

async function expectCleanScreen(page: Page): Promise<void> {
  const text = await page.locator("body").innerText();
  expect(text).not.toMatch(/\b(undefined|null|NaN|Loading|Error|REGISTERED|OPEN|CANCELLED)\b/);
  expect(text).not.toMatch(/\bHOANG_[A-Z_]+\b/);
}

/** "2026-12-04" in Vietnam, `offsetDays` from today. */
const vietnamDay = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * DAY_MS).toLocaleDateString("sv-SE", { timeZone: "Asia/Ho_Chi_Minh" });

describe.runIf(existsSync(CHROMIUM_PATH))("editing a registration day in the mini-app", () => {
  let h: MiniAppHarness;

  beforeAll(async () => {
    // The cron queue too: the scan the server asks for on an edit runs in these workers. Quiet hours off, so the
    // notice goes at any hour the test runs.
    h = await startMiniAppHarness({
      env: { QUIET_HOURS: "" },
      queues: ["inbound", "outbound", "broadcast", "cron"],
    });
  }, 180_000);

  afterAll(async () => {
    await h?.close();
  });

  it(
    "a lead moves the day to another place and hour, then cancels it; the resident signed up is told both times",
    async () => {
      const prisma = h.server.app.prisma;
      const dao = await prisma.unit.findUniqueOrThrow({ where: { code: "HOANG_HOA_2025" } });
      const emulated = h.emulator.state.createResident("Ông Lê Văn Sáu");
      h.emulator.state.setFollower(emulated, true);
      h.emulator.state.recordInteraction(emulated);
      const resident = await prisma.resident.create({
        data: {
          oaUserId: emulated.userId,
          displayName: "Ông Lê Văn Sáu",
          unitId: dao.id,
          lastInteractionAt: new Date(),
        },
      });
      const day = vietnamDay(3);
      const event = await prisma.registrationEvent.create({
        data: {
          title: "Ngày hội định danh mức 2 thôn Trung",
          bring: "Căn cước gắn chip, điện thoại có SIM chính chủ",
          place: "Nhà văn hóa thôn Trung",
          organisedWith: "Công an xã Hoằng Hóa",
          startsAt: new Date(`${day}T07:30:00+07:00`),
          endsAt: new Date(`${day}T11:00:00+07:00`),
          capacity: 40,
          units: { create: [{ unitId: dao.id }] },
        },
      });
      await prisma.eventRegistration.create({
        data: { eventId: event.id, residentId: resident.id, status: "REGISTERED", number: 1 },
      });

      const lead = await h.openAs(LEAD, "/events");
      await lead.page.setViewportSize(CHEAP_PHONE);
      await lead.page.getByTestId("events-page").waitFor();
      await lead.page.getByTestId("event-card").filter({ hasText: "thôn Trung" }).waitFor();
      await expectCleanScreen(lead.page);
      await h.screenshot(lead.page, "70-events-list-360");
      await lead.page.getByTestId("event-card").filter({ hasText: "thôn Trung" }).click();
      await lead.page.getByTestId("event-page").waitFor();
      await lead.page.getByTestId("edit-event").click();

      // The form holds what the day is now; the units cannot change; the lead is told who will hear of it.
      const form = lead.page.getByTestId("event-edit-page");
      await form.waitFor();
      await expect.poll(() => lead.page.getByTestId("event-place").inputValue()).toBe("Nhà văn hóa thôn Trung");
      expect(await lead.page.getByTestId("event-day").inputValue()).toBe(day);
      expect(await lead.page.getByTestId("event-start").inputValue()).toBe("07:30");
      await lead.page
        .getByTestId("event-edit-notice")
        .getByText(/1 người đã đăng ký sẽ được báo qua Zalo/)
        .waitFor();
      // The chosen day in words, whatever format the phone's date picker shows (month first on some).
      const [y, m, d] = day.split("-");
      await lead.page
        .getByTestId("event-day-words")
        .getByText(new RegExp(`^(Thứ|Chủ nhật).*, ${d}/${m}/${y}$`))
        .waitFor();
      await expectCleanScreen(lead.page);
      await h.screenshot(lead.page, "71-event-edit-360");
      // A start in the past is refused before anything is sent.
      await lead.page.getByTestId("event-day").fill(vietnamDay(-1));
      await lead.page.getByTestId("save-event").click();
      await lead.page.getByText("Thời gian bắt đầu đã qua. Vui lòng chọn thời gian sắp tới.").waitFor();
      await lead.page.getByTestId("event-day").fill(day);
      await lead.page.getByTestId("event-place").fill("Sân UBND xã Hoằng Hóa");
      await lead.page.getByTestId("event-start").fill("13:30");
      await lead.page.getByTestId("event-end").fill("16:30");
      await lead.page.getByTestId("save-event").click();
      await lead.page.getByTestId("event-page").waitFor();
      await lead.page.getByTestId("toast").getByText("Đã lưu. 1 người đã đăng ký sẽ được báo qua Zalo.").waitFor();
      await lead.page.getByText("Sân UBND xã Hoằng Hóa").first().waitFor();
      const moved = await prisma.registrationEvent.findUniqueOrThrow({ where: { id: event.id } });
      expect(moved).toMatchObject({
        place: "Sân UBND xã Hoằng Hóa",
        startsAt: new Date(`${day}T13:30:00+07:00`),
        endsAt: new Date(`${day}T16:30:00+07:00`),
        title: "Ngày hội định danh mức 2 thôn Trung",
      });

      const chat = await h.newPhone();
      await chat.page.setViewportSize(CHEAP_PHONE);
      await chat.page.goto(`${h.emulatorUrl}/chat?userId=${emulated.userId}`);
      const messages = chat.page.locator("#messages");
      await messages.getByText(/đã đổi thời gian và địa điểm/).waitFor({ timeout: REPLY_TIMEOUT_MS });
      await messages
        .getByText(/Sân UBND xã Hoằng Hóa/)
        .first()
        .waitFor();

      // Cancelling asks first, and says who will be told.
      await lead.page.getByTestId("cancel-event").click();
      await lead.page
        .getByTestId("cancel-confirm")
        .getByText(/1 người đã đăng ký sẽ được báo qua Zalo/)
        .waitFor();
      await lead.page.getByTestId("cancel-confirm").scrollIntoViewIfNeeded();
      await h.screenshot(lead.page, "72-event-cancel-confirm-360");
      await lead.page.getByTestId("confirm-cancel-event").click();
      await lead.page.getByTestId("toast").getByText("Đã hủy buổi đăng ký.").waitFor();
      await expect
        .poll(async () => (await prisma.registrationEvent.findUniqueOrThrow({ where: { id: event.id } })).status)
        .toBe("CANCELLED");
      await lead.page.getByTestId("edit-event").waitFor({ state: "detached" });
      await lead.page.getByTestId("event-cancelled").waitFor();
      // The page scrolls inside its container, not the window: bring the card's title under the header.
      await lead.page
        .getByTestId("event-cancelled")
        .evaluate((el) => el.closest(".card")?.scrollIntoView({ block: "center" }));
      await h.screenshot(lead.page, "72b-event-cancelled-360");
      await messages.getByText(/đã bị hủy\. Bạn không cần đến nữa/).waitFor({ timeout: REPLY_TIMEOUT_MS });
      await h.screenshot(chat.page, "73-event-cancelled-chat-360");
      expect(h.emulator.state.sent.filter((m) => m.userId === emulated.userId)).toHaveLength(2);
      await chat.context.close();
      await lead.context.close();

      // The quiz pages a secretary opens, at the same size.
      const admin = await prisma.member.findUniqueOrThrow({ where: { zaloId: ADMIN }, include: { unit: true } });
      const quiz = await createQuiz(prisma, admin, {
        title: "Tìm hiểu Nghị quyết Đại hội Đoàn toàn quốc lần thứ XIII",
        keyword: "THI DOAN",
        opensAt: new Date(Date.now() - DAY_MS).toISOString(),
        closesAt: new Date(Date.now() + 7 * DAY_MS).toISOString(),
        questions: [
          {
            text: "Đại hội Đoàn toàn quốc lần thứ XIII diễn ra năm nào?",
            choices: ["2022", "2017", "2024"],
            correctIndex: 0,
            explanation: null,
          },
        ],
      });
      const secretary = await h.openAs(ADMIN, "/admin/quizzes");
      await secretary.page.setViewportSize(CHEAP_PHONE);
      await secretary.page.getByTestId("quizzes-admin-page").waitFor();
      await secretary.page.getByText(quiz.title).first().waitFor();
      await expectCleanScreen(secretary.page);
      await h.screenshot(secretary.page, "74-quizzes-list-360");
      await secretary.page.goto(`${h.miniAppUrl}/admin/quizzes/${quiz.id}`);
      await secretary.page.getByTestId("quiz-detail-page").waitFor();
      await secretary.page.getByText("Bảng xếp hạng theo xã").waitFor();
      await expectCleanScreen(secretary.page);
      await h.screenshot(secretary.page, "75-quiz-detail-360");
      // The admin edits it with the create form, prefilled (no one has taken it: the questions may change too).
      await secretary.page.getByTestId("edit-quiz").click();
      await secretary.page.getByTestId("quiz-edit-page").waitFor();
      const titleInput = secretary.page.getByRole("textbox", { name: "Tên cuộc thi" });
      await expect.poll(() => titleInput.inputValue()).toBe(quiz.title);
      expect(await secretary.page.getByRole("textbox", { name: "Câu hỏi 1" }).inputValue()).toBe(
        "Đại hội Đoàn toàn quốc lần thứ XIII diễn ra năm nào?",
      );
      await titleInput.fill("Thi tìm hiểu Nghị quyết Đại hội Đoàn lần thứ XIII");
      await h.screenshot(secretary.page, "75b-quiz-edit-360");
      await secretary.page.getByRole("button", { name: "Lưu cuộc thi" }).click();
      await secretary.page.getByTestId("quiz-detail-page").waitFor();
      await secretary.page.getByText("Thi tìm hiểu Nghị quyết Đại hội Đoàn lần thứ XIII").first().waitFor();
      const saved = await prisma.quiz.findUniqueOrThrow({ where: { id: quiz.id } });
      expect(saved.title).toBe("Thi tìm hiểu Nghị quyết Đại hội Đoàn lần thứ XIII");
      // Once a resident started it, the questions are shown but not offered for editing; the times still are.
      await prisma.quizAttempt.create({ data: { quizId: quiz.id, residentId: resident.id, answers: [0] } });
      await secretary.page.getByTestId("edit-quiz").click();
      await secretary.page.getByTestId("quiz-edit-page").waitFor();
      await secretary.page
        .getByTestId("quiz-questions-locked")
        .getByText(/Đã có 1 người dự thi/)
        .waitFor();
      expect(await secretary.page.getByRole("textbox", { name: "Câu hỏi 1" }).count()).toBe(0);
      await secretary.page.getByRole("button", { name: "Lưu cuộc thi" }).click();
      await secretary.page.getByTestId("quiz-detail-page").waitFor();
      await secretary.page.getByTestId("toast").getByText("Đã lưu cuộc thi.").waitFor();
      await secretary.page.goto(`${h.miniAppUrl}/admin/quizzes/new`);
      await secretary.page.getByTestId("quiz-new-page").waitFor();
      await h.screenshot(secretary.page, "76-quiz-new-360");
      await secretary.context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );
});
