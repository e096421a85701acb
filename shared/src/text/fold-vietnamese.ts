/**
 * Understanding Vietnamese as residents type it: with or without diacritics, with the tone mark on either vowel
 * (`hoà` / `hòa`), `đ` or `d`, capitals, stray punctuation, and the usual abbreviations ("dk", "tk", "cccd", "ko").
 *
 * Matching always happens on the *canonical* form: folded (see `foldVietnamese`), then abbreviations and common
 * misspellings expanded to one spelling (see `ABBREVIATIONS`). Never show a folded string to a person.
 */

/** Lower-case, no diacritics, `đ` → `d`, punctuation → spaces, single spaces. Tone-mark placement folds away too. */
export function foldVietnamese(input: string): string {
  return input
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/**
 * Folded token sequences and the canonical spelling they stand for. Longer phrases are tried first, so "v neid"
 * becomes "vneid" before "v" is considered alone. Keys and values are already folded.
 */
export const ABBREVIATIONS: Readonly<Record<string, string>> = {
  // Electronic identity
  "v neid": "vneid",
  "vn eid": "vneid",
  "vn id": "vneid",
  vnid: "vneid",
  "v n eid": "vneid",
  vneld: "vneid",
  "dinh danh dien tu": "dinh danh",
  "dinh danh dt": "dinh danh",
  ddđt: "dinh danh",
  dddt: "dinh danh",
  "muc do 2": "muc 2",
  "muc do 1": "muc 1",
  "level 2": "muc 2",
  "level 1": "muc 1",
  lv2: "muc 2",
  "lv 2": "muc 2",
  lv1: "muc 1",
  "lv 1": "muc 1",
  m2: "muc 2",
  m1: "muc 1",
  "cap 2": "muc 2",
  "cap do 2": "muc 2",
  "kick hoat": "kich hoat",
  "kich hot": "kich hoat",
  // ID card
  cccd: "can cuoc",
  "can cuoc cong dan": "can cuoc",
  "the can cuoc": "can cuoc",
  "can cuoc gan chip": "can cuoc chip",
  "cccd gan chip": "can cuoc chip",
  "gan chip": "chip",
  cmnd: "chung minh",
  "chung minh nhan dan": "chung minh",
  cmt: "chung minh",
  // Public services
  dvc: "dich vu cong",
  dvctt: "dich vu cong",
  "dich vu cong truc tuyen": "dich vu cong",
  "dv cong": "dich vu cong",
  bhyt: "bao hiem y te",
  bhxh: "bao hiem xa hoi",
  gplx: "giay phep lai xe",
  lltp: "ly lich tu phap",
  // Words
  dk: "dang ky",
  "dang ki": "dang ky",
  dky: "dang ky",
  tk: "tai khoan",
  "tai khoang": "tai khoan",
  ck: "chuyen khoan",
  "chuyen tien": "chuyen khoan",
  mk: "mat khau",
  pass: "mat khau",
  password: "mat khau",
  sdt: "so dien thoai",
  dt: "dien thoai",
  ttkdtm: "thanh toan khong tien mat",
  "khong dung tien mat": "khong tien mat",
  "qr code": "qr",
  "ma qr": "qr",
  vietqr: "qr",
  ko: "khong",
  k: "khong",
  kg: "khong",
  kh: "khong",
  khg: "khong",
  hok: "khong",
  hem: "khong",
  k0: "khong",
  dc: "duoc",
  dk2: "dang ky muc 2",
  đc: "duoc",
  roai: "roi",
  rui: "roi",
  r: "roi",
  oke: "ok",
  okie: "ok",
  okay: "ok",
  "o k": "ok",
  vs: "voi",
  j: "gi",
  mik: "minh",
  mjk: "minh",
  mn: "moi nguoi",
  ad: "admin",
  sp: "san pham",
  tmdt: "thuong mai dien tu",
  "ban hang online": "ban hang truc tuyen",
  "ban online": "ban hang truc tuyen",
  "ban hang qua mang": "ban hang truc tuyen",
  "lua dao qua mang": "lua dao",
  "bi lua": "lua dao",
  otp: "ma otp",
};

// Pure annotations: the mini-app imports only `foldVietnamese` from here, and its bundle need not carry the tables.
const ABBREVIATION_ENTRIES: ReadonlyArray<readonly [string[], string[]]> = /* @__PURE__ */ (() =>
  Object.entries(ABBREVIATIONS)
    .map(([from, to]) => [foldVietnamese(from).split(" "), to.split(" ")] as const)
    .sort((a, b) => b[0].length - a[0].length))();

/** Folded tokens with abbreviations and misspellings replaced by their canonical spelling. */
export function canonicalTokens(input: string): string[] {
  return replaceTokenRuns(foldVietnamese(input).split(" ").filter(Boolean), ABBREVIATION_ENTRIES);
}

/** Replaces each run of tokens that starts an entry's `from` with its `to`, left to right, the first entry winning. */
export function replaceTokenRuns(
  tokens: readonly string[],
  entries: ReadonlyArray<readonly [readonly string[], readonly string[]]>,
): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    const hit = entries.find(([from]) => from.every((token, k) => tokens[i + k] === token));
    if (hit) {
      out.push(...hit[1]);
      i += hit[0].length;
    } else {
      out.push(tokens[i] as string);
      i += 1;
    }
  }
  return out;
}

