import { canonicalTokens, foldVietnamese, replaceTokenRuns } from "@xks/shared/text/fold-vietnamese";
import { expandTyping } from "./normalise-typing.ts";

/**
 * Words residents use for the same thing, mapped to one spelling for matching only (canonical, after the shared
 * abbreviations). Kept here rather than in the shared folding: they are about meaning, not spelling, and the eval
 * measures them. Longer phrases are tried first.
 */
const SYNONYMS: Readonly<Record<string, string>> = {
  click: "bam",
  "nhan vao": "bam vao",
  "an vao": "bam vao",
  "duong link": "link",
  "duong dan": "link",
  "duong dan la": "link la",
  app: "ung dung",
  "phan mem": "ung dung",
  fb: "facebook",
  face: "facebook",
  mxh: "mang xa hoi",
  ng: "nguoi",
  ntn: "nhu the nao",
  stk: "so tai khoan",
  nh: "ngan hang",
  tncn: "thu nhap ca nhan",
  "bi chiem": "bi hack",
  "bi nguoi khac chiem": "bi hack",
  "chiem quyen": "hack",
  "hoan tien": "lay lai tien",
  "doi lai": "doi",
  "het hieu luc": "het han",
  // "chưa" (not yet) is a stop word, yet "chưa nhận được OTP" says what "không nhận được OTP" says.
  "chua nhan": "khong nhan",
  "chua thay": "khong thay",
  "chua co": "khong co",
  "chua ve": "khong ve",
  "chua nho": "khong nho",
  "chua biet": "khong biet",
  // «cấp đổi» is the official «đổi», as «đổi lại» is above (CV 646/647/645 → 647/649/646).
  "cap doi": "doi",
  // How residents say «học phí» and «hỏng» (CV 643/645/644 → 646/647/645).
  "tien hoc": "hoc phi",
  "hu hong": "hong",
  "bi hu": "bi hong",
  // Residents' English and chat words for what the knowledge base says in Vietnamese: «ship», «COD» (thu hộ)
  // → 642/643/642 → 643/645/644; «update», «video call», «gương mặt», «inbox» alike.
  "ship hang": "giao hang",
  ship: "giao hang",
  cod: "thu ho",
  update: "cap nhat",
  "video call": "goi video",
  "guong mat": "khuon mat",
  inbox: "nhan tin",
  // Residents say "coin" for "tiền ảo", and both "smartphone" and "điện thoại thông minh": one spelling each.
  // CV 640/641/641 → 641/643/642 (coins), → 642/643/642 (with smartphone; alone it cost one at 5 folds).
  coin: "tien ao",
  crypto: "tien ao",
  bitcoin: "tien ao",
  usdt: "tien ao",
  "dien thoai thong minh": "smartphone",
  // MARKED_CONTENT_WORDS typed without marks, where the neighbour tells which word it is (CV alike).
  "lai suat": "laix suat",
  "lai cao": "laix cao",
  "to cong nghe": "toor cong nghe",
  "to dan pho": "toor dan pho",
  "qua tang": "quaf tang",
  "tang qua": "tang quaf",
  "phan qua": "phan quaf",
};

const SYNONYM_ENTRIES: ReadonlyArray<readonly [string[], string[]]> = Object.entries(SYNONYMS)
  .map(([from, to]) => [from.split(" "), to.split(" ")] as const)
  .sort((a, b) => b[0].length - a[0].length);

function withSynonyms(tokens: readonly string[]): string[] {
  return replaceTokenRuns(tokens, SYNONYM_ENTRIES);
}

/**
 * Words that say how a resident asks, not what they ask ("cho mình hỏi", "làm sao", "ạ"). Canonical (folded,
 * abbreviations expanded). Multi-word phrases are removed before single words, so "làm sao" goes while "làm lại
 * căn cước" keeps its "làm". Words that also carry meaning in a compound ("bán hàng", "căn cước") are not here:
 * their IDF weight is low enough on its own.
 */
const STOP_PHRASES: readonly string[] = [
  "lam the nao",
  "lam cach nao",
  "nhu the nao",
  "phai lam gi",
  "phai lam sao",
  "lam sao",
  "the nao",
  "ra sao",
  "lam gi",
  "cho hoi",
  "xin hoi",
  "muon hoi",
  "moi nguoi",
  "huong dan",
  "duoc khong",
  "giup voi",
  "tu van",
  "xin chao",
  "cam on",
  // "now": says when, not what; "tai" of "hiện tại" also matched "tài khoản" (CV 647/649/646 → 648/649/647;
  // "hôm nay", "hôm qua", "gần đây" too cost 2 off-topic messages at 4 folds).
  "hien tai",
  "bay gio",
  "luc nay",
  "hien nay",
];

