import { describe, expect, it } from "vitest";
import { planEventReminders } from "./plan-event-reminder.ts";
import { TEST_POLICY } from "./test-policy.ts";

const vn = (local: string) => new Date(`${local.replace(" ", "T")}:00+07:00`);

describe("planEventReminders", () => {
  const startsAt = vn("2026-12-12 08:00");
  const early = { status: "REGISTERED" as const, registeredAt: vn("2026-12-08 10:00") };

  it("plans the day before at 09:00 and two hours before, not before their time", () => {
    expect(planEventReminders(startsAt, early, vn("2026-12-11 08:59"), TEST_POLICY)).toEqual([]);
    expect(planEventReminders(startsAt, early, vn("2026-12-11 09:00"), TEST_POLICY)).toEqual([
      { which: "day-before", dueAt: vn("2026-12-11 09:00"), deadline: vn("2026-12-12 00:00") },
    ]);
  });

  it("moves a moment in quiet hours to their end, and drops it if that is too late", () => {
    // Two hours before 08:00 is 06:00, in quiet hours (21:00-07:00): sent at 07:00.
    expect(planEventReminders(startsAt, early, vn("2026-12-12 06:00"), TEST_POLICY)).toEqual([
      { which: "two-hours", dueAt: vn("2026-12-12 07:00"), deadline: vn("2026-12-12 07:45") },
    ]);
    // An event at 07:10: 07:00 is past its last call (06:55).
    expect(planEventReminders(vn("2026-12-12 07:10"), early, vn("2026-12-12 05:10"), TEST_POLICY)).toEqual([]);
  });

  it("plans nothing the resident signed up after, and only the day before for Nhắc tôi", () => {
    const late = { status: "REGISTERED" as const, registeredAt: vn("2026-12-11 20:00") };
    expect(planEventReminders(startsAt, late, vn("2026-12-11 20:05"), TEST_POLICY)).toEqual([]);
    expect(planEventReminders(startsAt, late, vn("2026-12-12 07:00"), TEST_POLICY)).toHaveLength(1);
    const remindOnly = { status: "REMIND_ONLY" as const, registeredAt: vn("2026-12-08 10:00") };
    expect(planEventReminders(startsAt, remindOnly, vn("2026-12-12 06:30"), TEST_POLICY)).toEqual([]);
  });
});