/** The canonical form as one string: what every phrase comparison in the bot uses. */
export function canonicalText(input: string): string {
  return canonicalTokens(input).join(" ");
}

/** True when `phrase` occurs in `text` as whole consecutive tokens (both given in any spelling). */
export function containsPhrase(text: string, phrase: string): boolean {
  const haystack = ` ${canonicalText(text)} `;
  const needle = canonicalText(phrase);
  return needle.length > 0 && haystack.includes(` ${needle} `);
}

/** Words that carry no meaning for intent matching ("tôi muốn hỏi về…"). Folded. */
export const STOP_WORDS: ReadonlySet<string> = /* @__PURE__ */ new Set([
  "toi",
  "minh",
  "em",
  "anh",
  "chi",
  "bac",
  "co",
  "chu",
  "ong",
  "ba",
  "muon",
  "hoi",
  "ve",
  "cach",
  "lam",
  "sao",
  "the",
  "nao",
  "la",
  "gi",
  "cho",
  "voi",
  "va",
  "de",
  "di",
  "a",
  "ah",
  "ạ",
  "nhe",
  "nha",
  "oi",
  "xin",
  "giup",
  "huong",
  "dan",
  "cua",
  "o",
  "thi",
  "ma",
  "nhu",
  "nay",
  "do",
  "duoc",
  "roi",
  "chua",
  "mot",
  "cai",
  "bi",
  "vay",
  "u",
  "ha",
  "nhi",
]);

export interface KeywordIntent<Id extends string = string> {
  id: Id;
  /** Phrases in any spelling; they are canonicalised before comparison. */
  keywords: readonly string[];
}

export interface KeywordMatch<Id extends string = string> {
  id: Id;
  score: number;
  /** The keyword that scored best, canonical. */
  keyword: string;
}

/**
 * Scores intents by canonical token overlap with the text. A keyword whose meaningful tokens are all present scores
 * its token count (+0.5 when they appear in order, side by side), so longer, more specific keywords win: "kich hoat
 * dinh danh muc 2" prefers the keyword "kich hoat muc 2" (4) over "dinh danh" (2.5). A keyword at least two thirds
 * present scores half its overlap. Returns matches with score > 0, best first; ties keep the intents' order.
 */
export function matchKeywords<Id extends string>(
  text: string,
  intents: readonly KeywordIntent<Id>[],
): KeywordMatch<Id>[] {
  const tokens = canonicalTokens(text);
  const present = new Set(tokens);
  const joined = ` ${tokens.join(" ")} `;
  const matches: KeywordMatch<Id>[] = [];
  for (const intent of intents) {
    let best: KeywordMatch<Id> | null = null;
    for (const raw of intent.keywords) {
      const keyword = canonicalText(raw);
      const all = keyword.split(" ").filter(Boolean);
      const meaningful = all.filter((t) => !STOP_WORDS.has(t));
      const counted = meaningful.length > 0 ? meaningful : all;
      if (counted.length === 0) continue;
      const overlap = counted.filter((t) => present.has(t)).length;
      let score = 0;
      if (overlap === counted.length) {
        score = counted.length + (joined.includes(` ${keyword} `) ? 0.5 : 0);
      } else if (counted.length >= 3 && overlap * 3 >= counted.length * 2) {
        score = overlap / 2;
      }
      if (score > 0 && (!best || score > best.score)) best = { id: intent.id, score, keyword };
    }
    if (best) matches.push(best);
  }
  return matches.sort((a, b) => b.score - a.score);
}