const STOP_WORDS: ReadonlySet<string> = new Set([
  // Pronouns and forms of address.
  "toi",
  "minh",
  "em",
  "anh",
  "chi",
  "bac",
  "chu",
  "ong",
  "ba",
  "co",
  "di",
  "chau",
  "con",
  "tui",
  "to",
  "admin",
  // Particles, question words, politeness.
  "a",
  "ah",
  "nhe",
  "nha",
  "oi",
  "xin",
  "hoi",
  "vay",
  "thi",
  "ma",
  "la",
  "gi",
  "nao",
  "sao",
  "ha",
  "nhi",
  "u",
  "voi",
  "giup",
  "dum",
  "giùm",
  "gium",
  "vui",
  "long",
  "cach",
  "muon",
  "cho",
  // "làm" is every verb's helper ("làm căn cước", "làm sao"); "làm lại" is kept as a compound.
  "lam",
  // Function words.
  "duoc",
  "bi",
  "da",
  "dang",
  "se",
  "cung",
  "rat",
  "qua",
  "nay",
  "kia",
  "do",
  "day",
  "the",
  "nhu",
  "ve",
  "va",
  "hay",
  "hoac",
  "cua",
  "o",
  "de",
  "khi",
  "neu",
  "nhung",
  "nen",
  "vi",
  "roi",
  "chua",
  "mot",
  "cai",
  "cac",
  "nhieu",
  "lai",
  "ra",
  "vao",
  "len",
  "phai",
  "can",
]);

/**
 * "can" (cần) is a stop word but "can cuoc" (căn cước) is the ID card; these compounds survive stop-word removal
 * as a whole.
 */
const KEPT_COMPOUNDS: readonly string[] = ["can cuoc", "lam lai", "cap lai", "dang nhap lai", "ra soat"];

/**
 * Content words that fold onto a stop word: "lãi" (interest) is "lai" like "lại", "cài" (install) "cai" like "cái",
 * "tổ" (the volunteers' team) "to" like "tớ", "quà" (gift) "qua" like "qua". Typed with their marks, they are kept as
 * their Telex spelling ("laix", "caif"), which is also what a resident types with the input method off; without marks
 * they cannot be told apart and go with the stop words ("nhận qua" is "receive via" as often as "receive a gift").
 * 3/4/5-fold CV on the tuning split (700 messages): none → 636/639/639 right; "lãi" or "cài" alone → 637/640/640;
 * both → 638/641/641; with "tổ" → 639/641/641; with "quà" too → 640/641/641; off-topic declined 19/21/19 in each.
 * Tried and left out: "thẻ" (637/636/637), "lạ", "ví", "mã", "mượn" (each lost a message or more), "ảnh"
 * (638/637/639 alone, 642/640/641 with the four), and "cửa", "chợ", "rơi", "nhà", "muộn" (no change alone, one
 * message fewer at 3 folds with the four).
 */
const MARKED_CONTENT_WORDS: Readonly<Record<string, string>> = { lãi: "laix", cài: "caif", tổ: "toor", quà: "quaf" };

/** A word's folded letters with its marks, so "quà" and "qùa" (the older tone placement) are one key, "qua" another. */
function markKey(word: string): string {
  const marks = [...word.normalize("NFD").toLowerCase()]
    .filter((c) => /\p{M}/u.test(c))
    .sort()
    .join("");
  return `${foldVietnamese(word)}:${marks}:${/[đĐ]/.test(word) ? "d" : ""}`;
}

const MARKED_CONTENT: ReadonlyMap<string, string> = new Map(
  Object.entries(MARKED_CONTENT_WORDS).map(([word, telex]) => [markKey(word), telex] as const),
);

/**
 * The other way round: "vâng" (yes) folds to "vang" like "vắng" (absent, as in «tạm vắng»), so an elderly resident's
 * «vâng» reached temporary absence at 0.44. Typed with its marks it is dropped like a stop word.
 */
const MARKED_FILLERS: ReadonlySet<string> = new Set(["vâng"].map(markKey));

