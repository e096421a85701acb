// Typo correction for the understanding module: a word the index does not know becomes the indexed word one edit
// away, unless it is spelled like a real Vietnamese syllable (then it is a word the index lacks, not a typo).
import { deletions, MIN_TYPO_WORD_LETTERS, type UnderstandingIndex } from "./build-understanding-index.ts";
import { isVietnameseSyllable } from "./is-vietnamese-syllable.ts";
import { decodeImeLeftover } from "./normalise-typing.ts";

/**
 * A word the index does not know, of at least MIN_TYPO_WORD_LETTERS letters, becomes the indexed word one edit
 * away ("khaur" → "khau", "dienthoai" stays): the most frequent one when several are. A word spelled like a real
 * syllable is not a typo but a word the index lacks: "khoảng" is not "không", "tiếng" not "tiền", "chiều" not
 * "phiếu", "xuyên" not "tuyến" (the corrections CV saw this rule prevent were all wrong). 3/4/5-fold CV on the tuning split (595
 * messages): corrected → 529/529/525 right, off-topic declined 18/19/19 of 23; left alone → 530/530/526, 19/20/20
 * (alike when only syllables of at most 5, 6 or 7 letters are left alone).
 */
export function correctTypo(index: UnderstandingIndex, token: string): string {
  if (index.idf.has(token)) return token;
  const decoded = decodeImeLeftover(token);
  if (decoded !== null && index.idf.has(decoded)) return decoded;
  if (token.length < MIN_TYPO_WORD_LETTERS) return token;
  if (isVietnameseSyllable(token)) return token;
  let best: string | null = null;
  let bestWeight = Number.POSITIVE_INFINITY;
  for (const variant of deletions(token)) {
    for (const word of index.typoNeighbours.get(variant) ?? []) {
      if (!isOneEditApart(token, word)) continue;
      // Lower IDF = more targets use it = the likelier reading of a typo.
      const weight = index.idf.get(word) ?? Number.POSITIVE_INFINITY;
      if (weight < bestWeight) {
        best = word;
        bestWeight = weight;
      }
    }
  }
  return best ?? token;
}

/** One substitution, insertion, deletion or swap of neighbours. */
export function isOneEditApart(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const diff: number[] = [];
    for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) diff.push(i);
    if (diff.length === 1) return true;
    const [i, j] = diff;
    return diff.length === 2 && i !== undefined && j === i + 1 && a[i] === b[j] && a[j] === b[i];
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i += 1;
  return short.slice(i) === long.slice(i + 1);
}
