/**
 * How residents type on a phone, beyond what the shared folding already undoes (diacritics, tone placement, the
 * common abbreviations in `shared/src/text/fold-vietnamese.ts`): a number glued to its unit ("60t", "2tr"), teen
 * code and chat shorthand ("wen", "mún", "bít", "khum", "zl"), words typed without their space ("matkhau"), and
 * letters an input method left behind when it was switched off (Telex "quene maatj khaaur", VNI "qu6n ma65t").
 * Input and output are canonical tokens (folded, abbreviations expanded). Matching only: never shown to anyone.
 */

/** A number glued to a unit: "60t" is 60 tuổi, "2tr" 2 triệu, "500k" 500 nghìn. */
const GLUED_UNITS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(\d{1,3})(t|tuoi)$/, "tuoi"],
  [/^(\d{1,4})(tr|trieu|cu)$/, "trieu"],
  [/^(\d{1,4})(k|n|nghin|ngan)$/, "nghin"],
];

/**
 * Chat shorthand and teen code → the canonical words. Only tokens that cannot be anything else in a resident's
 * question: "hong" (không or hỏng) and "bh" (bây giờ or bảo hiểm) are left alone.
 */
const SHORTHAND: Readonly<Record<string, string>> = {
  wen: "quen",
  qen: "quen",
  mun: "muon",
  bit: "biet",
  bik: "biet",
  hk: "khong",
  khum: "khong",
  hum: "khong",
  trc: "truoc",
  dth: "dien thoai",
  dthoai: "dien thoai",
  dienthoai: "dien thoai",
  dtdd: "dien thoai",
  matkhau: "mat khau",
  taikhoan: "tai khoan",
  cancuoc: "can cuoc",
  dinhdanh: "dinh danh",
  nganhang: "ngan hang",
  chuyenkhoan: "chuyen khoan",
  zl: "zalo",
  tk: "tai khoan",
  dt: "dien thoai",
  bn: "bao nhieu",
  bnh: "bao nhieu",
  bnhieu: "bao nhieu",
  lquan: "lien quan",
  nt: "nhan tin",
  ib: "nhan tin",
  sms: "tin nhan",
  acc: "tai khoan",
  pw: "mat khau",
  login: "dang nhap",
  bank: "ngan hang",
  banking: "ngan hang",
  cty: "cong ty",
};

/** Canonical tokens with glued units split and chat shorthand spelled out. */
export function expandTyping(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    const unit = GLUED_UNITS.find(([pattern]) => pattern.test(token));
    if (unit) {
      out.push(token.replace(unit[0], "$1"), ...unit[1].split(" "));
      continue;
    }
    const spelled = SHORTHAND[token];
    out.push(...(spelled ? spelled.split(" ") : [token]));
  }
  return out;
}

/** Telex doubles and "w" that make a vowel (or đ) when the input method is on: "aa" â, "ow" ơ, "dd" đ. */
const TELEX_LETTERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/dd/g, "d"],
  [/aa/g, "a"],
  [/ee/g, "e"],
  [/oo/g, "o"],
  [/aw/g, "a"],
  [/ow/g, "o"],
  [/uw/g, "u"],
];

/**
 * The word a Telex or VNI leftover may stand for ("maatj" → "mat", "khaaur" → "khau", "ma65t" → "mat",
 * "quenf" → "quen"), or null when the token does not look like one. The caller keeps the reading only if the index
 * knows it, so "hoaf" becomes "hoa" only where "hoa" means something.
 */
export function decodeImeLeftover(token: string): string | null {
  if (!/^[a-z0-9]+$/.test(token) || /^\d+$/.test(token)) return null;
  // VNI: tone and vowel marks typed as digits after the letters ("ma65t", "khau63").
  if (/[a-z]/.test(token) && /\d/.test(token) && /^[a-z]/.test(token)) {
    const letters = token.replace(/[1-9]/g, "");
    return /^[a-z]+$/.test(letters) && letters !== token ? letters : null;
  }
  let word = token;
  for (const [pattern, letter] of TELEX_LETTERS) word = word.replace(pattern, letter);
  // Telex tone keys (s f r x j) typed after a syllable with a vowel: "quenf", "maatj", "khaaur".
  if (/[aeiouy][a-z]*[sfrxj]$/.test(word) && word.length > 2) {
    const untoned = word.slice(0, -1);
    if (/[aeiouy]/.test(untoned)) word = untoned;
  }
  return word !== token ? word : null;
}
