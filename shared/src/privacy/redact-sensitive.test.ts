import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describePrivacyWarning, detectSensitiveKinds } from "./detect-sensitive-kinds.ts";
import { normaliseForMatching, toAsciiDigit, UNICODE_DIGIT_ZEROS } from "./normalise-for-matching.ts";
import { REDACTION_CORPUS, type RedactionCase } from "./redact-sensitive.corpus.ts";
import { REDACTION_INPUT_MAX_CHARS, REDACTION_MASKS, redactSensitive } from "./redact-sensitive.ts";

const MASKS = Object.values(REDACTION_MASKS);
const LONGEST_MASK_CHARS = Math.max(...MASKS.map((mask) => mask.length));

/** Digits of a string as ASCII, everything else dropped ("０３８ 1" → "0381"). */
function digitsOf(text: string): string {
  let digits = "";
  for (const character of text) digits += toAsciiDigit(character.codePointAt(0) ?? 0) ?? "";
  return digits;
}

/** The output's digits outside the masks: what a reader of the stored text could still put together. */
function visibleDigits(text: string): string {
  let visible = text;
  for (const mask of MASKS) visible = visible.split(mask).join(" ");
  return visible
    .split(/\s+/u)
    .map((word) => digitsOf(word))
    .join(" ");
}

function countMasks(text: string): number {
  let count = 0;
  for (const mask of MASKS) count += text.split(mask).length - 1;
  return count;
}

describe("the redaction corpus", () => {
  it("holds at least 80 realistic inputs, every form of issue 8 among them", () => {
    expect(REDACTION_CORPUS.length).toBeGreaterThanOrEqual(80);
    expect(REDACTION_CORPUS.filter((c) => c.issue8).length).toBeGreaterThanOrEqual(16);
    expect(REDACTION_CORPUS.filter((c) => c.kinds.length === 0).length).toBeGreaterThanOrEqual(30);
  });

  it.each(REDACTION_CORPUS.map((c) => [JSON.stringify(c.input), c] as const))("%s", (_name, entry: RedactionCase) => {
    const result = redactSensitive(entry.input);
    expect(result.found).toEqual(entry.kinds);
    for (const secret of entry.secrets) {
      expect(result.text).not.toContain(secret);
      const digits = digitsOf(secret);
      // Separators removed: "0381 2345 6789" must not survive as "0381 2345" + "6789" either.
      if (digits.length >= 3) expect(visibleDigits(result.text).replace(/ /g, "")).not.toContain(digits);
    }
    for (const kept of entry.keep) expect(result.text).toContain(kept);
    if (entry.kinds.length === 0) expect(result.text).toBe(entry.input.normalize("NFC"));
  });
});

describe("redactSensitive", () => {
  it("keeps the rest of the text exactly as typed, line breaks and accents included", () => {
    const input = "Chào anh,\nCCCD của em: 038123456789\nSĐT: 0912 345 678\nCảm ơn ạ!";
    expect(redactSensitive(input).text).toBe(
      `Chào anh,\nCCCD của em: ${REDACTION_MASKS.CITIZEN_ID}\nSĐT: 0912 345 678\nCảm ơn ạ!`,
    );
  });

  it("returns decomposed text composed (NFC), so what is stored compares equal to what is typed", () => {
    expect(redactSensitive("ho\u0302\u0300 so\u031b").text).toBe("hồ sơ");
  });

  it("cuts input longer than the cap before matching", () => {
    const result = redactSensitive(`${"a".repeat(REDACTION_INPUT_MAX_CHARS - 5)} cccd 038123456789`);
    expect(result.text.length).toBeLessThanOrEqual(REDACTION_INPUT_MAX_CHARS);
    expect(result.text).not.toContain("0381");
  });

  it("never cuts a surrogate pair in half", () => {
    const input = `${"a".repeat(REDACTION_INPUT_MAX_CHARS - 1)}😀`;
    const { text } = redactSensitive(input);
    expect(text.length).toBe(REDACTION_INPUT_MAX_CHARS - 1);
    expect(text.at(-1)).toBe("a");
  });
});

