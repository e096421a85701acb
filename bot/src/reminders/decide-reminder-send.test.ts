import { describe, expect, it } from "vitest";
import { decideReminderSend, isSameLocalDay, type ReminderSendInput } from "./decide-reminder-send.ts";
import { DAY_MS, TEST_POLICY, vn } from "./test-policy.ts";

const input = (
  over: Partial<ReminderSendInput> = {},
  residentOver: Partial<ReminderSendInput["resident"]> = {},
): ReminderSendInput => ({
  resident: {
    followState: "FOLLOWING",
    remindersOptOut: false,
    lastInteractionAt: vn("2026-12-01 10:00"),
    ...residentOver,
  },
  stillRelevant: true,
  deadline: null,
  remindedToday: false,
  // The older cases below were written for an OA that pays for billed messages; the free band has its own tests.
  paidAllowed: true,
  ...over,
});

describe("decideReminderSend", () => {
  it("sends a due reminder in the daytime", () => {
    expect(decideReminderSend(input(), vn("2026-12-03 10:00"), TEST_POLICY)).toEqual({ action: "send" });
  });

  it("respects an opt-out given after planning, at once", () => {
    expect(decideReminderSend(input({}, { remindersOptOut: true }), vn("2026-12-03 10:00"), TEST_POLICY)).toEqual({
      action: "skip",
      reason: "opted-out",
    });
  });

  it("skips unfollowed residents, closed windows and reminders overtaken by events", () => {
    expect(
      decideReminderSend(input({}, { followState: "UNFOLLOWED" }), vn("2026-12-03 10:00"), TEST_POLICY),
    ).toMatchObject({ reason: "unfollowed" });
    expect(decideReminderSend(input(), vn("2026-12-08 10:00"), TEST_POLICY)).toMatchObject({
      reason: "outside-window",
    });
    expect(decideReminderSend(input({ stillRelevant: false }), vn("2026-12-03 10:00"), TEST_POLICY)).toMatchObject({
      reason: "no-longer-relevant",
    });
    expect(
      decideReminderSend(input({ deadline: vn("2026-12-03 09:00") }), vn("2026-12-03 10:00"), TEST_POLICY),
    ).toMatchObject({ reason: "too-late" });
  });

  it("defers to the morning during quiet hours instead of dropping", () => {
    expect(decideReminderSend(input(), vn("2026-12-03 21:30"), TEST_POLICY)).toEqual({
      action: "defer",
      until: vn("2026-12-04 07:00"),
      why: "quiet-hours",
    });
    expect(decideReminderSend(input(), vn("2026-12-04 05:00"), TEST_POLICY)).toEqual({
      action: "defer",
      until: vn("2026-12-04 07:00"),
      why: "quiet-hours",
    });
  });

  it("skips when the window closes before the morning", () => {
    const closes = { lastInteractionAt: vn("2026-11-27 02:00") }; // closes 2026-12-04 02:00
    expect(decideReminderSend(input({}, closes), vn("2026-12-03 22:00"), TEST_POLICY)).toEqual({
      action: "skip",
      reason: "outside-window",
    });
  });

  it("caps at one reminder per resident per local day: the next goes out tomorrow morning", () => {
    expect(decideReminderSend(input({ remindedToday: true }), vn("2026-12-03 15:00"), TEST_POLICY)).toEqual({
      action: "defer",
      until: vn("2026-12-04 07:00"),
      why: "daily-cap",
    });
    expect(
      decideReminderSend(
        input({ remindedToday: true, deadline: vn("2026-12-04 06:00") }),
        vn("2026-12-03 15:00"),
        TEST_POLICY,
      ),
    ).toEqual({ action: "skip", reason: "daily-cap" });
  });

  it("counts the day on the local clock", () => {
    expect(isSameLocalDay(vn("2026-12-03 00:10"), vn("2026-12-03 23:50"), TEST_POLICY.timeZone)).toBe(true);
    expect(isSameLocalDay(vn("2026-12-02 23:50"), vn("2026-12-03 00:10"), TEST_POLICY.timeZone)).toBe(false);
    expect(
      isSameLocalDay(vn("2026-12-02 10:00"), new Date(vn("2026-12-02 10:00").getTime() + DAY_MS), TEST_POLICY.timeZone),
    ).toBe(false);
  });

  it("skips a reminder in the billed band when paid sends are not allowed, and sends it inside the free 48 hours", () => {
    const free = input({ paidAllowed: false });
    expect(decideReminderSend(free, vn("2026-12-03 09:59"), TEST_POLICY)).toEqual({ action: "send" });
    expect(decideReminderSend(free, vn("2026-12-03 10:00"), TEST_POLICY)).toEqual({
      action: "skip",
      reason: "paid-band",
    });
  });

  it("skips rather than defers when quiet hours would push the reminder into the billed band", () => {
    // Last interaction 02:00; 44 h later is 22:00, quiet until 07:00 = 53 h: billed.
    const late = input({ paidAllowed: false }, { lastInteractionAt: vn("2026-12-01 02:00") });
    expect(decideReminderSend(late, vn("2026-12-02 22:00"), TEST_POLICY)).toEqual({
      action: "skip",
      reason: "paid-band",
    });
  });
});
