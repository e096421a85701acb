import { limitJsonDepth, STORED_JSON_MAX_DEPTH } from "./limit-json-depth.ts";
import { replaceUnstorableCharacters } from "./replace-unstorable-characters.ts";

/**
 * In parsed JSON, a NUL can only come from the escape `\u0000` (JSON forbids raw control characters in strings) and
 * an unpaired surrogate only from an escape `\uD800`–`\uDFFF` (the body was decoded with replacement, which never
 * yields one). A text without any of these escapes parses to strings PostgreSQL can store. An escaped backslash
 * before "u0000" matches too: a false alarm only costs the full walk.
 */
const MAYBE_UNSTORABLE_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

/** Each level of nesting opens one `{` or `[`: fewer of them in the whole text than the limit, no level is cut. */
function mayNestTooDeep(text: string): boolean {
  let opened = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code === OPEN_BRACE || code === OPEN_BRACKET) && ++opened > STORED_JSON_MAX_DEPTH) return true;
  }
  return false;
}

/**
 * The parsed webhook body, limited to STORED_JSON_MAX_DEPTH and cleaned of what PostgreSQL cannot store, exactly as
 * `replaceUnstorableCharacters(limitJsonDepth(body))`. Both walk and copy the whole body; a Zalo event (a few levels,
 * no escapes of that kind) needs neither, which one look at its text proves, so it is returned as parsed.
 */
export function cleanWebhookBody(text: string, body: unknown): unknown {
  const deep = mayNestTooDeep(text);
  const unstorable = MAYBE_UNSTORABLE_ESCAPE.test(text);
  if (!deep && !unstorable) return body;
  // Depth first: the cleaning walks the body recursively, and a body nested 50,000 deep must not overflow.
  const limited = deep ? limitJsonDepth(body) : body;
  return unstorable ? replaceUnstorableCharacters(limited) : limited;
}
