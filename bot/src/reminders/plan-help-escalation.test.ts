import { describe, expect, it } from "vitest";
import { type HelpRequestView, planHelpEscalation } from "./plan-help-escalation.ts";
import { HOUR_MS, TEST_POLICY, vn } from "./test-policy.ts";

const created = vn("2026-12-01 10:00");
const help = (over: Partial<HelpRequestView> = {}): HelpRequestView => ({
  id: "h1",
  status: "OPEN",
  escalationLevel: 0,
  createdAt: created,
  ...over,
});
const at = (hours: number) => new Date(created.getTime() + hours * HOUR_MS);

describe("planHelpEscalation", () => {
  it("escalates an unclaimed request to the unit lead after 24 h, then to the admins after 48 h", () => {
    expect(planHelpEscalation(help(), at(23), TEST_POLICY)).toEqual([]);
    expect(planHelpEscalation(help(), at(24), TEST_POLICY)).toEqual([1]);
    expect(planHelpEscalation(help({ escalationLevel: 1 }), at(30), TEST_POLICY)).toEqual([]);
    expect(planHelpEscalation(help({ escalationLevel: 1 }), at(48), TEST_POLICY)).toEqual([2]);
    expect(planHelpEscalation(help({ escalationLevel: 2 }), at(200), TEST_POLICY)).toEqual([]);
  });

  it("catches up both levels in order when found late", () => {
    expect(planHelpEscalation(help(), at(60), TEST_POLICY)).toEqual([1, 2]);
  });

  it("leaves claimed, done and cancelled requests alone", () => {
    for (const status of ["CLAIMED", "DONE", "CANCELLED"] as const)
      expect(planHelpEscalation(help({ status }), at(60), TEST_POLICY)).toEqual([]);
  });
});
