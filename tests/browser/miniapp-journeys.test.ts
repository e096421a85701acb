import { existsSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_PATH, type MiniAppHarness, SCREENSHOT_DIR, startMiniAppHarness } from "./support/miniapp-harness.ts";

/**
 * The mini-app's main journeys, driven in headless Chromium against the built app, the real server and database,
 * and the Zalo emulator. Each main screen is saved as a PNG in test-results/screenshots/.
 */

const ADMIN = "8000000000000000001";
const MEMBER = "8000000000000000003";
const NEWCOMER = "8000000000000000005";
const JOURNEY_TIMEOUT_MS = 60_000;
/** A chatbot reply travels webhook → inbound job → outbound job → emulator: well under a second when healthy. */
const REPLY_TIMEOUT_MS = 10_000;

/** The icon font's ligature names ("zi_home") must never show as text; nor should English UI words. */
async function expectCleanScreen(page: Page): Promise<void> {
  const text = await page.locator("body").innerText();
  expect(text).not.toMatch(/\bzi_[a-z_]+/);
  expect(text).not.toMatch(/\b(undefined|null|NaN|Loading|Error)\b/);
}

async function shoot(h: MiniAppHarness, page: Page, name: string): Promise<void> {
  await expectCleanScreen(page);
  await h.screenshot(page, name);
}

