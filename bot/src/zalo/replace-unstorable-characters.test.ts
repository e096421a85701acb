import { describe, expect, it } from "vitest";
import { REPLACEMENT_CHARACTER as R, replaceUnstorableCharacters } from "./replace-unstorable-characters.ts";

describe("replaceUnstorableCharacters", () => {
  it("replaces NUL and unpaired surrogates in values and keys, at any depth", () => {
    const dirty = JSON.parse('{"a\\u0000":{"b":["x\\u0000y","\\ud800","\\udc00z",1,null,true]},"c":"ok"}');
    expect(replaceUnstorableCharacters(dirty)).toEqual({
      [`a${R}`]: { b: [`x${R}y`, R, `${R}z`, 1, null, true] },
      c: "ok",
    });
  });

  it("keeps paired surrogates (emoji) and Vietnamese text as they are", () => {
    const text = "Chào bạn 👋 Hoằng Hóa";
    expect(replaceUnstorableCharacters({ text })).toEqual({ text });
  });

  it("replaces a high surrogate followed by another high surrogate, keeping the valid pair after it", () => {
    expect(replaceUnstorableCharacters("\ud800\ud83d\udc4b")).toBe(`${R}👋`);
  });
});