describe("normaliseForMatching", () => {
  it("maps every Unicode decimal digit the engine knows to its ASCII digit, and nothing else", () => {
    const DECIMAL_DIGIT = /\p{Nd}/u;
    const wrong: string[] = [];
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
      const isDigit = DECIMAL_DIGIT.test(String.fromCodePoint(codePoint));
      if (isDigit !== (toAsciiDigit(codePoint) !== null)) wrong.push(`U+${codePoint.toString(16)}`);
    }
    expect(wrong).toEqual([]);
    expect(UNICODE_DIGIT_ZEROS.every((zero) => toAsciiDigit(zero) === "0" && toAsciiDigit(zero + 9) === "9")).toBe(
      true,
    );
  });

  it("turns every kind of space into one, drops zero-width characters, and maps back to the source", () => {
    const { text, source, sourceStart, sourceEnd } = normaliseForMatching("A\u00a0b\t\u200bc\u3000Ｄ", 100);
    expect(text).toBe("a b c d");
    expect(source).toBe("A\u00a0b\t\u200bc\u3000Ｄ");
    // "c" is the 6th source character (after the zero-width space), "d" comes from the full-width Ｄ.
    expect(source.slice(sourceStart[4], sourceEnd[4])).toBe("c");
    expect(source.slice(sourceStart[6], sourceEnd[6])).toBe("Ｄ");
  });
});

// ---- properties ------------------------------------------------------------------------------------------------

const WORDS = [
  "em",
  "chào",
  "anh",
  "ơi",
  "cho",
  "hỏi",
  "làm",
  "sao",
  "để",
  "kích",
  "hoạt",
  "định",
  "danh",
  "VNeID",
  "căn",
  "cước",
  "của",
  "bà",
  "nội",
  "là",
  "số",
  "nhé",
  "ạ",
  "cccd",
  "mức",
  "2",
  "ở",
  "xã",
  "Hoằng",
  "Hóa",
  "thôn",
  "Đông",
  "giúp",
  "với",
];
const SEPARATORS = [" ", ".", "-", "/", ",", "\t", " - ", "\u00a0", "\u2009", "\u200b", "\u3000", "  "];
/**
 * How people group the 12 digits: the card's own 3-1-2-6 (province, sex and century, year, serial), in fours…
 * Not 2 + 10: "03 8123456789" reads as a phone number after "03", and only an ID word before it ("cccd") says
 * otherwise (the corpus has that case).
 */
const GROUPINGS: readonly (readonly number[])[] = [
  [12],
  [4, 4, 4],
  [3, 3, 3, 3],
  [3, 3, 6],
  [6, 6],
  [3, 9],
  [3, 1, 2, 6],
  [4, 8],
];
/** Digit styles a keyboard may send: ASCII, full width, Arabic-Indic. */
const DIGIT_ZEROS = [0x30, 0xff10, 0x660];

const textArbitrary = fc.array(fc.constantFrom(...WORDS), { maxLength: 8 }).map((words) => words.join(" "));
const citizenIdArbitrary = fc
  .tuple(fc.integer({ min: 1, max: 96 }), fc.stringMatching(/^[0-9]{9}$/))
  .map(([province, rest]) => `${String(province).padStart(3, "0")}${rest}`);
const phoneArbitrary = fc
  .tuple(fc.constantFrom("03", "05", "07", "08", "09"), fc.stringMatching(/^[0-9]{8}$/))
  .map(([prefix, rest]) => `${prefix}${rest}`);

function group(digits: string, sizes: readonly number[], separator: string, zero: number): string {
  const styled = [...digits].map((d) => String.fromCodePoint(zero + Number(d))).join("");
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    parts.push(styled.slice(at, at + size));
    at += size;
  }
  return parts.join(separator);
}