describe.runIf(existsSync(CHROMIUM_PATH))("mini-app in headless Chromium", () => {
  let h: MiniAppHarness;

  beforeAll(async () => {
    h = await startMiniAppHarness();
    console.log(`screenshots folder: ${SCREENSHOT_DIR}`);
  }, 180_000);

  afterAll(async () => {
    await h?.close();
  });

  it("loads no zod on the first screen: the API schemas stay on the server and in the admin pages' chunks", async () => {
    // zod v4 is about 33 KB gzipped of the first screen's JavaScript (158 KB with it, 125 without, at stop 21):
    // a value imported from `@xks/shared/api/*` by a screen in the main bundle brings it back. `$ZodType` is in
    // every zod v4 bundle; zmp-sdk carries its own older zod, which has no such name.
    const html = await (await fetch(`${h.miniAppUrl}/`)).text();
    const entry = /<script type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
    expect(entry).toBeDefined();
    const script = await (await fetch(new URL(entry as string, `${h.miniAppUrl}/`))).text();
    expect(script.length).toBeGreaterThan(100_000);
    expect(script).not.toContain("$ZodType");
  });

  it(
    "a newcomer signs in on the Zalo page, registers, and is approved by the admin",
    async () => {
      const { context, page } = await h.newPhone();
      await page.goto(h.miniAppUrl);
      await page.getByTestId("welcome-page").waitFor();
      await shoot(h, page, "01-welcome");

      await page.getByRole("button", { name: "Đăng nhập bằng Zalo" }).click();
      await page.waitForURL(`${h.emulatorUrl}/signin**`);
      await page.locator(`a.user[href*="${NEWCOMER}"]`).click();

      await page.getByTestId("register-page").waitFor();
      await page.locator('input[name="name"]').fill("Hoàng Gia Bảo");
      await page.locator('input[name="unit-search"]').fill("hoang hoa");
      const unitSelect = page.locator('select[name="unit"]');
      await expect.poll(() => unitSelect.locator("option").count()).toBeGreaterThan(1);
      await unitSelect.selectOption("HOANG_HOA_2025");
      await shoot(h, page, "02-register");
      await page.getByRole("button", { name: "Gửi đăng ký" }).click();
      await page.getByTestId("pending-page").waitFor();
      await page.getByText("Đăng ký của bạn đang chờ duyệt").waitFor();
      await shoot(h, page, "03-pending");

      const admin = await h.openAs(ADMIN);
      await admin.page.getByTestId("home-page").waitFor();
      await admin.page.getByTestId("open-admin").click();
      await admin.page.getByTestId("admin-page").waitFor();
      await shoot(h, admin.page, "10-admin-hub");
      await admin.page.getByRole("button", { name: /Duyệt và quản lý đoàn viên/ }).click();
      const row = admin.page.locator(`[data-testid="member-row"][data-zalo-id="${NEWCOMER}"]`);
      await row.waitFor();
      await shoot(h, admin.page, "11-admin-members");
      await row.getByRole("button", { name: "Duyệt", exact: true }).click();
      await admin.page
        .getByTestId("toast")
        .getByText(/Đã duyệt/)
        .waitFor();
      await admin.context.close();

      await page.getByRole("button", { name: "Kiểm tra lại" }).click();
      await page.getByTestId("home-page").waitFor();
      await page.getByText("Xin chào, Hoàng Gia Bảo").waitFor();

      const member = await h.server.app.prisma.member.findUniqueOrThrow({ where: { zaloId: NEWCOMER } });
      expect(member.status).toBe("ACTIVE");
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "a member logs an assistance offline, sees it waiting, and it is sent exactly once when back online",
    async () => {
      const { context, page } = await h.openAs(MEMBER);
      await page.getByTestId("home-page").waitFor();
      await page.getByText("Tuần này của bạn").waitFor();
      await shoot(h, page, "04-home");

      await page.getByTestId("quick-log").click();
      await page.getByTestId("log-page").waitFor();
      await context.setOffline(true);
      await page.getByTestId("service-VNEID").click();
      await page.getByTestId("service-ONLINE_SAFETY").click();
      await page.getByRole("button", { name: "Thêm một" }).click();
      await shoot(h, page, "05-log-form");
      await page.getByRole("button", { name: "30", exact: true }).click();
      await page.locator('input[name="hamlet"]').fill("Thôn Đông");
      await page.getByRole("button", { name: "Cần hỗ trợ tiếp" }).click();
      await page.locator('textarea[name="note"]').fill("Bà cụ cần quay lại đặt mật khẩu");
      // The hint under the note stays readable above the sticky save button.
      const hint = page.getByText(/Không ghi số CCCD/);
      const [hintBox, saveBox] = await Promise.all([hint.boundingBox(), page.getByTestId("save-log").boundingBox()]);
      expect((hintBox?.y ?? 0) + (hintBox?.height ?? 0)).toBeLessThanOrEqual(saveBox?.y ?? 0);
      await shoot(h, page, "05b-log-form-filled");
      const startedAt = Date.now();
      await page.getByTestId("save-log").click();

      await page.getByTestId("my-logs-page").waitFor();
      expect(Date.now() - startedAt).toBeLessThan(3_000);
      await expect.poll(() => page.getByTestId("outbox-count").innerText()).toBe("(1)");
      await page.getByTestId("outbox-list").getByText("Thôn Đông").waitFor();
      await shoot(h, page, "06-outbox-waiting");
      const clientId = await page.evaluate(() => {
        const entries = JSON.parse(localStorage.getItem("xks.outbox.v1") ?? "[]") as { body: { clientId: string } }[];
        return entries[0]?.body.clientId ?? null;
      });
      expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
      const prisma = h.server.app.prisma;
      expect(await prisma.assistanceLog.count({ where: { clientId: clientId ?? "" } })).toBe(0);

      await context.setOffline(false);
      await page.getByTestId("outbox-empty").waitFor({ timeout: 15_000 });
      await page.getByTestId("sent-list").getByText("Thôn Đông").waitFor();
      await shoot(h, page, "07-outbox-synced");

      // A reload (app start syncs again) and a second sync must not create a second row.
      await page.reload();
      await page.getByTestId("my-logs-page").waitFor();
      await page.getByTestId("outbox-empty").waitFor();
      const rows = await prisma.assistanceLog.findMany({ where: { clientId: clientId ?? "" } });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ people: 2, minutes: 30, hamlet: "Thôn Đông", outcome: "FOLLOW_UP" });
      expect(rows[0]?.services.sort()).toEqual(["ONLINE_SAFETY", "VNEID"]);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "a resident asks for a volunteer on the chat page; a member of that commune claims and completes it, and the resident sees both",
    async () => {
      const prisma = h.server.app.prisma;
      const resident = h.emulator.state.createResident("Bà Nguyễn Thị Lựu");
      h.emulator.state.setFollower(resident, true);
      const oaSays = (pattern: RegExp) =>
        expect
          .poll(
            () =>
              h.emulator.state.conversation(resident.userId).some((m) => m.from === "oa" && pattern.test(m.text ?? "")),
            {
              timeout: REPLY_TIMEOUT_MS,
            },
          )
          .toBe(true);

      // The resident, on the emulator's chat page: webhook → inbound worker (chatbot) → outbound worker → Zalo.
      const chat = await h.newPhone();
      await chat.page.goto(`${h.emulatorUrl}/chat?userId=${resident.userId}`);
      const say = async (text: string) => {
        await chat.page.locator("#text").fill(text);
        await chat.page.locator("#text").press("Enter");
      };
      const messages = chat.page.locator("#messages");
      await say("nho doan vien ho tro");
      await messages.getByText(/Bạn ở xã\/phường nào/).waitFor({ timeout: REPLY_TIMEOUT_MS });
      // The 2023 name: Hoằng Đạo has been part of Xã Hoằng Hóa since 1 July 2025.
      await say("hoang dao");
      // "Ngày mai" is offered at any hour; "Sáng nay" and the like only before their time.
      await messages.getByRole("button", { name: "Ngày mai" }).click({ timeout: REPLY_TIMEOUT_MS });
      await messages
        .getByText(/Đã gửi yêu cầu hỗ trợ đến đoàn viên Xã Hoằng Hóa/)
        .waitFor({ timeout: REPLY_TIMEOUT_MS });
      const request = await prisma.helpRequest.findFirstOrThrow({
        where: { resident: { oaUserId: resident.userId } },
        include: { unit: true },
      });
      expect(request).toMatchObject({ status: "OPEN", preferredTime: "Ngày mai" });
      expect(request.unit.code).toBe("HOANG_HOA_2025");

      // A member of Xã Hoằng Hóa, in the mini-app.
      const { context, page } = await h.openAs(MEMBER, "/help");
      await page.getByTestId("help-page").waitFor();
      const card = page.locator(`[data-help-id="${request.id}"]`);
      await card.waitFor();
      await shoot(h, page, "08-help-open");
      await card.getByRole("button", { name: "Nhận hỗ trợ" }).click();
      await page
        .getByTestId("toast")
        .getByText(/Bạn đã nhận yêu cầu/)
        .waitFor();
      await oaSays(/Đoàn viên Nguyễn Thị Hoa \(Xã Hoằng Hóa\) đã nhận yêu cầu hỗ trợ/);

      // The member's own requests, then the request's page: the actions live there.
      await page.getByRole("button", { name: /^Của tôi/ }).click();
      await card.getByRole("button", { name: "Xem cách liên hệ và báo xong" }).click();
      await page.getByTestId("help-detail-page").waitFor();
      await shoot(h, page, "09-help-claimed");
      await page.getByRole("button", { name: "Đã hoàn thành – ghi nhận" }).click();
      await page
        .getByTestId("toast")
        .getByText(/Đã hoàn thành/)
        .waitFor();
      // Completing opens the assistance-log form for it.
      await page.getByTestId("log-page").waitFor();
      await oaSays(/đã hoàn thành/);
      // The fifth rating button travels in the follow-up message, sent right after: wait for it too.
      await oaSays(/^Thêm lựa chọn:/);
      await context.close();

      const done = await prisma.helpRequest.findUniqueOrThrow({ where: { id: request.id } });
      expect(done.status).toBe("DONE");
      expect(done.claimedById).not.toBeNull();
      // In order: who is coming, then the thanks with the five rating buttons. Zalo carries four buttons per
      // message, so the fifth follows in a short "more choices" message right after it.
      const fromOa = h.emulator.state.conversation(resident.userId).filter((m) => m.from === "oa");
      const claimedAt = fromOa.findIndex((m) => /đã nhận yêu cầu hỗ trợ/.test(m.text ?? ""));
      const doneAt = fromOa.findIndex((m) => /đã hoàn thành/.test(m.text ?? ""));
      expect(claimedAt).toBeGreaterThanOrEqual(0);
      expect(doneAt).toBe(claimedAt + 1);
      expect(fromOa.slice(doneAt).flatMap((m) => (m.buttons ?? []).map((b) => b.title))).toEqual([
        "⭐⭐⭐⭐⭐ Rất tốt",
        "⭐⭐⭐⭐ Tốt",
        "⭐⭐⭐ Bình thường",
        "⭐⭐ Chưa tốt",
        "⭐ Không hài lòng",
      ]);

      // The chat page, still open, received both over its event stream.
      await messages.getByText(/Nguyễn Thị Hoa \(Xã Hoằng Hóa\) đã nhận/).waitFor();
      await messages.getByRole("button", { name: "⭐⭐⭐⭐⭐ Rất tốt" }).waitFor();
      await shoot(h, chat.page, "09b-chat-resident-confirmed");
      await chat.context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "a member reads content (pinned first, search, QR drawn on the phone) and the dashboards",
    async () => {
      const { context, page } = await h.openAs(MEMBER, "/content");
      await page.getByTestId("content-page").waitFor();
      const cards = page.getByTestId("content-list").locator("li");
      await cards.first().waitFor();
      await expect.poll(() => cards.first().innerText()).toContain("Ghim");
      await shoot(h, page, "12-content-feed");

      const total = await cards.count();
      // Without diacritics, as people type: the search folds "Cuộc thi" to "cuoc thi".
      await page.getByLabel("Tìm tài liệu").fill("cuoc thi truc tuyen");
      await expect.poll(() => cards.count()).toBeLessThan(total);
      await page
        .getByTestId("content-list")
        .getByRole("button", { name: /Cuộc thi trực tuyến/ })
        .click();
      await page.getByTestId("content-detail-page").waitFor();
      await page.getByTestId("qr-code").waitFor();
      await shoot(h, page, "13-content-qr");

      await page.goBack();
      await page.getByLabel("Tìm tài liệu").fill("");
      await page.getByTestId("content-list").getByText(/VNeID/).first().click();
      await page.getByTestId("content-detail-page").waitFor();
      await shoot(h, page, "14-content-guide");

      await page.getByRole("button", { name: "Thống kê" }).click();
      await page.getByTestId("stats-page").waitFor();
      await page.getByText("Số người được giúp theo tuần").waitFor();
      await shoot(h, page, "15-stats-me");
      // The unit's members come a page at a time (the whole organisation's view lists every member).
      const prisma = h.server.app.prisma;
      const { unitId } = await prisma.member.findUniqueOrThrow({ where: { zaloId: MEMBER } });
      await prisma.member.createMany({
        data: Array.from({ length: 60 }, (_, i) => ({
          zaloId: `journey-page-${i}`,
          name: `Đoàn viên thử ${i}`,
          unitId,
          status: "ACTIVE" as const,
          approvedAt: new Date(),
        })),
      });
      await page.getByRole("button", { name: "Đơn vị", exact: true }).click();
      await page.getByText(/chỉ tiêu/).waitFor();
      await shoot(h, page, "16-stats-unit");
      const memberRows = page.getByTestId("unit-member");
      await expect.poll(() => memberRows.count()).toBe(50);
      const membersCount = page.getByTestId("unit-members-count");
      const membersTotal = Number((await membersCount.innerText()).match(/^Đang xem 50 \/ (\d+) đoàn viên$/)?.[1]);
      expect(membersTotal).toBeGreaterThan(60);
      await page.getByRole("button", { name: "Xem thêm" }).click();
      await expect.poll(() => memberRows.count()).toBe(membersTotal);
      expect(await membersCount.innerText()).toBe(`Đang xem ${membersTotal} / ${membersTotal} đoàn viên`);
      await context.close();

      // Residents' anonymous progress through the VNeID checklist, as the chatbot records it.
      // Half of those who reach "Nhập mã OTP" stop there; every other step keeps at least three in four.
      const steps = {
        start: 15,
        "l1-install": 12,
        "l1-register": 10,
        "l1-otp": 10,
        "l1-password": 5,
        "l1-next": 4,
        "done-l1": 3,
      };
      await h.server.app.prisma.checklistStepEvent.createMany({
        data: Object.entries(steps).flatMap(([stepId, n]) =>
          Array.from({ length: n }, () => ({ checklistId: "vneid", stepId, kind: "ENTERED" as const })),
        ),
      });
      const admin = await h.openAs(ADMIN, "/stats");
      await admin.page.getByTestId("stats-page").waitFor();
      await admin.page.getByRole("button", { name: "Tổ chức", exact: true }).click();
      await admin.page.getByTestId("ranked-units").waitFor();
      await shoot(h, admin.page, "17-stats-organisation");
      // The ranking is a page at a time; typed without diacritics, a search finds the commune at its real rank.
      const rankedRows = admin.page.getByTestId("ranked-unit");
      const shown = await rankedRows.count();
      expect(await admin.page.getByTestId("ranked-units-count").innerText()).toMatch(
        new RegExp(`^Đang xem ${shown} / \\d+ đơn vị$`),
      );
      await admin.page.locator('input[name="unit-ranking-search"]').fill("hoang son");
      await expect.poll(() => rankedRows.count()).toBe(1);
      await rankedRows.first().getByText("Xã Hoằng Sơn").waitFor();
      await admin.page.locator('input[name="unit-ranking-search"]').fill("");
      await expect.poll(() => rankedRows.count()).toBe(shown);
      // Checklists by the titles residents see, and the step where most stop by its title, never by id.
      const funnel = admin.page.locator('[data-testid="checklist-funnel"][data-checklist-id="vneid"]');
      await funnel.scrollIntoViewIfNeeded();
      await funnel.getByText("Định danh điện tử VNeID").waitFor();
      await funnel.getByText(/Dừng nhiều nhất ở bước “Nhập mã OTP”/).waitFor();
      expect(await funnel.innerText()).not.toMatch(/vneid|l1-/);
      await shoot(h, admin.page, "17b-stats-checklists");
      await admin.page.goto(`${h.miniAppUrl}/admin/exports`);
      await admin.page.getByTestId("exports-admin-page").waitFor();
      await shoot(h, admin.page, "18-admin-exports");
      await admin.page.goto(`${h.miniAppUrl}/admin/content/new`);
      await admin.page.getByTestId("content-editor-page").waitFor();
      await shoot(h, admin.page, "19-admin-content-editor");
      await admin.context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );
});
