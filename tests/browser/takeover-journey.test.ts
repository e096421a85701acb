import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TAKEOVER_TEXT } from "../../bot/src/takeover/takeover-texts.ts";
import { CHROMIUM_PATH, type MiniAppHarness, startMiniAppHarness } from "./support/miniapp-harness.ts";

/**
 * A staff member answers a resident by hand (played by the emulator: a signed `oa_send_text` echo delivered to the
 * real server's webhook); the commune's lead sees the conversation on «Cán bộ đang trả lời» in the built mini-app
 * and hands it back to the assistant, which tells the resident it is back. Then the weekly report card.
 */

const LEAD = "8000000000000000002";
const JOURNEY_TIMEOUT_MS = 90_000;

describe.runIf(existsSync(CHROMIUM_PATH))("human takeover in the mini-app, in headless Chromium", () => {
  let h: MiniAppHarness;

  beforeAll(async () => {
    h = await startMiniAppHarness({ env: { QUIET_HOURS: "" }, queues: ["inbound", "outbound"] });
  }, 180_000);

  afterAll(async () => {
    await h?.close();
  });

  const waitFor = async (probe: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + 20_000;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it(
    "lists the resident a staff member answered and gives the conversation back",
    async () => {
      const prisma = h.server.app.prisma;
      const { state } = h.emulator;
      const resident = state.createResident("Bà Nguyễn Thị Lan");
      state.setFollower(resident, true);
      state.recordInteraction(resident);
      const control = (action: string, body: Record<string, unknown>) =>
        h.emulator.app.inject({ method: "POST", url: `/_emulator/users/${resident.userId}/${action}`, payload: body });
      await control("text", { text: "menu" });
      await waitFor(
        async () => (await prisma.resident.count({ where: { oaUserId: resident.userId } })) === 1,
        "the resident to be known",
      );
      // The staff member answers after the bot's own reply has gone out: an echo that arrives while a send to this
      // resident is in flight is taken for the bot's (the accepted risk of match-own-send.ts), and on a loaded
      // machine that reply could still be on its way.
      await waitFor(
        async () =>
          state.sent.some((s) => s.userId === resident.userId) &&
          (await prisma.outboundMessage.count({ where: { oaUserId: resident.userId, status: "QUEUED" } })) === 0,
        "the bot's reply to be sent",
      );
      const dao = await prisma.unit.findUniqueOrThrow({ where: { code: "HOANG_HOA_2025" } });
      await prisma.resident.update({
        where: { oaUserId: resident.userId },
        data: { unitId: dao.id, displayName: "Bà Nguyễn Thị Lan" },
      });
      await control("staff-reply", { text: "Dạ bà chờ cháu chút, cháu gọi lại ngay ạ." });
      await waitFor(
        async () =>
          (await prisma.resident.findUniqueOrThrow({ where: { oaUserId: resident.userId } })).humanTakeoverUntil !==
          null,
        "the takeover",
      );

      const { context, page } = await h.openAs(LEAD, "/admin");
      await page.getByTestId("admin-page").waitFor();
      await page.getByText("Cán bộ đang trả lời").click();
      await page.getByTestId("takeovers-admin-page").waitFor();
      const row = page.getByTestId("takeover-row").filter({ hasText: "Bà Nguyễn Thị Lan" });
      await row.waitFor();
      await row.getByText(/Trợ lý im lặng đến/).waitFor();
      await h.screenshot(page, "40-admin-takeovers");

      await row.getByRole("button", { name: "Trả lại cho trợ lý" }).click();
      await page.getByText("Không có cuộc trò chuyện nào do cán bộ trả lời.").waitFor();
      await waitFor(
        async () => state.sent.some((s) => s.userId === resident.userId && s.text === TAKEOVER_TEXT.backFromStaff),
        "the resident to be told the assistant is back",
      );
      expect(
        (await prisma.resident.findUniqueOrThrow({ where: { oaUserId: resident.userId } })).humanTakeoverUntil,
      ).toBeNull();

      await page.goto(`${h.miniAppUrl}/admin/exports`);
      await page.getByTestId("exports-admin-page").waitFor();
      const weeks = await page.getByTestId("weekly-report-week").locator("option").allInnerTexts();
      expect(weeks).toHaveLength(12);
      expect(weeks[1]).toContain("(tuần trước)");
      await page.getByRole("button", { name: "Tạo báo cáo tuần (.xlsx)" }).waitFor();
      await h.screenshot(page, "41-admin-exports-weekly");
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );
});
