import { describe, expect, it } from "vitest";
import type { ReachableRecipient } from "../time/reply-window.ts";
import { type ChecklistProgressView, planChecklistReminder } from "./plan-checklist-reminder.ts";
import { DAY_MS, HOUR_MS, PAID_POLICY, TEST_POLICY, vn } from "./test-policy.ts";

const lastStep = vn("2026-12-01 10:00");
const progress = (over: Partial<ChecklistProgressView> = {}): ChecklistProgressView => ({
  id: "p1",
  status: "IN_PROGRESS",
  updatedAt: lastStep,
  remindersSent: 0,
  ...over,
});
const resident = (over: Partial<ReachableRecipient> = {}): ReachableRecipient => ({
  followState: "FOLLOWING",
  remindersOptOut: false,
  lastInteractionAt: lastStep,
  ...over,
});
const at = (ms: number) => new Date(lastStep.getTime() + ms);

describe("planChecklistReminder with the defaults (free band only)", () => {
  it("plans the first at 20 h and the second at 44 h idle, both inside the free 48 hours", () => {
    expect(planChecklistReminder(progress(), resident(), at(19 * HOUR_MS), TEST_POLICY)).toEqual({ due: false });
    expect(planChecklistReminder(progress(), resident(), at(20 * HOUR_MS), TEST_POLICY)).toMatchObject({
      due: true,
      number: 1,
    });
    const once = progress({ remindersSent: 1 });
    expect(planChecklistReminder(once, resident(), at(43 * HOUR_MS), TEST_POLICY)).toEqual({ due: false });
    expect(planChecklistReminder(once, resident(), at(44 * HOUR_MS), TEST_POLICY)).toMatchObject({
      due: true,
      number: 2,
    });
  });

  it("never plans one that would go out 48 hours or more after the last interaction", () => {
    const once = progress({ remindersSent: 1 });
    expect(planChecklistReminder(once, resident(), at(48 * HOUR_MS), TEST_POLICY)).toEqual({ due: false });
    // 44 h idle at 22:00 is deferred to 07:00, 53 h after the last interaction: billed, so not planned.
    const lateNight = vn("2026-12-01 02:00");
    const night = progress({ updatedAt: lateNight, remindersSent: 1 });
    expect(
      planChecklistReminder(night, resident({ lastInteractionAt: lateNight }), vn("2026-12-02 22:00"), TEST_POLICY),
    ).toEqual({ due: false });
    // With PAID_MESSAGES=on it is.
    expect(
      planChecklistReminder(night, resident({ lastInteractionAt: lateNight }), vn("2026-12-03 02:00"), {
        ...TEST_POLICY,
        paidMessages: true,
      }),
    ).toMatchObject({ due: true, number: 2 });
  });
});

describe("planChecklistReminder", () => {
  it("is not due before 48 h idle, and due as the first reminder at 48 h", () => {
    expect(planChecklistReminder(progress(), resident(), at(47 * HOUR_MS), PAID_POLICY)).toEqual({ due: false });
    expect(planChecklistReminder(progress(), resident(), at(48 * HOUR_MS), PAID_POLICY)).toEqual({
      due: true,
      number: 1,
      dueAt: at(48 * HOUR_MS),
      dedupKey: "checklist:p1:1",
    });
  });

  it("honours a configured idle time", () => {
    const policy = { ...TEST_POLICY, checklistFirstAfterMs: 24 * HOUR_MS };
    expect(planChecklistReminder(progress(), resident(), at(25 * HOUR_MS), policy)).toMatchObject({
      due: true,
      number: 1,
    });
  });

  it("plans the second at 5 days idle, never a third", () => {
    const once = progress({ remindersSent: 1 });
    expect(planChecklistReminder(once, resident(), at(4 * DAY_MS), PAID_POLICY)).toEqual({ due: false });
    expect(planChecklistReminder(once, resident(), at(5 * DAY_MS), PAID_POLICY)).toMatchObject({
      due: true,
      number: 2,
      dedupKey: "checklist:p1:2",
    });
    expect(planChecklistReminder(progress({ remindersSent: 2 }), resident(), at(6 * DAY_MS), PAID_POLICY)).toEqual({
      due: false,
    });
  });

  it("sends only the second when the first was missed", () => {
    expect(planChecklistReminder(progress(), resident(), at(5 * DAY_MS + HOUR_MS), PAID_POLICY)).toMatchObject({
      due: true,
      number: 2,
    });
  });

  it("defers a reminder planned at night to 07:00", () => {
    const plan = planChecklistReminder(
      progress({ updatedAt: vn("2026-12-01 22:00") }),
      resident({ lastInteractionAt: vn("2026-12-01 22:00") }),
      vn("2026-12-03 22:30"),
      PAID_POLICY,
    );
    expect(plan).toMatchObject({ due: true, number: 1, dueAt: vn("2026-12-04 07:00") });
  });

  it("plans nothing once the 7-day window has closed, or would close before the morning", () => {
    const silentSince = resident({ lastInteractionAt: at(-3 * DAY_MS) });
    expect(planChecklistReminder(progress({ remindersSent: 1 }), silentSince, at(5 * DAY_MS), TEST_POLICY)).toEqual({
      due: false,
    });
    const closesAt2300 = resident({ lastInteractionAt: vn("2026-11-27 23:00") });
    const evening = progress({ updatedAt: vn("2026-11-27 23:00"), remindersSent: 1 });
    expect(planChecklistReminder(evening, closesAt2300, vn("2026-12-04 22:00"), TEST_POLICY)).toEqual({ due: false });
    expect(
      planChecklistReminder(progress(), resident({ lastInteractionAt: null }), at(3 * DAY_MS), TEST_POLICY),
    ).toEqual({ due: false });
  });

  it("plans nothing for opted-out or unfollowed residents or finished checklists", () => {
    const later = at(3 * DAY_MS);
    expect(planChecklistReminder(progress(), resident({ remindersOptOut: true }), later, TEST_POLICY)).toEqual({
      due: false,
    });
    expect(planChecklistReminder(progress(), resident({ followState: "UNFOLLOWED" }), later, TEST_POLICY)).toEqual({
      due: false,
    });
    expect(planChecklistReminder(progress({ status: "DONE" }), resident(), later, TEST_POLICY)).toEqual({ due: false });
  });
});
