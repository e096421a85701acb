import { describe, expect, it } from "vitest";
import { findUnstorableText } from "./find-unstorable-text.ts";

describe("findUnstorableText", () => {
  it("names the field holding a NUL or a lone surrogate", () => {
    expect(findUnstorableText({ title: "ok", note: "a\u0000b" })).toBe("/note");
    expect(findUnstorableText({ items: [{ t: "x" }, { t: "\ud800" }] })).toBe("/items/1/t");
    expect(findUnstorableText({ ["k\u0000"]: 1 })).toBe("/k\u0000");
    expect(findUnstorableText("\udfff")).toBe("/");
  });

  it("lets every storable text through, Vietnamese, emoji and astral characters included", () => {
    expect(findUnstorableText({ note: "Hướng dẫn bà Hường 👨‍👩‍👧 𝕏", n: 3, list: [null, true] })).toBeNull();
    expect(findUnstorableText(undefined)).toBeNull();
  });
});
