/**
 * PostgreSQL's text cannot hold U+0000, and a lone UTF-16 surrogate has no UTF-8 form: either in a field would fail
 * the INSERT and answer 500. No keyboard types them; a client that sends them gets a 400 naming the field instead.
 * (The webhook is different: Zalo's events are stored whatever they hold, see routes/webhooks-zalo.ts.)
 */
const MAX_DEPTH = 64;
/** U+0000, or a high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const isUnstorable = (text: string) => text.includes("\u0000") || LONE_SURROGATE.test(text);

/** The path of the first string in `value` that PostgreSQL cannot store (e.g. `/note`, `/items/2/title`), or null. */
export function findUnstorableText(value: unknown, path = "", depth = 0): string | null {
  if (typeof value === "string") return isUnstorable(value) ? path || "/" : null;
  if (depth >= MAX_DEPTH || value === null || typeof value !== "object") return null;
  for (const [key, item] of Object.entries(value)) {
    const keyPath = `${path}/${key}`;
    if (isUnstorable(key)) return keyPath;
    const found = findUnstorableText(item, keyPath, depth + 1);
    if (found) return found;
  }
  return null;
}