describe("redactSensitive properties", () => {
  it("masks any citizen ID in Vietnamese text, however grouped, and keeps a phone number typed right after it", () => {
    fc.assert(
      fc.property(
        textArbitrary,
        citizenIdArbitrary,
        fc.constantFrom(...GROUPINGS),
        fc.constantFrom(...SEPARATORS),
        fc.constantFrom(...DIGIT_ZEROS),
        fc.option(phoneArbitrary, { nil: undefined }),
        textArbitrary,
        (before, id, grouping, separator, zero, phone, after) => {
          const typed = group(id, grouping, separator, zero);
          const input = `${before} ${typed}${phone ? ` ${phone}` : ""} ${after}`;
          const result = redactSensitive(input);
          expect(result.found).toContain("CITIZEN_ID");
          expect(result.text).not.toContain(typed);
          expect(visibleDigits(result.text).replace(/ /g, "")).not.toContain(id);
          // No four digits of the ID in a row survive (a province code alone identifies nobody).
          for (const word of visibleDigits(result.text).split(" ")) {
            if (word.length >= 4 && phone !== word) expect(id).not.toContain(word);
          }
          if (phone) expect(result.text).toContain(phone);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it("keeps a phone followed by small numbers after «cccd» (a counterexample fast-check found)", () => {
    expect(redactSensitive("cccd 0300000000 2 2")).toEqual({ text: "cccd 0300000000 2 2", found: [] });
    expect(redactSensitive("cccd 0381234567 89").found).toEqual(["CITIZEN_ID"]);
  });

  it("leaves phone numbers, dates and amounts in ordinary text alone", () => {
    const harmless = fc.oneof(
      phoneArbitrary,
      fc
        .tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1950, max: 2030 }))
        .map(([d, m, y]) => `${d}/${m}/${y}`),
      fc.integer({ min: 1, max: 999 }).map((n) => `${n}.000.000 đồng`),
      fc.integer({ min: 1, max: 500 }).map((n) => `${n}k`),
      fc.integer({ min: 1900, max: 2099 }).map(String),
    );
    fc.assert(
      fc.property(textArbitrary, harmless, textArbitrary, (before, value, after) => {
        const input = `${before} ${value} ${after}`;
        // A message of nothing but digits ("1900 2 2" once the words around it are "2"s) is a lone code by
        // design: six digits sent on their own are an OTP. Ordinary text has at least one word.
        fc.pre(/\p{L}/u.test(input));
        expect(redactSensitive(input)).toEqual({ text: input, found: [] });
      }),
      { numRuns: 1_000 },
    );
  });

  it("never returns more than the cap plus the masks it put in", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", minLength: 3_000, maxLength: 6_000 }), (input) => {
        const { text } = redactSensitive(input);
        expect(text.length).toBeLessThanOrEqual(REDACTION_INPUT_MAX_CHARS + countMasks(text) * LONGEST_MASK_CHARS);
      }),
      { numRuns: 200 },
    );
  });

  it("finishes on adversarial input (long runs of the things it looks for) with a well-formed result", () => {
    const piece = fc.constantFrom(
      "1",
      "1 ",
      "1.",
      "0",
      "9",
      "12/",
      "-",
      " - ",
      "mk",
      "mk:",
      "mật khẩu là ",
      "mã ",
      "otp ",
      "là ",
      "của em ",
      "(",
      ")",
      "\u00a0",
      "\u200b",
      "\u0301",
      "\t",
      "０",
      "cvv ",
      "đ",
      "+84",
      "?",
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 500, maxLength: 4_000 }), (pieces) => {
        const input = pieces.join("");
        const result = redactSensitive(input);
        expect(typeof result.text).toBe("string");
        expect(result.text.length).toBeLessThanOrEqual(
          REDACTION_INPUT_MAX_CHARS + countMasks(result.text) * LONGEST_MASK_CHARS,
        );
        expect(Array.isArray(result.found)).toBe(true);
      }),
      { numRuns: 40 },
    );
    for (const repeated of ["1 ", "mk: ", "mã là ", "1.", "0".repeat(19), "((((", "mk:x", "\u0301"]) {
      const result = redactSensitive(repeated.repeat(50_000));
      expect(result.text.length).toBeLessThanOrEqual(
        REDACTION_INPUT_MAX_CHARS + countMasks(result.text) * LONGEST_MASK_CHARS,
      );
    }
  });
});

describe("detectSensitiveKinds", () => {
  it("finds a secret anywhere in a text longer than the guard's cap, even across two windows", () => {
    const filler = "Hướng dẫn kích hoạt định danh điện tử mức 2. ".repeat(200);
    expect(detectSensitiveKinds(`${filler}Liên hệ, cccd 038123456789 nhé`)).toEqual(["CITIZEN_ID"]);
    const atBoundary = `${"a".repeat(REDACTION_INPUT_MAX_CHARS - 8)} mk là Hoa@1990 ${"b".repeat(10)}`;
    expect(detectSensitiveKinds(atBoundary)).toEqual(["PASSWORD"]);
    expect(detectSensitiveKinds(filler)).toEqual([]);
  });

  it("says in Vietnamese what was found, or nothing", () => {
    expect(describePrivacyWarning([])).toBeNull();
    expect(describePrivacyWarning(["CITIZEN_ID", "OTP"])).toContain("số định danh/căn cước, mã OTP");
  });
});