function withMarkedContentWords(text: string): string {
  // Marks as letters: a decomposed "qua\u0300" is one word. Unmarked words cannot be one of these and skip the key.
  return text.replace(/[\p{L}\p{M}]+/gu, (word) => {
    if (/^[a-z]*$/i.test(word)) return word;
    const key = markKey(word);
    return MARKED_FILLERS.has(key) ? " " : (MARKED_CONTENT.get(key) ?? word);
  });
}

/** Meaningful canonical tokens of `text`, in order. */
export function meaningfulTokens(text: string): string[] {
  const tokens = withSynonyms(expandTyping(canonicalTokens(withMarkedContentWords(text))));
  const keep = new Array<boolean>(tokens.length).fill(true);
  const protectedAt = new Array<boolean>(tokens.length).fill(false);
  for (const compound of KEPT_COMPOUNDS) {
    const parts = compound.split(" ");
    for (let i = 0; i + parts.length <= tokens.length; i += 1) {
      if (parts.every((p, k) => tokens[i + k] === p))
        for (let k = 0; k < parts.length; k += 1) protectedAt[i + k] = true;
    }
  }
  for (const phrase of STOP_PHRASES) {
    const parts = phrase.split(" ");
    for (let i = 0; i + parts.length <= tokens.length; i += 1) {
      if (parts.every((p, k) => tokens[i + k] === p && !protectedAt[i + k])) {
        for (let k = 0; k < parts.length; k += 1) keep[i + k] = false;
      }
    }
  }
  return tokens.filter((t, i) => keep[i] && (protectedAt[i] || !STOP_WORDS.has(t)));
}

/**
 * Names residents use for a thing the knowledge base calls by its general name: the bank's own name for "ngân hàng",
 * "công an phường" for "công an", "bị chiếm quyền" for "hack". Each name of a list also yields the list's first
 * name as an extra term (canonical, after the abbreviations and SYNONYMS), so "quên mật khẩu BIDV" matches the
 * phrasings that say "ngân hàng" and still matches those that say "BIDV". Unlike SYNONYMS, the word itself is kept:
 * it is often the telling one. 4-fold CV on the tuning split (438 messages; 3/4/5 folds): without → 356/356/355
 * right, with → 363/360/359, off-topic declined alike. A list for "điện thoại / thiết bị" cost a message: "thiết bị
 * cũ" is VNeID's own term for the old phone, and it is left out. Names that fold onto another word are left out
 * too: "lua" (lừa, lúa), "be" (bé, bể), "pin" (the PIN, the battery). A name is written as `meaningfulTokens` leaves
 * it (a test checks each can match): "về hưu" is "huu", and names with a stop word or a SYNONYMS source in them
 * ("mã xác thực", "bị chiếm", "nhà mạng", "con nhỏ") could never match and are gone; "mã xác thực" as "xac thuc",
 * "xac nhan" or "kich hoat" cost 1–2 messages a fold in CV.
 */
export const NAMES_OF: readonly (readonly string[])[] = [
  [
    "ngan hang",
    "vietcombank",
    "vcb",
    "bidv",
    "agribank",
    "vietinbank",
    "techcombank",
    "tcb",
    "mbbank",
    "tpbank",
    "acb",
    "sacombank",
    "vpbank",
    "hdbank",
    "shb",
    "ocb",
    "msb",
    "seabank",
  ],
  ["vi dien tu", "momo", "zalopay", "vnpay", "shopeepay", "viettel money", "moca"],
  ["san thuong mai dien tu", "shopee", "lazada", "tiki", "sendo", "senmall", "tiktok shop"],
  ["mang xa hoi", "zalo", "facebook", "messenger", "tiktok", "telegram", "viber"],
  ["cong an", "canh sat", "cong an phuong", "cong an xa"],
  ["lua dao", "lua tien", "gian lan", "chiem doat", "scam", "ke gian", "mao danh", "gia danh", "gia mao", "doi tuong"],
  ["hack", "hacker"],
  ["mat khau", "passcode"],
  ["quen", "khong nho"],
  ["giao hang", "shipper", "buu ta", "buu pham", "kien hang", "goi hang", "buu dien"],
  ["tre em", "tre", "so sinh", "hoc sinh"],
  ["nguoi cao tuoi", "nguoi gia", "cao tuoi", "lon tuoi", "huu"],
  ["tien dien", "dien luc", "evn", "hoa don dien"],
  ["le phi", "phi", "ton tien", "mien phi"],
  ["sim", "so dien thoai", "thue bao"],
];

