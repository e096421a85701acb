import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanWebhookBody } from "./clean-webhook-body.ts";
import { limitJsonDepth, STORED_JSON_MAX_DEPTH, TOO_DEEP } from "./limit-json-depth.ts";
import { REPLACEMENT_CHARACTER as R, replaceUnstorableCharacters } from "./replace-unstorable-characters.ts";

const slowPath = (body: unknown) => replaceUnstorableCharacters(limitJsonDepth(body));
const both = (text: string) => ({ fast: cleanWebhookBody(text, JSON.parse(text)), slow: slowPath(JSON.parse(text)) });

function nested(levels: number): string {
  return `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;
}

describe("cleanWebhookBody", () => {
  it("returns a usual Zalo event as parsed, without copying it", () => {
    const text = '{"event_name":"user_send_text","sender":{"id":"7"},"message":{"text":"Chào 👋 Hoằng Hóa"}}';
    const body = JSON.parse(text);
    expect(cleanWebhookBody(text, body)).toBe(body);
  });

  it("cuts exactly what limitJsonDepth cuts, at the limit and one beyond it", () => {
    for (const levels of [STORED_JSON_MAX_DEPTH, STORED_JSON_MAX_DEPTH + 1, STORED_JSON_MAX_DEPTH + 5]) {
      const { fast, slow } = both(nested(levels));
      expect(fast).toEqual(slow);
    }
    expect(JSON.stringify(both(nested(STORED_JSON_MAX_DEPTH + 1)).fast)).toContain(TOO_DEEP);
    expect(JSON.stringify(both(nested(STORED_JSON_MAX_DEPTH)).fast)).not.toContain(TOO_DEEP);
  });

  it("replaces NUL and unpaired surrogates written as escapes, in either case, in keys and values", () => {
    const text = '{"a\\u0000":["\\ud800","\\uDC00z","\\uD83D\\uDC4B",{"k":"x\\u0000"}]}';
    const { fast, slow } = both(text);
    expect(fast).toEqual(slow);
    expect(fast).toEqual({ [`a${R}`]: [R, `${R}z`, "👋", { k: `x${R}` }] });
  });

  it("agrees with the full walk on any JSON, including escapes and deep nesting", () => {
    const tricky = fc.constantFrom("\u0000", "\ud800", "\udfff", "\ud83d\udc4b", "\\u0000", "é", "\\");
    const text = fc.array(fc.oneof(fc.string(), tricky), { maxLength: 4 }).map((parts) => parts.join(""));
    const value = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        text,
        fc.integer(),
        fc.constant(null),
        fc.array(tie("node"), { maxLength: 3 }),
        fc.dictionary(text, tie("node"), { maxKeys: 3 }),
      ),
    })).node;
    const deepened = fc
      .tuple(value, fc.integer({ min: 0, max: STORED_JSON_MAX_DEPTH + 3 }))
      // A function, not a string: a replacement string would read "$&" or "$'" in the generated text as patterns.
      .map(([v, levels]) => JSON.parse(nested(levels).replace("1", () => JSON.stringify(v))));
    fc.assert(
      fc.property(fc.oneof(value, deepened), (body) => {
        const serialised = JSON.stringify(body);
        const { fast, slow } = both(serialised);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
      }),
      { numRuns: 500 },
    );
  });
});
