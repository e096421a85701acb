import fc from "fast-check";

/**
 * What a hostile or broken client sends, for the property tests: text that is SQL, HTML, huge, invisible or odd
 * Unicode; numbers too big for any column; ids that are not ids; JSON of every shape and depth.
 */

export const SQL_AND_HTML = [
  "' OR '1'='1",
  '1; DROP TABLE "Member";--',
  '" UNION SELECT * FROM "Resident" --',
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "{{7*7}}#{7*7}",
  "../../etc/passwd",
  "%2e%2e%2f",
  "__proto__",
  "constructor",
] as const;

/** Code points that break naive code: BOM, zero-width joiners, RTL override, combining marks, emoji, astral. */
export const UNICODE_EDGES = [
  "\uFEFF",
  "\u200B\u200C\u200D",
  "\u202Eabc",
  "a\u0301\u0302\u0303\u0304",
  "👨‍👩‍👧‍👦",
  "𝕏𝕜𝕤",
  "\u2028\u2029",
  "ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ",
  "Ｈｏàｎｇ　Ｈóａ",
] as const;

export const HUGE_NUMBERS = [
  2 ** 53 + 2,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  -1,
  0,
  2 ** 31,
  2 ** 63,
  1.5,
] as const;

/** Vietnamese as residents and members write it (NFC, letters only: no number a privacy guard could mask). */
const VIETNAMESE_WORDS = [
  "Hoằng",
  "Hóa",
  "định",
  "danh",
  "điện",
  "tử",
  "mức",
  "hai",
  "thanh",
  "toán",
  "không",
  "dùng",
  "tiền",
  "mặt",
  "bác",
  "Nguyễn",
  "Thị",
  "Hường",
  "ở",
  "thôn",
  "Đông",
  "Hải",
  "được",
  "hướng",
  "dẫn",
  "cài",
  "ứng",
  "dụng",
  "giúp",
  "đỡ",
  "ông",
  "bà",
  "chữ",
  "ký",
  "số",
  "Quảng",
  "Xương",
  "ưu",
  "tiên",
  "người",
  "cao",
  "tuổi",
] as const;

export const vietnameseText = (maxWords = 30) =>
  fc
    .array(fc.constantFrom(...VIETNAMESE_WORDS), { minLength: 1, maxLength: maxWords })
    .chain((words) => fc.constantFrom(words.join(" "), `${words.join(", ")}.`, words.join(" – ")));

/**
 * Any text. `withNul: false` leaves out U+0000 and unpaired surrogates, which the webhook's own hardening handles
 * (`hardening`'s item 3 of issue 8: replace them and store the event); the API routes get them.
 */
export const hostileText = ({ withNul = true, maxLength = 300 } = {}) =>
  fc
    .oneof(
      fc.string({ unit: "binary", maxLength }),
      fc.string({ unit: "grapheme", maxLength }),
      fc.constantFrom<string>(...SQL_AND_HTML, ...UNICODE_EDGES),
      vietnameseText(),
      fc.constantFrom("", " ", "\t\n", "x".repeat(10_000), "đ".repeat(70_000)),
      fc.constantFrom(...HUGE_NUMBERS).map(String),
      // PostgreSQL cannot store these: the API must refuse them cleanly (the webhook replaces them, see withNul).
      fc.constantFrom("a\u0000b", "\u0000", "x\ud800y", "\udfff"),
    )
    .map((s) =>
      withNul ? s : s.replaceAll("\u0000", "").replace(/[\ud800-\udfff]/g, (c, i, all) => (isPaired(all, i) ? c : "")),
    );

/** True when the surrogate at `i` is half of a well-formed pair. */
function isPaired(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    return next >= 0xdc00 && next <= 0xdfff;
  }
  const previous = text.charCodeAt(i - 1);
  return previous >= 0xd800 && previous <= 0xdbff;
}

/** Values of the wrong type for any field. */
export const hostileValue = ({ withNul = true } = {}): fc.Arbitrary<unknown> =>
  fc.oneof(
    { depthSize: "small" },
    hostileText({ withNul }),
    fc.constantFrom(...HUGE_NUMBERS),
    fc.constantFrom(null, true, false, [], {}, [[[]]], { $gt: "" }),
    fc.jsonValue({ maxDepth: 3 }).map((v) => (withNul ? v : JSON.parse(JSON.stringify(v).replaceAll("\\u0000", "")))),
  );

/** An id as a path parameter: huge, negative, SQL, HTML, traversal, empty-ish. */
export const hostileId = () =>
  fc.oneof(
    fc.constantFrom(...HUGE_NUMBERS).map(String),
    fc.constantFrom<string>(...SQL_AND_HTML, ...UNICODE_EDGES, "99999999999999999999999999999", "null", "%00", " "),
    fc.string({ unit: "binary", minLength: 1, maxLength: 80 }),
    fc.constantFrom("a".repeat(5_000)),
  );

/** JSON nested `depth` deep: what a parser that recurses dies on. */
export function deeplyNested(depth: number): string {
  return `${"[".repeat(depth)}${"]".repeat(depth)}`;
}
