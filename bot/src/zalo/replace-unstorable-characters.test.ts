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

  it("keeps a «__proto__» key of a parsed body as a key, never as the object's prototype", () => {
    const clean = replaceUnstorableCharacters(JSON.parse('{"__proto__":{"polluted":true},"a":1}')) as object;
    expect(Object.getPrototypeOf(clean)).toBe(Object.prototype);
    expect(Object.keys(clean)).toEqual(["__proto__", "a"]);
    expect(JSON.stringify(clean)).toBe('{"__proto__":{"polluted":true},"a":1}');
  });
});
