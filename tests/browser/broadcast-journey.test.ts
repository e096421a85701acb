import { existsSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Resident as EmulatedResident } from "../../emulator/src/emulator-state.ts";
import { CHROMIUM_PATH, type MiniAppHarness, startMiniAppHarness } from "./support/miniapp-harness.ts";

/**
 * The broadcast journey of issue 5, end to end: an admin sends a notice from the mini-app to the residents of two
 * communes, watches the counts reach their final values on the status screen, and each reachable resident of
 * those communes receives it exactly once at the emulator, nobody else at all.
 */

const ADMIN = "8000000000000000001";
const JOURNEY_TIMEOUT_MS = 90_000;
/** Seven deliveries through the real queue, the shared rate limiter and the emulator: seconds when healthy. */
const FINISH_TIMEOUT_MS = 30_000;
const DAY_MS = 86_400_000;

const TITLE = "Lịch làm căn cước cho người cao tuổi";
const TEXT =
  "Sáng thứ Bảy, 8 giờ, tại nhà văn hóa xã, đoàn viên hỗ trợ bà con làm căn cước gắn chip và kích hoạt VNeID. " +
  "Mang theo căn cước cũ và điện thoại.";

/** "billed": last wrote 3 days ago, in the 48 h–7 d band Zalo bills; left out with the default PAID_MESSAGES=off. */
type Reach = "reachable" | "opted-out" | "outside-window" | "billed";

interface SeededResident {
  name: string;
  unitCode: string;
  reach: Reach;
  emulated: EmulatedResident;
}

async function expectCleanScreen(page: Page): Promise<void> {
  const text = await page.locator("body").innerText();
  expect(text).not.toMatch(/\bzi_[a-z_]+/);
  expect(text).not.toMatch(/\b(undefined|null|NaN|Loading|Error)\b/);
  // The status screen is for a union secretary: no English state names, no unit codes.
  expect(text).not.toMatch(/\b(scheduled|sending|done|cancelled|queued|sent|failed|skipped)\b/i);
  expect(text).not.toMatch(/\bHOANG_[A-Z_]+\b/);
}

