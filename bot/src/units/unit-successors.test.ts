import { describe, expect, it } from "vitest";
import { currentSuccessorOf, formerNamesByUnit, unitsCountedUnder } from "./unit-successors.ts";

describe("currentSuccessorOf", () => {
  const links = new Map<string, string | null>([
    ["a", "b"],
    ["b", "c"],
    ["c", null],
    ["x", "y"],
    ["y", "x"],
  ]);

  it("follows a chain of merges to the unit that carries on today", () => {
    expect(currentSuccessorOf(links, "a")).toBe("c");
    expect(currentSuccessorOf(links, "b")).toBe("c");
    expect(currentSuccessorOf(links, "c")).toBe("c");
    expect(currentSuccessorOf(links, "never-merged")).toBe("never-merged");
  });

  it("stops on a loop instead of spinning (only a hand-edited database has one)", () => {
    expect(currentSuccessorOf(links, "x")).toBe("y");
  });
});

describe("unitsCountedUnder", () => {
  it("adds every unit merged, directly or through a chain, into the given ones", () => {
    const links = new Map<string, string | null>([
      ["a", "b"],
      ["b", "c"],
      ["d", "e"],
    ]);
    expect(unitsCountedUnder(links, ["c"]).sort()).toEqual(["a", "b", "c"]);
    expect(unitsCountedUnder(links, ["b"])).toEqual(["b"]);
    expect(unitsCountedUnder(links, ["e", "z"]).sort()).toEqual(["d", "e", "z"]);
  });
});

describe("formerNamesByUnit", () => {
  it("gives each unit the names merged into it through any chain, its own name left out", () => {
    const names = formerNamesByUnit([
      { id: "dao", name: "Xã Hoằng Đạo", mergedIntoId: "hoa" },
      { id: "dat", name: "Xã Hoằng Đạt", mergedIntoId: "hoa" },
      { id: "thon", name: "Chi đoàn thôn 1", mergedIntoId: "dao" },
      { id: "hoa", name: "Xã Hoằng Hóa", mergedIntoId: null },
      { id: "chau", name: "Xã Hoằng Châu", mergedIntoId: "chau25" },
      { id: "chau25", name: "Xã Hoằng Châu", mergedIntoId: null },
      { id: "x", name: "X", mergedIntoId: "y" },
      { id: "y", name: "Y", mergedIntoId: "x" },
    ]);
    expect(names.get("hoa")).toEqual(["Chi đoàn thôn 1", "Xã Hoằng Đạo", "Xã Hoằng Đạt"]);
    expect(names.get("dao")).toEqual(["Chi đoàn thôn 1"]);
    expect(names.get("chau25")).toBeUndefined();
    expect(names.get("x")).toEqual(["Y"]);
  });
});
