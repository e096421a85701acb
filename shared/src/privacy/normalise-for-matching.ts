/**
 * The privacy guard matches on a normalised copy of the text, then masks the matching stretches of the original.
 * Residents type IDs and codes with full-width or Arabic-Indic digits (some keyboards), non-breaking or thin spaces
 * (copied from a bank's SMS), zero-width characters (copied from web pages) and decomposed accents (some Android
 * keyboards send "a" + U+0303 for "ã"): the normalised copy makes all of these look like plain ASCII.
 */

/**
 * The first code point (the digit zero) of every block of ten Unicode decimal digits (general category Nd), in
 * Unicode 16. Each block holds 0–9 in order, so a digit's value is its distance from the block's zero. A unit test
 * checks that every Nd character the running engine knows falls in one of these blocks.
 */
export const UNICODE_DIGIT_ZEROS: readonly number[] = [
  0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6, 0xe50, 0xed0, 0xf20,
  0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0,
  0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30, 0x10d40, 0x11066, 0x110f0, 0x11136, 0x111d0,
  0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x116d0, 0x116da, 0x11730, 0x118e0, 0x11950, 0x11bf0, 0x11c50, 0x11d50,
  0x11da0, 0x11de0, 0x11f50, 0x16130, 0x16a60, 0x16ac0, 0x16b50, 0x16d70, 0x1ccf0, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec,
  0x1d7f6, 0x1e140, 0x1e2f0, 0x1e4f0, 0x1e5f1, 0x1e950, 0x1fbf0,
];

/** The ASCII digit for a Unicode decimal digit code point, or null when it is not one. Binary search: O(log 77). */
export function toAsciiDigit(codePoint: number): string | null {
  let low = 0;
  let high = UNICODE_DIGIT_ZEROS.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const zero = UNICODE_DIGIT_ZEROS[middle] ?? 0;
    if (codePoint < zero) high = middle - 1;
    else if (codePoint > zero + 9) low = middle + 1;
    else return String.fromCharCode(0x30 + codePoint - zero);
  }
  return null;
}

export interface NormalisedText {
  /** The text whose stretches the guard keeps or masks: the input cut to the cap, in NFC. */
  source: string;
  /**
   * The copy matched on: lower case; every decimal digit as ASCII; every kind of space (tab, newline, NBSP, thin,
   * ideographic…) as " "; format characters (zero-width space and joiners, soft hyphen, BOM, bidi marks) removed;
   * full-width ASCII as ASCII; dashes and minus signs as "-".
   */
  text: string;
  /** For each UTF-16 unit of `text`: where the source character it comes from starts and ends in `source`. */
  sourceStart: number[];
  sourceEnd: number[];
}

/** Cuts after `maxChars` UTF-16 units, never between the two halves of a surrogate pair. */
export function cutText(input: string, maxChars: number): string {
  if (input.length <= maxChars) return input;
  const last = input.charCodeAt(maxChars - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? maxChars - 1 : maxChars;
  return input.slice(0, end);
}

const WHITESPACE = /\s/u;
const FORMAT_CHARACTER = /\p{Cf}/u;

function normaliseCodePoint(codePoint: number, character: string): string {
  const digit = toAsciiDigit(codePoint);
  if (digit !== null) return digit;
  if (codePoint === 0xfeff || FORMAT_CHARACTER.test(character)) return "";
  if (WHITESPACE.test(character)) return " ";
  // Full-width ASCII (U+FF01–U+FF5E): "ｍｋ：" is "mk:".
  if (codePoint >= 0xff01 && codePoint <= 0xff5e) return String.fromCharCode(codePoint - 0xfee0).toLowerCase();
  if ((codePoint >= 0x2010 && codePoint <= 0x2015) || codePoint === 0x2212 || codePoint === 0xfe58) return "-";
  if (codePoint === 0xfe63) return "-";
  if (codePoint === 0x2044 || codePoint === 0x2215) return "/";
  return character.toLowerCase();
}

/**
 * Cuts the input to `maxChars`, composes it (NFC) and builds the matching copy with its map back to the source.
 * Linear in the length of the input.
 */
export function normaliseForMatching(input: string, maxChars: number): NormalisedText {
  // NFC may lengthen a few rare sequences: cut before (bounded work) and after (bounded output).
  const source = cutText(cutText(input, maxChars).normalize("NFC"), maxChars);
  const parts: string[] = [];
  const sourceStart: number[] = [];
  const sourceEnd: number[] = [];
  for (let index = 0; index < source.length; ) {
    const codePoint = source.codePointAt(index) ?? 0;
    const width = codePoint > 0xffff ? 2 : 1;
    const normalised = normaliseCodePoint(codePoint, source.slice(index, index + width));
    for (let unit = 0; unit < normalised.length; unit++) {
      sourceStart.push(index);
      sourceEnd.push(index + width);
    }
    parts.push(normalised);
    index += width;
  }
  return { source, text: parts.join(""), sourceStart, sourceEnd };
}
