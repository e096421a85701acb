import { existsSync, readFileSync } from "node:fs";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_PATH, type MiniAppHarness, startMiniAppHarness } from "./support/miniapp-harness.ts";

/**
 * A quiz from both sides, in headless Chromium against the built mini-app, the real server (demo data), its
 * workers and the Zalo emulator: the admin writes a quiz (a mistake first, refused in Vietnamese), sees its QR
 * poster and saves it (PNG and SVG, through the signed link, as inside Zalo's webview); a resident on the emulator's chat page starts it by its keyword, answers with a button and gets the score;
 * the quiz's leaderboard then shows the resident's commune.
 */

const ADMIN = "8000000000000000001";
const JOURNEY_TIMEOUT_MS = 120_000;
const REPLY_TIMEOUT_MS = 20_000;

/** "2026-11-30" in Vietnam, `offsetDays` from today. */
function vietnamDay(offsetDays: number): string {
  return new Date(Date.now() + 7 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

describe.runIf(existsSync(CHROMIUM_PATH))("quiz journey in headless Chromium", () => {
  let h: MiniAppHarness;

  beforeAll(async () => {
    h = await startMiniAppHarness({ queues: ["inbound", "outbound"] });
  }, 180_000);

  afterAll(async () => {
    await h?.close();
  });

  it(
    "an admin creates a quiz and sees its QR code; a resident takes it on the chat page; the leaderboard shows the commune",
    async () => {
      const { context, page } = await h.openAs(ADMIN, "/admin/quizzes/new");
      await page.getByTestId("quiz-new-page").waitFor();
      // A mistake first: nothing typed. The form says what is missing, in Vietnamese, and saves nothing.
      await page.getByRole("button", { name: "Lưu cuộc thi" }).click();
      await page.getByTestId("quiz-form-errors").getByText("Vui lòng nhập tên cuộc thi.").waitFor();
      await page.getByTestId("quiz-form-errors").getByText("Câu 1: Vui lòng nhập nội dung câu hỏi.").waitFor();
      expect(await h.server.app.prisma.quiz.count()).toBe(0);

      await page.getByLabel("Tên cuộc thi").fill("Tìm hiểu Nghị quyết Đại hội Đoàn");
      await page.getByLabel("Từ khóa").fill("Thi Đoàn Viên");
      await page
        .locator('input[type="datetime-local"]')
        .first()
        .fill(`${vietnamDay(-1)}T08:00`);
      await page
        .locator('input[type="datetime-local"]')
        .nth(1)
        .fill(`${vietnamDay(7)}T17:00`);
      await page.getByLabel("Câu hỏi 1").fill("Tài khoản định danh mức 2 đăng ký ở đâu?");
      await page.getByLabel("Câu 1 lựa chọn A").fill("Bưu điện");
      await page.getByLabel("Câu 1 lựa chọn B").fill("Công an xã");
      await page.getByLabel("Đáp án đúng là B").check();
      // Points for one commune, found by its 2023 name: the picker says which commune it is part of today.
      await page.getByLabel("Tìm xã/phường").fill("hoang dao");
      await page.getByTestId("unit-choices").getByLabel("Xã Hoằng Hóa (gồm Hoằng Đạo cũ)").check();
      expect(await page.getByTestId("selected-units").innerText()).toBe("Xã Hoằng Hóa");
      await h.screenshot(page, "60-admin-quiz-form");
      await page.getByRole("button", { name: "Lưu cuộc thi" }).click();

      await page.getByTestId("quiz-detail-page").waitFor();
      await page.getByTestId("qr-poster-image").waitFor();
      await page.getByText("Người dân quét mã để mở trang OA, rồi nhắn «Thi Đoàn Viên».").waitFor();
      const quiz = await h.server.app.prisma.quiz.findFirstOrThrow({ include: { questions: true } });
      expect(quiz).toMatchObject({ keyword: "Thi Đoàn Viên", keywordKey: "thi doan vien" });
      expect(quiz.questions).toHaveLength(1);
      const scored = await h.server.app.prisma.quizUnit.findMany({
        where: { quizId: quiz.id },
        include: { unit: true },
      });
      expect(scored.map((u) => u.unit.code)).toEqual(["HOANG_HOA_2025"]);
      await page.getByTestId("qr-poster").scrollIntoViewIfNeeded();
      await h.screenshot(page, "61-admin-quiz-qr");

      // The poster saved as it is inside Zalo's webview: through a signed link the page opens (no blob, no bearer
      // token), named after the quiz, and the PNG decodes back to the OA's link.
      const [png] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Tải ảnh PNG" }).click(),
      ]);
      const pngUrl = new URL(png.url());
      expect(`${pngUrl.origin}${pngUrl.pathname}`).toBe(`${h.apiUrl}/api/qr/quiz/${quiz.id}/png/file`);
      expect([...pngUrl.searchParams.keys()].sort()).toEqual(["exp", "m", "sig"]);
      expect(png.suggestedFilename()).toBe("Mã QR - Tìm hiểu Nghị quyết Đại hội Đoàn.png");
      const image = PNG.sync.read(readFileSync(await png.path()));
      expect(jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data).toBe(
        `https://zalo.me/${h.server.config.ZALO_OA_ID}`,
      );
      const [svg] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Tải SVG (in ấn)" }).click(),
      ]);
      expect(new URL(svg.url()).pathname).toBe(`/api/qr/quiz/${quiz.id}/svg/file`);
      expect(svg.suggestedFilename()).toBe("Mã QR - Tìm hiểu Nghị quyết Đại hội Đoàn.svg");
      expect(readFileSync(await svg.path(), "utf8")).toContain("«Thi Đoàn Viên»");
      // The download did not take the admin away from the quiz, and nothing went wrong on screen.
      await page.getByTestId("quiz-detail-page").waitFor();
      expect(await page.getByTestId("qr-poster").getByRole("alert").count()).toBe(0);

      // The resident, on the emulator's chat page: webhook → inbound worker → outbound worker → Zalo.
      const resident = h.emulator.state.createResident("Ông Lê Văn Tám");
      h.emulator.state.setFollower(resident, true);
      const chat = await h.newPhone();
      await chat.page.goto(`${h.emulatorUrl}/chat?userId=${resident.userId}`);
      const say = async (text: string) => {
        await chat.page.locator("#text").fill(text);
        await chat.page.locator("#text").press("Enter");
      };
      const messages = chat.page.locator("#messages");
      await say("thi doan vien");
      await messages
        .getByText(/Bạn ở xã\/phường nào\? Điểm của bạn được tính cho xã mình/)
        .waitFor({ timeout: REPLY_TIMEOUT_MS });
      // Hoằng Đạo, a 2023 commune: its points count for Xã Hoằng Hóa, the commune it is part of since 2025.
      await say("hoằng đạo");
      await messages
        .getByText(/Câu 1\/1: Tài khoản định danh mức 2 đăng ký ở đâu\?/)
        .waitFor({ timeout: REPLY_TIMEOUT_MS });
      await say("chắc là ở xã");
      await messages.getByText(/Mình chưa nhận được đáp án/).waitFor({ timeout: REPLY_TIMEOUT_MS });
      await h.screenshot(chat.page, "62-chat-quiz-question");
      await messages.getByRole("button", { name: "B. Công an xã" }).last().click();
      await messages.getByText(/Kết quả: đúng 1\/1 câu\./).waitFor({ timeout: REPLY_TIMEOUT_MS });
      await h.screenshot(chat.page, "63-chat-quiz-result");

      await page.reload();
      await page.getByTestId("quiz-leaderboard").waitFor();
      const board = page.getByTestId("quiz-leaderboard");
      await board.getByText("Xã Hoằng Hóa").waitFor();
      expect(await board.locator("tbody tr").count()).toBe(1);
      expect(await board.textContent()).not.toContain("Lê Văn Tám");
      await board.scrollIntoViewIfNeeded();
      await h.screenshot(page, "64-admin-quiz-leaderboard");
      await chat.context.close();
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );
});
