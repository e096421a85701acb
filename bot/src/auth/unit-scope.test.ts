import { describe, expect, it } from "vitest";
import { type TreeUnit, UnitTree } from "../units/unit-tree-cache.ts";
import { type ScopedMember, scopeIncludes, unitScopeIn } from "./unit-scope.ts";

function unit(id: string, parentId: string | null, mergedIntoId: string | null = null): TreeUnit {
  return {
    id,
    code: id.toUpperCase(),
    name: id,
    kind: "COMMUNE",
    parentId,
    targetPeoplePerWeek: 0,
    mergedIntoId,
    retiredAt: null,
  };
}

// root ─ d1 ─ a ─ a1      root ─ d2 ─ b (c was merged into b; it stays under d2 for history)
const tree = new UnitTree("7", [
  unit("root", null),
  unit("d1", "root"),
  unit("d2", "root"),
  unit("a", "d1"),
  unit("a1", "a"),
  unit("b", "d2"),
  unit("c", "d2", "b"),
]);
const member = (role: ScopedMember["role"], unitId: string | null): ScopedMember => ({ role, unitId });
const sorted = (scope: ReturnType<typeof unitScopeIn>) => (scope.all ? "all" : [...scope.unitIds].sort());

describe("unitScopeIn", () => {
  it("gives an admin everything, a lead or member their unit and below, a member without a unit nothing", () => {
    expect(unitScopeIn(tree, member("ORG_ADMIN", null))).toEqual({ all: true });
    expect(sorted(unitScopeIn(tree, member("UNIT_LEAD", "d1")))).toEqual(["a", "a1", "d1"]);
    expect(sorted(unitScopeIn(tree, member("MEMBER", "d2")))).toEqual(["b", "c", "d2"]);
    expect(unitScopeIn(tree, member("MEMBER", null))).toEqual({ all: false, unitIds: [] });
  });

  it("narrows to a unit inside the scope and refuses one outside it or unknown", () => {
    expect(sorted(unitScopeIn(tree, member("ORG_ADMIN", null), "A"))).toEqual(["a", "a1"]);
    expect(sorted(unitScopeIn(tree, member("UNIT_LEAD", "d1"), "A1"))).toEqual(["a1"]);
    expect(() => unitScopeIn(tree, member("UNIT_LEAD", "d1"), "B")).toThrow(/không có quyền/);
    expect(() => unitScopeIn(tree, member("UNIT_LEAD", "a"), "D1")).toThrow(/không có quyền/);
    expect(() => unitScopeIn(tree, member("ORG_ADMIN", null), "NOPE")).toThrow(/Không tìm thấy/);
    expect(scopeIncludes(unitScopeIn(tree, member("UNIT_LEAD", "d2"), "C"), "c")).toBe(true);
  });
});