describe.runIf(existsSync(CHROMIUM_PATH))("broadcast notice from the mini-app", () => {
  let h: MiniAppHarness;

  beforeAll(async () => {
    // Quiet hours off: a notice sent by the test at night must not wait for the morning.
    h = await startMiniAppHarness({ env: { QUIET_HOURS: "" } });
  }, 180_000);

  afterAll(async () => {
    await h?.close();
  });

  /** A resident known to both sides: the emulator (follower, window open or not) and the server's Resident row. */
  async function seedResident(name: string, unitCode: string, reach: Reach): Promise<SeededResident> {
    const prisma = h.server.app.prisma;
    const emulated = h.emulator.state.createResident(name);
    h.emulator.state.setFollower(emulated, true);
    if (reach === "outside-window") h.emulator.state.closeWindowFor(emulated);
    else h.emulator.state.recordInteraction(emulated);
    const lastInteractionAt =
      reach === "outside-window"
        ? new Date(Date.now() - 8 * DAY_MS)
        : reach === "billed"
          ? new Date(Date.now() - 3 * DAY_MS)
          : new Date();
    if (reach === "billed") emulated.lastInteractionAt = lastInteractionAt.getTime();
    const unit = await prisma.unit.findUniqueOrThrow({ where: { code: unitCode } });
    await prisma.resident.create({
      data: {
        oaUserId: emulated.userId,
        displayName: name,
        unitId: unit.id,
        followState: "FOLLOWING",
        lastInteractionAt,
        remindersOptOut: reach === "opted-out",
      },
    });
    return { name, unitCode, reach, emulated };
  }

  it(
    "an admin notifies the residents of Hoằng Hóa and Hoằng Sơn and watches every count reach its final value",
    async () => {
      const residents = [
        await seedResident("Ông Lê Văn Tám", "HOANG_HOA_2025", "reachable"),
        await seedResident("Bà Trịnh Thị Mai", "HOANG_HOA_2025", "reachable"),
        await seedResident("Chị Đỗ Thu Hà", "HOANG_HOA_2025", "reachable"),
        await seedResident("Ông Phạm Văn Hùng", "HOANG_HOA_2025", "opted-out"),
        await seedResident("Anh Nguyễn Văn Nam", "HOANG_SON_2025", "reachable"),
        await seedResident("Bà Hoàng Thị Lan", "HOANG_SON_2025", "reachable"),
        await seedResident("Cụ Vũ Văn Thọ", "HOANG_SON_2025", "outside-window"),
        await seedResident("Chú Mai Văn Bảy", "HOANG_SON_2025", "billed"),
        await seedResident("Chị Lê Thị Hồng", "HOANG_CHAU_2025", "reachable"),
      ];
      const inAudience = residents.filter((r) => r.unitCode === "HOANG_HOA_2025" || r.unitCode === "HOANG_SON_2025");
      const reachable = inAudience.filter((r) => r.reach === "reachable");

      const { context, page } = await h.openAs(ADMIN, "/admin/broadcast");
      await page.getByTestId("broadcast-admin-page").waitFor();
      await page.getByRole("button", { name: "Chọn một số" }).click();
      const search = page.getByLabel("Tìm xã/phường");
      const choices = page.getByTestId("unit-choices");
      // A secretary who still says the 2023 name finds the commune it is part of today, and is told why.
      await search.fill("hoang dao");
      await expect
        .poll(() => choices.locator(".unit-choice").allInnerTexts())
        .toEqual(["Xã Hoằng Hóa (gồm Hoằng Đạo cũ)"]);
      await choices.getByLabel("Xã Hoằng Hóa (gồm Hoằng Đạo cũ)").check();
      expect(await page.getByTestId("selected-units").innerText()).toBe("Xã Hoằng Hóa");
      await search.fill("hoang son");
      await choices.getByLabel("Xã Hoằng Sơn").check();
      await search.fill("");
      // Communes only: ticking the district union would reach none of its communes' residents.
      expect(await choices.getByText("Huyện đoàn Hoằng Hóa").count()).toBe(0);
      const reach = page.getByTestId("broadcast-reach");
      await expect
        .poll(() => reach.innerText())
        .toMatch(new RegExp(`Gửi được tới ${reachable.length} / ${inAudience.length} người`));
      expect(await reach.innerText()).toMatch(/1 người quá 7 ngày không nhắn OA/);
      expect(await reach.innerText()).toMatch(/1 người đã tắt nhận tin/);
      // What it costs: the free band, the billed one, and why the billed resident is left out.
      expect(await page.getByTestId("broadcast-bands").innerText()).toBe(
        `Miễn phí (trong 48 giờ từ lần nhắn cuối): ${reachable.length} · Tính phí (48 giờ – 7 ngày): 1`,
      );
      expect(await reach.innerText()).toMatch(
        /1 người đã quá 48 giờ không nhắn OA: tin đến họ sẽ tính phí nên không gửi/,
      );
      await page.getByTestId("selected-units").scrollIntoViewIfNeeded();
      await expectCleanScreen(page);
      await h.screenshot(page, "20-broadcast-audience");

      await page.locator('input[name="title"]').fill(TITLE);
      await page.locator('textarea[name="text"]').fill(TEXT);
      await expectCleanScreen(page);
      await h.screenshot(page, "20b-broadcast-composer");
      await page.getByRole("button", { name: "Gửi thông báo" }).click();
      await page.getByText(/Gửi “Lịch làm căn cước/).waitFor();
      // A slow Zalo keeps the notice "sending" long enough to see the screen mid-way, with its cancel button.
      h.emulator.state.faults.latencyMs = 4_000;
      await page.getByRole("button", { name: "Xác nhận gửi" }).click();

      // The status screen polls: sending, then done, without a reload.
      await page.getByTestId("broadcast-status-page").waitFor();
      const status = page.getByTestId("broadcast-status");
      // The page polls every 2 s: give it two polls to see the start (slow under a loaded machine).
      await expect.poll(() => status.getAttribute("data-status"), { timeout: 5_000 }).toBe("sending");
      await status.getByText("Đang gửi").waitFor();
      await page.getByRole("button", { name: "Hủy gửi" }).waitFor();
      await expectCleanScreen(page);
      await h.screenshot(page, "21a-broadcast-status-sending");
      h.emulator.state.faults.latencyMs = 0;
      await expect.poll(() => status.getAttribute("data-status"), { timeout: FINISH_TIMEOUT_MS }).toBe("done");
      await expect.poll(() => status.innerText()).toBe("Đã xong");
      const count = (key: string) => page.getByTestId(`count-${key}`).innerText();
      expect(await count("total")).toBe(String(inAudience.length));
      expect(await count("sent")).toBe(String(reachable.length));
      expect(await count("skipped")).toBe(String(inAudience.length - reachable.length));
      expect(await count("failed")).toBe("0");
      expect(await count("queued")).toBe("0");
      expect(await page.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("100");
      await page.getByText(`Đã xử lý ${inAudience.length}/${inAudience.length} người`).waitFor();
      expect(await page.getByTestId("broadcast-summary").innerText()).toBe(
        `Đã tới ${reachable.length} người. ${inAudience.length - reachable.length} người không nhận được.`,
      );
      expect(await page.getByTestId("left-out-paid").innerText()).toMatch(/^1 người không được gửi vì đã quá 48 giờ/);
      await page.getByRole("button", { name: "Hủy gửi" }).waitFor({ state: "detached" });
      await expectCleanScreen(page);
      await h.screenshot(page, "21b-broadcast-status-done");

      // At Zalo: each reachable resident of the two communes got the notice once; nobody else got it.
      const notices = (r: SeededResident) =>
        h.emulator.state.conversation(r.emulated.userId).filter((m) => m.from === "oa" && m.text?.includes(TITLE));
      for (const r of residents) {
        const expected = reachable.includes(r) ? 1 : 0;
        expect({ name: r.name, notices: notices(r).length }).toEqual({ name: r.name, notices: expected });
      }
      expect(notices(reachable[0] as SeededResident)[0]?.text).toBe(`${TITLE}\n\n${TEXT}`);

      // The composer lists it, done, and opens its status again.
      await page.getByRole("button", { name: "Về danh sách thông báo" }).click();
      await page.getByTestId("broadcast-admin-page").waitFor();
      const row = page.getByTestId("broadcast-row").filter({ hasText: TITLE });
      await row.getByText("Đã xong").waitFor();
      await row.getByText("Xã Hoằng Hóa, Xã Hoằng Sơn").waitFor();
      await row.scrollIntoViewIfNeeded();
      await expectCleanScreen(page);
      await h.screenshot(page, "22-broadcast-recent");
      await row.click();
      await page.getByTestId("broadcast-status-page").waitFor();
      await expect.poll(() => page.getByTestId("count-sent").innerText()).toBe(String(reachable.length));

      // The organisation dashboard counts today's messages by band: the notice went out free only.
      await page.goto(`${h.miniAppUrl}/stats`);
      await page.getByTestId("stats-page").waitFor();
      await page.getByRole("button", { name: "Tổ chức", exact: true }).click();
      const totals = page.getByTestId("messaging-totals");
      await expect.poll(() => totals.innerText()).toBe(`Miễn phí: ${reachable.length} · Tính phí: 0`);
      // Per day (summed, so a local midnight during the test cannot split the check).
      const days = page.getByTestId("messaging-days").locator("tbody tr");
      const column = async (n: number) =>
        (await days.locator(`td:nth-child(${n})`).allInnerTexts()).reduce((sum, v) => sum + Number(v), 0);
      expect([await column(2), await column(3)]).toEqual([reachable.length, 0]);
      await days.last().scrollIntoViewIfNeeded();
      await h.screenshot(page, "22b-stats-messages-by-band");
      await context.close();

      // The resident's side: the emulator's chat page shows the notice, once.
      const first = reachable[0] as SeededResident;
      const chat = await h.newPhone();
      await chat.page.goto(`${h.emulatorUrl}/chat?userId=${first.emulated.userId}`);
      const messages = chat.page.locator("#messages");
      await messages.getByText(TITLE).waitFor();
      expect(await messages.getByText(TITLE).count()).toBe(1);
      await h.screenshot(chat.page, "23-broadcast-chat-resident");
      await chat.context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "an admin schedules a notice for tomorrow from the composer, then cancels it",
    async () => {
      const { context, page } = await h.openAs(ADMIN, "/admin/broadcast");
      await page.getByTestId("broadcast-admin-page").waitFor();
      await page.getByLabel("Chỉ gửi người chưa hoàn thành hướng dẫn").selectOption({ index: 1 });
      await page.locator('input[name="title"]').fill("Nhắc kích hoạt VNeID");
      await page.locator('textarea[name="text"]').fill("Chiều mai đoàn viên hỗ trợ tại nhà văn hóa xã.");
      await page.getByRole("button", { name: "Hẹn giờ", exact: true }).click();
      const sendAt = page.getByLabel("Giờ gửi");
      // A time in the past is refused, in Vietnamese.
      await sendAt.fill("2020-01-01T08:00");
      await page.getByRole("button", { name: "Hẹn giờ gửi" }).click();
      await page.getByText(/Thời điểm gửi đã qua/).waitFor();
      const tomorrow = new Date(Date.now() + DAY_MS);
      const pad = (n: number) => String(n).padStart(2, "0");
      await sendAt.fill(`${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())}T09:00`);
      await expectCleanScreen(page);
      await h.screenshot(page, "20c-broadcast-composer-scheduled");
      await page.getByRole("button", { name: "Hẹn giờ gửi" }).click();
      await page.getByRole("button", { name: "Xác nhận gửi" }).click();

      await page.getByTestId("broadcast-status-page").waitFor();
      const status = page.getByTestId("broadcast-status");
      await status.getByText("Đã lên lịch").waitFor();
      await page.getByRole("button", { name: "Hủy gửi" }).click();
      await page.getByRole("button", { name: "Xác nhận hủy" }).click();
      await status.getByText("Đã hủy").waitFor();
      const row = await h.server.app.prisma.broadcast.findFirstOrThrow({ where: { title: "Nhắc kích hoạt VNeID" } });
      expect(row.status).toBe("CANCELLED");
      expect(row.sendAt.getTime()).toBeGreaterThan(Date.now());
      expect((row.audience as { unfinishedChecklist?: string }).unfinishedChecklist).toBeTruthy();
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "an admin cancels a scheduled notice from its status screen",
    async () => {
      const scheduled = await h.server.app.prisma.broadcast.create({
        data: {
          title: "Họp đoàn viên cuối tháng",
          text: "Họp lúc 19 giờ tại hội trường xã.",
          audience: { kind: "residents", unitCodes: ["HOANG_HOA_2025"] },
          sendAt: new Date(Date.now() + 2 * DAY_MS),
          total: 4,
        },
      });
      const { context, page } = await h.openAs(ADMIN, `/admin/broadcast/${scheduled.id}`);
      const status = page.getByTestId("broadcast-status");
      await status.getByText("Đã lên lịch").waitFor();
      await page
        .getByTestId("broadcast-summary")
        .getByText(/Sẽ gửi lúc/)
        .waitFor();
      expect(await page.getByTestId("count-queued").innerText()).toBe("4");
      await page.getByRole("button", { name: "Hủy gửi" }).click();
      await page.getByRole("button", { name: "Xác nhận hủy" }).click();
      await status.getByText("Đã hủy").waitFor();
      await page.getByText("Đã hủy, chưa ai nhận được thông báo này.").waitFor();
      await page.getByRole("button", { name: "Hủy gửi" }).waitFor({ state: "detached" });
      await expectCleanScreen(page);
      await h.screenshot(page, "24-broadcast-status-cancelled");
      const row = await h.server.app.prisma.broadcast.findUniqueOrThrow({ where: { id: scheduled.id } });
      expect(row.status).toBe("CANCELLED");
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "an admin whose phone is on New York time writes and reads a notice's event time in Vietnam time",
    async () => {
      const eventDay = `${new Date().getUTCFullYear() + 1}-01-15`;
      const { context, page } = await h.openAs(ADMIN, "/admin/content/new", { timezoneId: "America/New_York" });
      await page.getByTestId("content-editor-page").waitFor();
      await page.locator('input[name="title"]').fill("Ngày hội làm căn cước tại xã");
      await page.locator('textarea[name="body"]').fill("Mang theo giấy khai sinh.");
      await page.getByLabel("Thời gian sự kiện (với thông báo)").fill(`${eventDay}T08:00`);
      await page.getByRole("button", { name: "Lưu nội dung" }).click();
      await page.getByTestId("content-admin-page").waitFor();
      const item = await h.server.app.prisma.contentItem.findFirstOrThrow({
        where: { title: "Ngày hội làm căn cước tại xã" },
      });
      // 08:00 in Vietnam (UTC+7), not 08:00 in New York (UTC-5), which would be 13:00 UTC.
      expect(item.eventAt?.toISOString()).toBe(`${eventDay}T01:00:00.000Z`);

      await page.goto(page.url().replace("/admin/content", `/admin/content/${item.id}`));
      await page.getByTestId("content-editor-page").waitFor();
      expect(await page.getByLabel("Thời gian sự kiện (với thông báo)").inputValue()).toBe(`${eventDay}T08:00`);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );
});
