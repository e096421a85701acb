import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUTTON } from "../bot/src/conversation/texts.ts";
import { startWorkers, type WorkerRuntime } from "../bot/src/worker-runtime.ts";
import { NUMBERED_CHOICES_TEXT } from "../bot/src/zalo/convert-to-zalo-message.ts";
import { startChatStack, stopChatStack } from "./support/chat-stack.ts";
import type { TestApp } from "./support/test-app.ts";
import { sayAndSettle } from "./support/webhook-turns.ts";
import type { RunningEmulator } from "./support/zalo-emulator.ts";

/**
 * Degrade, never go silent: with the emulator refusing buttons on text (as Zalo may: the shape has no official v3
 * sample), every reply still reaches the resident as plain text with numbered choices, the resident answers by
 * typing numbers, and admins get one alert.
 */

let emu: RunningEmulator;
let t: TestApp;
let runtime: WorkerRuntime;

beforeAll(async () => {
  ({ emu, t, runtime } = await startChatStack());
});

afterAll(() => stopChatStack({ emu, t, runtime }));

const prisma = () => t.app.prisma;

/** Posts a signed text event and waits until its turn is processed and every reply has left. */
async function say(userId: string, text: string): Promise<void> {
  await sayAndSettle(t.app, userId, text);
}

/** What the resident read last in the emulated chat. */
function lastRead(userId: string): string {
  return emu.emulator.state.sent.filter((m) => m.userId === userId).at(-1)?.text ?? "";
}

describe("plain text with numbered choices when Zalo refuses buttons", () => {
  it("lets a resident complete the VNeID level-1 checklist by typing numbers; admins see one alert", async () => {
    emu.emulator.state.faults.refuseButtons = true;
    const r = emu.reachableResident("Cư dân gõ số");

    await say(r.userId, "xin chào");
    const menu = emu.emulator.state.sent.filter((m) => m.userId === r.userId).map((m) => m.text);
    expect(menu.join("\n")).toContain("1. Định danh điện tử VNeID");
    // The checklists are listed once, by the menu itself; the choices it lacks follow, numbered on.
    expect(menu.at(-1)).toBe(`Hoặc:\n\n${NUMBERED_CHOICES_TEXT}\n7. ${BUTTON.help}`);
    await say(r.userId, "1"); // the menu: VNeID
    expect(lastRead(r.userId)).toContain(`${NUMBERED_CHOICES_TEXT}\n1. Chưa có tài khoản`);
    await say(r.userId, "1"); // Chưa có tài khoản → install the app (an instruction step)
    const install = lastRead(r.userId);
    expect(install).toContain(`1. ${BUTTON.done}\n2. ${BUTTON.stuck}\n3. ${BUTTON.help}`);
    // The link button is written out, not numbered.
    expect(install).toContain("Trang VNeID chính thức: https://vneid.gov.vn");
    await say(r.userId, "1"); // Xong → register
    await say(r.userId, "1"); // Xong → OTP
    await say(r.userId, "2"); // Gặp khó khăn → the OTP troubleshooting step
    expect(lastRead(r.userId)).toContain(`1. ${BUTTON.resolved}`);
    await say(r.userId, "1"); // Đã được rồi → password
    await say(r.userId, "1."); // Xong → "go on to level 2?"
    await say(r.userId, "2"); // Để sau → done

    const progress = await prisma().checklistProgress.findFirstOrThrow({
      where: { checklistId: "vneid", resident: { oaUserId: r.userId } },
    });
    expect(progress).toMatchObject({ status: "DONE", stepId: "done-l1" });
    const sent = emu.emulator.state.sent.filter((m) => m.userId === r.userId);
    // Nothing with buttons got through, and nothing was lost: every reply row is SENT, numbered.
    expect(sent.every((m) => !JSON.stringify(m.request).includes('"buttons"'))).toBe(true);
    const rows = await prisma().outboundMessage.findMany({ where: { oaUserId: r.userId } });
    expect(rows.every((row) => row.status === "SENT" && row.numbered)).toBe(true);

    const alerts = await prisma().alert.findMany({ where: { kind: "ZALO_MESSAGE_DOWNGRADED" } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.message).toContain("-201");

    // "3" on an instruction step asks a volunteer, as the third button would.
    const other = emu.reachableResident("Cư dân nhờ hỗ trợ");
    await say(other.userId, "vneid");
    await say(other.userId, "1");
    await say(other.userId, "3");
    expect(lastRead(other.userId)).toMatch(/xã|phường|đơn vị/i);
    expect(await prisma().alert.count({ where: { kind: "ZALO_MESSAGE_DOWNGRADED" } })).toBe(1);
  });

  it("keeps plain text until the next start, then shows buttons and does not read a typed number as one", async () => {
    // Zalo accepts buttons again: the running workers keep plain text until the next start, which tries buttons.
    emu.emulator.state.faults.refuseButtons = false;
    expect(await runtime.ctx.zalo.downgrades.isDowngraded("text-buttons")).toBe(true);
    await runtime.close();
    runtime = await startWorkers({ config: t.config, queues: ["inbound", "outbound"], recurring: false });
    expect(await runtime.ctx.zalo.downgrades.isDowngraded("text-buttons")).toBe(false);
    const r = emu.reachableResident("Cư dân bấm nút");
    await say(r.userId, "vneid");
    await say(r.userId, "Chưa có tài khoản");
    const last = emu.emulator.state.sent.filter((m) => m.userId === r.userId).at(-1);
    expect(JSON.stringify(last?.request)).toContain('"buttons"');
    await say(r.userId, "2");
    const progress = await prisma().checklistProgress.findFirstOrThrow({
      where: { checklistId: "vneid", resident: { oaUserId: r.userId } },
    });
    // Still on the install step: "2" was not taken for "Gặp khó khăn".
    expect(progress.stepId).toBe("l1-install");
  });
});
