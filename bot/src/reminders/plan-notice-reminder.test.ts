import { describe, expect, it } from "vitest";
import { planNoticeReminder } from "./plan-notice-reminder.ts";
import { TEST_POLICY, vn } from "./test-policy.ts";

const event = vn("2026-12-10 08:00");

describe("planNoticeReminder", () => {
  it("is due from 09:00 local on the day before the event", () => {
    expect(planNoticeReminder(event, vn("2026-12-09 08:59"), TEST_POLICY)).toBeNull();
    expect(planNoticeReminder(event, vn("2026-12-09 09:00"), TEST_POLICY)).toEqual({ dueAt: vn("2026-12-09 09:00") });
  });

  it("still reminds a late subscriber while the event is far enough away, deferring out of the night", () => {
    expect(planNoticeReminder(vn("2026-12-10 10:00"), vn("2026-12-09 22:00"), TEST_POLICY)).toEqual({
      dueAt: vn("2026-12-10 07:00"),
    });
    expect(planNoticeReminder(vn("2026-12-10 08:30"), vn("2026-12-09 22:00"), TEST_POLICY)).toBeNull();
  });

  it("plans nothing once the event is close or past", () => {
    expect(planNoticeReminder(event, vn("2026-12-10 06:30"), TEST_POLICY)).toBeNull();
    expect(planNoticeReminder(event, vn("2026-12-11 10:00"), TEST_POLICY)).toBeNull();
  });
});
