/**
 * PostgreSQL cannot store a NUL character in `text` or `jsonb`, and `jsonb` refuses an unpaired UTF-16 surrogate
 * (`"\ud800"`). Zalo relays whatever a resident's phone sent, so one such character would make the insert fail
 * and the webhook answer 500 on every redelivery until Zalo disables it. Both become U+FFFD (the replacement
 * character), in every string of the parsed body, keys included. Invalid UTF-8 bytes are already U+FFFD once the
 * body is decoded (see the webhook's content-type parser).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching NUL is the point.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching NUL is the point.
const MAYBE_UNSTORABLE = /[\u0000\uD800-\uDFFF]/;
export const REPLACEMENT_CHARACTER = "\uFFFD";

/** Most strings hold neither NUL nor any surrogate: one cheap test, and they are returned as they are. */
function cleanString(text: string): string {
  return MAYBE_UNSTORABLE.test(text) ? text.replace(UNSTORABLE, REPLACEMENT_CHARACTER) : text;
}

export function replaceUnstorableCharacters(value: unknown): unknown {
  if (typeof value === "string") return cleanString(value);
  if (Array.isArray(value)) return value.map(replaceUnstorableCharacters);
  if (typeof value === "object" && value !== null) {
    // fromEntries defines own properties: a "__proto__" key in a parsed body stays a key, not a prototype.
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [cleanString(key), replaceUnstorableCharacters(inner)]),
    );
  }
  return value;
}
