/**
 * Zalo's events are a few levels deep; a stored payload keeps at most this many. Deeper (a forged or broken body
 * nested thousands deep) makes storing it fail with a 500 that Zalo would redeliver for ever.
 */
export const STORED_JSON_MAX_DEPTH = 32;
export const TOO_DEEP = "[nested too deep]";

/** A copy of `value` whose objects and arrays below `maxDepth` levels are replaced by TOO_DEEP. */
export function limitJsonDepth<T>(value: T, maxDepth = STORED_JSON_MAX_DEPTH): T {
  const visit = (node: unknown, depth: number): unknown => {
    if (node === null || typeof node !== "object") return node;
    if (depth >= maxDepth) return TOO_DEEP;
    if (Array.isArray(node)) return node.map((item) => visit(item, depth + 1));
    return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, visit(item, depth + 1)]));
  };
  return visit(value, 0) as T;
}