/** A name (one to three canonical words) → the general name it adds. */
const GENERAL_NAME: ReadonlyMap<string, string> = new Map(
  NAMES_OF.flatMap(([general, ...names]) => names.map((name) => [name, general ?? name] as const)),
);

/**
 * Terms of a token sequence: every unigram and every bigram of neighbours ("mat khau", "khau vneid"), and the
 * general name of each name it has (NAMES_OF).
 */
export function termsOf(tokens: readonly string[]): string[] {
  const terms: string[] = [...tokens];
  for (let i = 0; i + 1 < tokens.length; i += 1) terms.push(`${tokens[i]} ${tokens[i + 1]}`);
  const general = new Set<string>();
  for (const term of terms) {
    const name = GENERAL_NAME.get(term);
    if (name) general.add(name);
  }
  for (let i = 0; i + 2 < tokens.length; i += 1) {
    const name = GENERAL_NAME.get(`${tokens[i]} ${tokens[i + 1]} ${tokens[i + 2]}`);
    if (name) general.add(name);
  }
  for (const name of general) if (!terms.includes(name)) terms.push(name);
  return terms;
}

/**
 * What kind of answer a question asks for, read from the words `meaningfulTokens` drops: "phải làm gì" (what to do),
 * "ở đâu" (where), "bao lâu" (how long), "bao nhiêu" (how much), "là gì" (what is it), "có … không" (yes or no),
 * "làm sao biết / kiểm tra / nhận biết" (how to check: "đã lên mức 2 chưa", "link thật hay giả") and "khác gì / so
 * sánh" (how two things differ), and "rồi" (the resident already did it: "lỡ bấm link rồi" wants what to do now,
 * not how to spot the message). Canonical phrases, each mapped to its kind; a longer phrase comes before the shorter
 * one it shares words with ("sao biết" before "làm sao"). The check and differ kinds: 3/4/5-fold CV 380/382/379 →
 * 380/383/380; "rồi" on 700 messages: 647/647/646 → 648/648/647 (off-topic alike; "lỡ", "vừa" and "đã" added nothing
 * or lost). "rơi" (to drop) folds to the same word and is read as done too, a small cost: it is a stop word already.
 */
const INTENT_PHRASES: ReadonlyArray<readonly [string[], string]> = (
  [
    // Before "làm sao": "sao biết" takes "làm sao biết" too, and leaves "làm" without its "sao".
    ["sao biet", "check"],
    ["lam sao de biet", "check"],
    ["nhan biet", "check"],
    ["phan biet", "check"],
    ["kiem tra", "check"],
    ["tra cuu", "check"],
    ["khac gi", "differ"],
    ["khac nhau", "differ"],
    ["so sanh", "differ"],
    ["phai lam gi", "todo"],
    ["phai lam sao", "todo"],
    ["lam sao", "todo"],
    ["lam gi", "todo"],
    ["lam the nao", "how"],
    ["lam cach nao", "how"],
    ["nhu the nao", "how"],
    ["the nao", "how"],
    ["ra sao", "how"],
    ["o dau", "where"],
    ["noi nao", "where"],
    ["cho nao", "where"],
    ["bao lau", "when"],
    ["khi nao", "when"],
    ["bao gio", "when"],
    ["bao nhieu", "much"],
    ["la gi", "what"],
    ["co phai", "yesno"],
    ["duoc khong", "yesno"],
    ["roi", "done"],
  ] as const
).map(([phrase, kind]) => [phrase.split(" "), kind] as const);

/** The kinds of answer `text` asks for (see INTENT_PHRASES); a phrase's words are used once. */
export function intentsOf(text: string): Set<string> {
  const tokens = withSynonyms(expandTyping(canonicalTokens(text)));
  const used = new Array<boolean>(tokens.length).fill(false);
  const kinds = new Set<string>();
  for (const [parts, kind] of INTENT_PHRASES) {
    for (let i = 0; i + parts.length <= tokens.length; i += 1) {
      if (parts.every((p, k) => tokens[i + k] === p && !used[i + k])) {
        for (let k = 0; k < parts.length; k += 1) used[i + k] = true;
        kinds.add(kind);
      }
    }
  }
  return kinds;
}
