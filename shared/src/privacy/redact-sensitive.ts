/**
 * The privacy guard. Residents sometimes send their citizen ID number, an OTP, a passcode, a password or a bank
 * card number to the OA by mistake. Decree 13/2023 and plain decency say we must not keep them: every free text a
 * resident or member writes passes through `redactSensitive` before anything is persisted or logged, and the bot
 * warns the resident kindly.
 *
 * How it works, in linear time on any input (no regular expression that can backtrack):
 * 1. The input is cut to `REDACTION_INPUT_MAX_CHARS` and normalised (`normalise-for-matching.ts`): NFC, ASCII digits,
 *    one kind of space, no zero-width characters.
 * 2. A scanner splits the normalised copy into tokens: words, digit runs, spaces, single punctuation marks.
 * 3. Passwords: a password word ("mật khẩu", "matkhau", "mk", "pass", "password", "pw"…), optional owner words
 *    ("của mình") and a connector ("là", ":", "=") announce the secret: the next token, up to the next space.
 * 4. Numbers: digit runs joined by one separator (space, tab, ".", "-", "/", ",", " - ") form a chain. A chain is cut
 *    into the reading that explains most of its groups (dynamic programming over at most 19 digits per piece):
 *    12 or 9 digits are an ID, 10 digits from 0 (or 84…) a phone, 13–19 digits a card, d/m/y a date, and groups
 *    before "đ", "k", "triệu"… an amount. So "038123456789 0912345678" is an ID and a phone, not 22 digits.
 * 5. Codes: 4–8 digits after "mã", "otp", "code", "pin", "passcode" (with owner words between, "mã của em là"),
 *    before "là mã (otp)", or alone in a 6-digit message; 3–4 digits after "cvv"; the expiry and CVV right after a
 *    card.
 * The masked stretches are replaced in the NFC text, so everything else reads exactly as it was typed.
 */

import { normaliseForMatching } from "./normalise-for-matching.ts";

export const SENSITIVE_KINDS = ["CITIZEN_ID", "BANK_CARD", "OTP", "PASSWORD"] as const;
export type SensitiveKind = (typeof SENSITIVE_KINDS)[number];

export interface RedactionResult {
  text: string;
  /** Which kinds were found, without their values (safe to store and log). */
  found: SensitiveKind[];
}

export const REDACTION_MASKS: Record<SensitiveKind, string> = {
  CITIZEN_ID: "[số định danh đã ẩn]",
  BANK_CARD: "[số thẻ đã ẩn]",
  OTP: "[mã đã ẩn]",
  PASSWORD: "[mật khẩu đã ẩn]",
};

/**
 * Text beyond this is cut before matching, which bounds the guard's work per call. Zalo's texts are at most 2,000
 * characters and the API's free-text fields at most 500, so nothing a resident or member writes is lost; callers
 * that check longer texts (content written by admins) use `detectSensitiveKinds`, which scans them in windows.
 */
export const REDACTION_INPUT_MAX_CHARS = 4_000;

const KIND_ORDER: readonly SensitiveKind[] = SENSITIVE_KINDS;

// ---------------------------------------------------------------------------------------------------------------
// Words (all folded: lower case, no diacritics, đ → d)

/** Password words, as sequences of folded words. */
const PASSWORD_KEYWORDS: readonly (readonly string[])[] = [
  ["mat", "khau"],
  ["matkhau"],
  ["mk"],
  ["password"],
  ["passwd"],
  ["pass"],
  ["pwd"],
  ["pw"],
];
/** Words that may sit between a password word and the password ("mật khẩu đăng nhập VNeID của em là …"). */
const PASSWORD_FILLERS = new Set([
  ..."cua toi tui minh em anh chi ban con chau bac co chu ong ba moi cu hien tai dang nhap vneid zalo facebook fb".split(
    " ",
  ),
  ..."gmail email mail wifi khoan ngan hang app ung dung the my your of cap level lv so".split(" "),
]);
/** Words after which a level digit follows ("mật khẩu cấp 2 là …"): that digit is not the password. */
const LEVEL_WORDS = new Set(["cap", "level", "lv"]);
/** Words that say "here comes the value". */
const CONNECTOR_WORDS = new Set(["la", "is", "bang"]);
/**
 * A letters-only word after "mật khẩu là" that is a question or an instruction, not a password ("mật khẩu là gì",
 * "mk: vào cài đặt"). A password with a digit or a symbol is masked whatever it says.
 */
const NOT_A_PASSWORD = new Set(
  (
    "gi j sao nao the bao nhieu nhu ntn bi dung sai khong ko k kg hong chua roi dau ai cai do day vay o a ha nhe nha " +
    "oi hay va hoac thi ma de can phai co la duoc vao bam chon nhap doi quen lay tao dat gom it nhat ky tu chu so moi " +
    "cu gui xong nua lai luon mat het khau what how gom phai toi thieu nhieu dai ngan manh yeu trong"
  ).split(" "),
);

/** Words that announce a code (OTP, passcode, PIN). Multi-word names end in one of these or have it first. */
const CODE_KEYWORDS = new Set(["otp", "ma", "code", "pin", "passcode", "mapin", "otp2"]);
/** Words that announce a card's security code. */
const CVV_KEYWORDS = new Set(["cvv", "cvc", "csc", "cvv2", "cvc2"]);
/** Words that may sit between a code word and the code ("mã xác nhận của em là …", "otp vừa nhận được là …"). */
const CODE_FILLERS = new Set(
  (
    "la cua toi tui minh em anh chi ban con chau bac co chu ong ba no so moi vua nhan duoc gui ve den xac thuc kich " +
    "hoat bao mat bi giao dich dang nhap sms tin qua is my the your vneid ngan hang day nay ne nhe a oi thi he thong " +
    "atm visa card " +
    "verification security one time pass smart sinh ra tu la"
  ).split(" "),
);
/** Words that may follow a code before its name ("482913 chính là mã OTP"). */
const CODE_FOLLOWERS = new Set(["la", "chinh", "cai", "do", "nay", "day", "is", "the", "my"]);
/** Words that may sit between a card number and its expiry or CVV. */
const CARD_TAIL_WORDS = new Set(
  "cvv cvc csc cvv2 cvc2 exp expiry expires het han hsd ngay thang nam ma bao mat so la va and valid thru hieu luc den".split(
    " ",
  ),
);
/** Words before a number that say it is an identity number (lets a phone-shaped piece join an ID). */
const ID_KEYWORDS = new Set(["cccd", "cmnd", "cmt", "cmtnd", "cuoc", "cancuoc", "danh", "dddt", "id", "cc"]);
const ID_FILLERS = new Set("so cua toi tui minh em anh chi ban la moi cu nhan dan cong chung minh".split(" "));
/**
 * Units of money after an amount ("500.000đ", "2 triệu", "150k"), compared as typed (lower case, NFC): "Đông", a
 * village's name, folds to "dong" like "đồng" but is not money.
 */
const CURRENCY_WORDS = new Set(
  "đ đồng dong vnđ vnd k nghìn nghin ngàn ngan tr triệu trieu tỷ ty tỉ ti usd đô xu".split(" "),
);

const GROUP_SEPARATORS = new Set([".", "-", "/", ",", "_"]);
/** Punctuation skipped between a keyword and the value it announces. */
const SKIPPED_PUNCTUATION = new Set([":", "=", "(", ")", "-", ",", ".", '"', "'", "“", "”", "«", "»", "[", "]", "*"]);

// ---------------------------------------------------------------------------------------------------------------
// Tokens

type TokenKind = "word" | "num" | "space" | "punct";

interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  text: string;
  /** Words only: folded (no diacritics, đ → d). */
  folded: string;
}

const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
const MARKS = /\p{M}+/gu;

function foldWord(word: string): string {
  return word.normalize("NFD").replace(MARKS, "").replace(/đ/g, "d");
}

function classify(character: string): TokenKind {
  if (character === " ") return "space";
  if (character >= "0" && character <= "9") return "num";
  return LETTER_OR_MARK.test(character) ? "word" : "punct";
}

/** One pass over the normalised text. Runs of the same class form a token; punctuation is one mark per token. */
function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const first = String.fromCodePoint(text.codePointAt(index) ?? 0);
    const kind = classify(first);
    const start = index;
    index += first.length;
    if (kind !== "punct") {
      while (index < text.length) {
        const next = String.fromCodePoint(text.codePointAt(index) ?? 0);
        if (classify(next) !== kind) break;
        index += next.length;
      }
    }
    const tokenText = text.slice(start, index);
    tokens.push({ kind, start, end: index, text: tokenText, folded: kind === "word" ? foldWord(tokenText) : "" });
  }
  return tokens;
}

interface Span {
  start: number;
  end: number;
  kind: SensitiveKind;
}

// ---------------------------------------------------------------------------------------------------------------
// Passwords

/** Index after `phrase` if the words of `phrase` start at `index` (single spaces between them), else -1. */
function matchPhrase(tokens: readonly Token[], index: number, phrase: readonly string[]): number {
  let at = index;
  for (let word = 0; word < phrase.length; word++) {
    if (word > 0) {
      if (tokens[at]?.kind !== "space") return -1;
      at++;
    }
    const token = tokens[at];
    if (token?.kind !== "word" || token.folded !== phrase[word]) return -1;
    at++;
  }
  return at;
}

function passwordKeywordEnd(tokens: readonly Token[], index: number): number {
  let best = -1;
  for (const phrase of PASSWORD_KEYWORDS) best = Math.max(best, matchPhrase(tokens, index, phrase));
  // "pass code" is a passcode, handled with the codes.
  if (best !== -1 && tokens[index]?.folded === "pass" && matchPhrase(tokens, index, ["pass", "code"]) !== -1) return -1;
  return best;
}

const TRAILING_PUNCTUATION = new Set(["?", "!", ".", ",", ";", ":", ")", "]", '"', "'", "”", "»", "…"]);

function isLettersOnly(text: string): boolean {
  for (const character of text) if (!LETTER_OR_MARK.test(character)) return false;
  return true;
}

/** Words that may name what a password is for before its connector ("mật khẩu wifi nhà văn hóa: …"). */
const MAX_NAMING_WORDS = 3;

/** The index of a connector (":", "=", "là") within the next few words, or -1. */
function connectorWithin(tokens: readonly Token[], index: number): number {
  let words = 0;
  for (let at = index; at < tokens.length && at < index + 2 * MAX_NAMING_WORDS + 2; at++) {
    const token = tokens[at] as Token;
    if (token.kind === "space") continue;
    if (token.kind === "punct") return token.text === ":" || token.text === "=" ? at : -1;
    if (token.kind !== "word") return -1;
    if (CONNECTOR_WORDS.has(token.folded)) return at;
    if (++words > MAX_NAMING_WORDS) return -1;
  }
  return -1;
}

function findPasswords(text: string, tokens: readonly Token[], spans: Span[]): void {
  let index = 0;
  while (index < tokens.length) {
    const token = tokens[index];
    const keywordEnd = token?.kind === "word" ? passwordKeywordEnd(tokens, index) : -1;
    if (keywordEnd === -1) {
      index++;
      continue;
    }
    let at = keywordEnd;
    let connector = false;
    let steps = 0;
    while (at < tokens.length && steps < 10) {
      const current = tokens[at];
      if (!current) break;
      if (current.kind === "space") {
        at++;
        continue;
      }
      if (current.kind === "punct" && SKIPPED_PUNCTUATION.has(current.text)) {
        if (current.text === ":" || current.text === "=") connector = true;
        at++;
        steps++;
        continue;
      }
      if (current.kind === "word" && CONNECTOR_WORDS.has(current.folded)) {
        connector = true;
        at++;
        steps++;
        continue;
      }
      if (current.kind === "word" && PASSWORD_FILLERS.has(current.folded)) {
        at++;
        steps++;
        if (LEVEL_WORDS.has(current.folded)) {
          // "cấp 2": skip the level digit.
          const next = tokens[at]?.kind === "space" ? at + 1 : at;
          if (tokens[next]?.kind === "num" && (tokens[next]?.text.length ?? 0) <= 2) at = next + 1;
        }
        continue;
      }
      // "mật khẩu wifi nhà văn hóa: …": a few words naming what the password is for, then a connector.
      const connectorAt = connector ? -1 : connectorWithin(tokens, at);
      if (connectorAt !== -1) {
        at = connectorAt;
        continue;
      }
      break;
    }
    const first = tokens[at];
    if (!first || first.kind === "space" || at >= tokens.length) {
      index = Math.max(at, index + 1);
      continue;
    }
    let last = at;
    while (last + 1 < tokens.length && tokens[last + 1]?.kind !== "space") last++;
    const start = first.start;
    const end = tokens[last]?.end ?? first.end;
    let coreEnd = end;
    while (coreEnd > start && TRAILING_PUNCTUATION.has(text[coreEnd - 1] ?? "")) coreEnd--;
    const core = text.slice(start, coreEnd);
    const lettersOnly = isLettersOnly(core);
    const plausible = core.length > 0 && (lettersOnly ? connector && !NOT_A_PASSWORD.has(foldWord(core)) : true);
    if (plausible) {
      spans.push({ start, end, kind: "PASSWORD" });
      index = last + 1;
    } else {
      index = keywordEnd;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers

interface Group {
  token: number;
  digits: string;
  /** The separator before this group: "" for the first, " " for spaces, else the punctuation mark. */
  separator: string;
}

/** `CODE`: an OTP, passcode or CVV found by the words around it (masked, never read again). */
type PieceKind = "ID" | "CARD" | "PHONE" | "DATE" | "AMOUNT" | "CODE" | "OTHER";

interface Piece {
  from: number;
  to: number;
  kind: PieceKind;
  digits: number;
}

interface Chain {
  groups: Group[];
  pieces: Piece[];
}

/** Longest space run still read as a separator inside a number ("0381  2345", a tab): longer gaps end it. */
const MAX_SEPARATOR_SPACES = 4;
/** Longest piece of a chain, in digits (a card has at most 19). */
const MAX_PIECE_DIGITS = 19;

function separatorAfter(tokens: readonly Token[], index: number): { next: number; separator: string } | null {
  let at = index + 1;
  let spaced = false;
  const spaceFits = (token: Token | undefined) =>
    token?.kind === "space" && token.end - token.start <= MAX_SEPARATOR_SPACES;
  if (spaceFits(tokens[at])) {
    spaced = true;
    at++;
  }
  let separator = " ";
  const mark = tokens[at];
  if (mark?.kind === "punct" && GROUP_SEPARATORS.has(mark.text)) {
    // "2020, 2021" is a list; "038,123,456,789" a grouping.
    if (mark.text === "," && (spaced || tokens[at + 1]?.kind === "space")) return null;
    separator = mark.text;
    at++;
    if (spaceFits(tokens[at])) at++;
  } else if (!spaced) {
    return null;
  }
  return tokens[at]?.kind === "num" ? { next: at, separator } : null;
}

function isPhone(digits: string): boolean {
  if (digits.length === 10) return digits[0] === "0";
  if (digits.length === 11) return digits[0] === "0" || digits.startsWith("84");
  return false;
}

/** What one group of digits is on its own, when it says so by its length. */
function soloKind(digits: string, plus: boolean): PieceKind | null {
  const length = digits.length;
  if (isPhone(digits)) return "PHONE";
  if (length === 12 && plus && digits.startsWith("84")) return "PHONE";
  if (length === 9 || length === 12) return "ID";
  if (length >= 13 && length <= MAX_PIECE_DIGITS) return "CARD";
  return null;
}

function inRange(text: string, low: number, high: number): boolean {
  const value = Number(text);
  return value >= low && value <= high;
}

function isDate(groups: readonly Group[], from: number, to: number): boolean {
  const count = to - from + 1;
  // Dates have two or three groups: nothing to read (and no allocation) for the longer pieces the plan tries.
  if (count !== 2 && count !== 3) return false;
  const separator = groups[from + 1]?.separator;
  if (separator !== "/" && separator !== "-" && separator !== ".") return false;
  if (count === 3 && groups[from + 2]?.separator !== separator) return false;
  const a = groups[from]?.digits ?? "";
  const b = groups[from + 1]?.digits ?? "";
  const c = count === 3 ? (groups[from + 2]?.digits ?? "") : "";
  if (count === 3) {
    const dayMonthYear =
      a.length <= 2 && b.length <= 2 && inRange(a, 1, 31) && inRange(b, 1, 12) && (c.length === 2 || c.length === 4);
    const yearMonthDay = a.length === 4 && inRange(a, 1900, 2099) && b.length <= 2 && c.length <= 2;
    return (dayMonthYear && (c.length === 2 || inRange(c, 1900, 2099))) || (yearMonthDay && inRange(b, 1, 12));
  }
  if (count === 2) {
    const monthYear = a.length <= 2 && inRange(a, 1, 12) && b.length === 4 && inRange(b, 1900, 2099);
    // "12/5", "12/27": a day and month, or a card's expiry.
    const short = separator === "/" && a.length <= 2 && b.length <= 2 && inRange(a, 1, 31) && inRange(b, 1, 31);
    return monthYear || short;
  }
  return false;
}

function isYearList(groups: readonly Group[], from: number, to: number): boolean {
  for (let g = from; g <= to; g++) {
    const digits = groups[g]?.digits ?? "";
    if (digits.length !== 4 || !inRange(digits, 1900, 2099)) return false;
  }
  return true;
}

/** The kind of a piece of two or more groups, or null when no reading fits. */
function multiKind(chain: Chain, from: number, to: number, digits: string, plus: boolean, idContext: boolean) {
  const { groups } = chain;
  const first = groups[from + 1]?.separator;
  for (let g = from + 2; g <= to; g++) if (groups[g]?.separator !== first) return null;
  if (isDate(groups, from, to)) return "DATE" as const;
  if (isYearList(groups, from, to)) return null;
  const length = digits.length;
  const candidates: PieceKind[] = [];
  if (length === 12 || length === 9) candidates.push("ID");
  // Cards are printed in groups that start with four digits or more (4-4-4-4, 4-6-5), and no card number starts
  // with 0 while every citizen ID does: "2 0381 2345 6789" and "0381 2345 6789 2" are an ID and a "2".
  const cardLike = (groups[from]?.digits.length ?? 0) >= 4 && digits[0] !== "0";
  if (length >= 13 && length <= MAX_PIECE_DIGITS && cardLike) candidates.push("CARD");
  if (isPhone(digits) || (plus && from === 0 && length === 12 && digits.startsWith("84"))) candidates.push("PHONE");
  for (const kind of candidates) {
    let fits = true;
    for (let g = from; g <= to && fits; g++) {
      const own = groups[g]?.digits ?? "";
      const solo = soloKind(own, false);
      if (solo === null) continue;
      // A group that is a whole number on its own joins others only where that is how people write it:
      // "038 123456789" (an ID in 3 + 9), "+84 912345678" (a phone); a phone-shaped group joins an ID only after "cccd",
      // and only with one other group ("cccd 0381234567 89"): "cccd 0300000000 2 2" is a phone and two small numbers.
      if (own.length === 9 && solo === "ID") fits = (kind === "ID" && length === 12) || kind === "PHONE";
      else if (solo === "PHONE") fits = kind === "ID" && length === 12 && idContext && to - from === 1;
      else fits = false;
    }
    if (fits) return kind;
  }
  return null;
}

interface Plan {
  /** Groups inside a recognised piece (ID, card, phone, date). */
  covered: number;
  /** Digits inside a recognised piece. */
  explained: number;
  pieces: number;
  next: number;
  kind: PieceKind;
}

function isBetter(plan: Plan, than: Plan): boolean {
  if (plan.covered !== than.covered) return plan.covered > than.covered;
  if (plan.explained !== than.explained) return plan.explained > than.explained;
  return plan.pieces < than.pieces;
}

/**
 * The reading of groups [0, end) that explains the most groups, then the most digits, then with the fewest pieces:
 * "0381 2345 6789 2" is an ID and a "2" rather than "0381" and a 9-digit ID. A chain glued to letters
 * ("G22.99-240501-0001", a public-service dossier code) is an identifier of something else: only its groups that
 * are a whole number on their own count.
 */
function planChain(chain: Chain, end: number, options: { plus: boolean; idContext: boolean; glued: boolean }): Piece[] {
  const { plus, idContext, glued } = options;
  const { groups } = chain;
  const best: Plan[] = new Array(end + 1);
  best[end] = { covered: 0, explained: 0, pieces: 0, next: end, kind: "OTHER" };
  for (let from = end - 1; from >= 0; from--) {
    const own = groups[from]?.digits ?? "";
    const solo = soloKind(own, plus && from === 0);
    const after = best[from + 1] as Plan;
    let choice: Plan = {
      covered: after.covered + (solo ? 1 : 0),
      explained: after.explained + (solo ? own.length : 0),
      pieces: after.pieces + 1,
      next: from + 1,
      kind: solo ?? "OTHER",
    };
    let digits = own;
    for (let to = from + 1; to < end && !glued; to++) {
      digits += groups[to]?.digits ?? "";
      if (digits.length > MAX_PIECE_DIGITS) break;
      // The ID word before the chain speaks for its first piece only.
      const kind = multiKind(chain, from, to, digits, plus && from === 0, idContext && from === 0);
      if (!kind) continue;
      const rest = best[to + 1] as Plan;
      const plan: Plan = {
        covered: rest.covered + (to - from + 1),
        explained: rest.explained + digits.length,
        pieces: rest.pieces + 1,
        next: to + 1,
        kind,
      };
      if (isBetter(plan, choice)) choice = plan;
    }
    best[from] = choice;
  }
  const pieces: Piece[] = [];
  for (let from = 0; from < end; ) {
    const plan = best[from] as Plan;
    let digits = 0;
    for (let g = from; g < plan.next; g++) digits += groups[g]?.digits.length ?? 0;
    pieces.push({ from, to: plan.next - 1, kind: plan.kind, digits });
    from = plan.next;
  }
  return pieces;
}

/** The groups at the end of a chain that are an amount of money: "500.000đ", "1,500,000 đồng", "150000 k". */
function amountStart(tokens: readonly Token[], groups: readonly Group[]): number {
  const last = groups.length - 1;
  const lastGroup = groups[last];
  if (!lastGroup) return groups.length;
  let at = lastGroup.token + 1;
  const gap = tokens[at];
  if (gap?.kind === "space" && gap.end - gap.start <= 2) at++;
  const unit = tokens[at];
  const currency =
    (unit?.kind === "word" && CURRENCY_WORDS.has(unit.text)) ||
    (unit?.kind === "punct" && (unit.text === "₫" || unit.text === "$"));
  if (!currency) return groups.length;
  let from = last;
  const thousands = lastGroup.separator;
  while (
    from > 0 &&
    (thousands === "." || thousands === ",") &&
    groups[from]?.separator === thousands &&
    groups[from]?.digits.length === 3
  ) {
    from--;
  }
  if (from < last) {
    const head = groups[from]?.digits.length ?? 0;
    return head >= 1 && head <= 3 ? from : from + 1;
  }
  // Ungrouped: up to 99 million; longer runs before "đồng" are more likely an ID than an amount typed without dots.
  return lastGroup.digits.length <= 8 ? last : groups.length;
}

function hasIdKeywordBefore(tokens: readonly Token[], index: number): boolean {
  let words = 0;
  for (let at = index - 1, steps = 0; at >= 0 && words < 8 && steps < 20; at--, steps++) {
    const token = tokens[at];
    if (!token) break;
    if (token.kind === "space" || (token.kind === "punct" && SKIPPED_PUNCTUATION.has(token.text))) continue;
    if (token.kind !== "word") return false;
    if (ID_KEYWORDS.has(token.folded)) return true;
    if (!ID_FILLERS.has(token.folded)) return false;
    words++;
  }
  return false;
}

function findNumberChains(tokens: readonly Token[], masked: Uint8Array): Chain[] {
  const chains: Chain[] = [];
  let index = 0;
  while (index < tokens.length) {
    const token = tokens[index];
    if (token?.kind !== "num" || masked[token.start] === 1) {
      index++;
      continue;
    }
    const groups: Group[] = [{ token: index, digits: token.text, separator: "" }];
    let at = index;
    for (;;) {
      const link = separatorAfter(tokens, at);
      const next = link ? tokens[link.next] : undefined;
      if (!link || !next || masked[next.start] === 1) break;
      groups.push({ token: link.next, digits: next.text, separator: link.separator });
      at = link.next;
    }
    const before = tokens[index - 1];
    const plus = before?.kind === "punct" && before.text === "+";
    const chain: Chain = { groups, pieces: [] };
    const amountFrom = amountStart(tokens, groups);
    const glued = before?.kind === "word" && !ID_KEYWORDS.has(before.folded);
    chain.pieces = planChain(chain, amountFrom, { plus, idContext: hasIdKeywordBefore(tokens, index), glued });
    if (amountFrom < groups.length) {
      let digits = 0;
      for (let g = amountFrom; g < groups.length; g++) digits += groups[g]?.digits.length ?? 0;
      chain.pieces.push({ from: amountFrom, to: groups.length - 1, kind: "AMOUNT", digits });
    }
    chains.push(chain);
    index = at + 1;
  }
  return chains;
}

// ---------------------------------------------------------------------------------------------------------------
// Codes

type CodeWord = "OTP" | "CVV" | "PASSWORD";

function codeWordBefore(tokens: readonly Token[], index: number): CodeWord | null {
  let words = 0;
  let steps = 0;
  for (let at = index; at >= 0 && words <= 6 && steps < 16; at--, steps++) {
    const token = tokens[at];
    if (!token) return null;
    if (token.kind === "space") continue;
    if (token.kind === "punct") {
      if (SKIPPED_PUNCTUATION.has(token.text)) continue;
      return null;
    }
    if (token.kind === "num") {
      // "cvv2 123": the 2 belongs to the word.
      const word = tokens[at - 1];
      if (token.text === "2" && word?.kind === "word" && CVV_KEYWORDS.has(word.folded)) return "CVV";
      // "mã 6 số", "passcode 6 chữ số": a count of digits, not the code.
      const after = tokens[at + 1]?.kind === "space" ? tokens[at + 2] : tokens[at + 1];
      if (token.text.length <= 2 && (after?.folded === "so" || after?.folded === "chu")) continue;
      return null;
    }
    if (CODE_KEYWORDS.has(token.folded)) return "OTP";
    if (CVV_KEYWORDS.has(token.folded)) return "CVV";
    if (!CODE_FILLERS.has(token.folded)) return null;
    words++;
  }
  return null;
}

function codeWordAfter(tokens: readonly Token[], index: number): CodeWord | null {
  let words = 0;
  for (let at = index, steps = 0; at < tokens.length && words <= 3 && steps < 16; at++, steps++) {
    const token = tokens[at];
    if (!token) return null;
    if (token.kind === "space") continue;
    if (token.kind === "punct") {
      if (SKIPPED_PUNCTUATION.has(token.text)) continue;
      return null;
    }
    if (token.kind !== "word") return null;
    const word = token.folded;
    if (CODE_KEYWORDS.has(word) || word === "passcode") return "OTP";
    if (CVV_KEYWORDS.has(word)) return "CVV";
    if (word === "mk" || word === "pass" || word === "password" || word === "matkhau") return "PASSWORD";
    if (word === "mat") {
      const next = tokens[at + 2];
      if (tokens[at + 1]?.kind === "space" && next?.folded === "khau") return "PASSWORD";
      if (tokens[at + 1]?.kind === "space" && next?.folded === "ma") return "OTP";
      return null;
    }
    if (!CODE_FOLLOWERS.has(word)) return null;
    words++;
  }
  return null;
}

function isContent(token: Token | undefined): boolean {
  return token?.kind === "word" || token?.kind === "num";
}

/** True when tokens [first, last] hold every word and number of the text (`contentTokens` of them in all). */
function onlyThis(tokens: readonly Token[], first: number, last: number, contentTokens: number): boolean {
  let inside = 0;
  for (let at = first; at <= last; at++) if (isContent(tokens[at])) inside++;
  return inside === contentTokens;
}

/** A code's length: OTPs and passcodes have 4–8 digits, CVVs 3 or 4; a lone 6-digit message is an OTP. */
function codeKind(word: CodeWord | null, digits: number): SensitiveKind | null {
  if (word === "CVV") return digits === 3 || digits === 4 ? "BANK_CARD" : null;
  if (word === "OTP") return digits >= 4 && digits <= 8 ? "OTP" : null;
  if (word === "PASSWORD") return digits >= 4 && digits <= 8 ? "PASSWORD" : null;
  return null;
}

function findCodes(tokens: readonly Token[], chains: readonly Chain[], spans: Span[]): void {
  let contentTokens = 0;
  for (const token of tokens) if (isContent(token)) contentTokens++;
  for (const chain of chains) {
    const { groups, pieces } = chain;
    let p = 0;
    while (p < pieces.length) {
      const piece = pieces[p] as Piece;
      if (piece.kind !== "OTHER") {
        p++;
        continue;
      }
      // Consecutive unexplained groups joined by spaces ("482 913") make one code, up to 8 digits.
      let last = p;
      let digits = piece.digits;
      while (
        last + 1 < pieces.length &&
        pieces[last + 1]?.kind === "OTHER" &&
        groups[pieces[last + 1]?.from ?? 0]?.separator === " " &&
        digits + (pieces[last + 1]?.digits ?? 0) <= 8
      ) {
        last++;
        digits += pieces[last]?.digits ?? 0;
      }
      const firstToken = groups[piece.from]?.token ?? 0;
      const lastToken = groups[pieces[last]?.to ?? piece.from]?.token ?? firstToken;
      const kind =
        codeKind(codeWordBefore(tokens, firstToken - 1), digits) ??
        codeKind(codeWordAfter(tokens, lastToken + 1), digits) ??
        (digits === 6 && onlyThis(tokens, firstToken, lastToken, contentTokens) ? "OTP" : null);
      if (kind) {
        spans.push({ start: tokens[firstToken]?.start ?? 0, end: tokens[lastToken]?.end ?? 0, kind });
        for (let q = p; q <= last; q++) (pieces[q] as Piece).kind = "CODE";
      }
      p = last + 1;
    }
  }
}

/** The expiry ("12/27") and the CVV ("123") typed right after a card number. */
function findCardTails(tokens: readonly Token[], chains: readonly Chain[], spans: Span[]): void {
  const pieceAt = new Map<number, { chain: Chain; piece: Piece }>();
  for (const chain of chains) {
    for (const piece of chain.pieces) pieceAt.set(chain.groups[piece.from]?.token ?? -1, { chain, piece });
  }
  for (const chain of chains) {
    for (const piece of chain.pieces) {
      if (piece.kind !== "CARD") continue;
      let at = (chain.groups[piece.to]?.token ?? 0) + 1;
      let masked = 0;
      for (let steps = 0; at < tokens.length && steps < 14 && masked < 2; steps++) {
        const token = tokens[at] as Token;
        if (token.kind === "space" || (token.kind === "punct" && SKIPPED_PUNCTUATION.has(token.text))) {
          at++;
          continue;
        }
        if (token.kind === "punct" && token.text === "/") {
          at++;
          continue;
        }
        if (token.kind === "word" && CARD_TAIL_WORDS.has(token.folded)) {
          at++;
          continue;
        }
        // "cvv2": a glued 2 after the word.
        const previous = tokens[at - 1];
        if (
          token.kind === "num" &&
          token.text === "2" &&
          previous?.kind === "word" &&
          CVV_KEYWORDS.has(previous.folded)
        ) {
          at++;
          continue;
        }
        const found = token.kind === "num" ? pieceAt.get(at) : undefined;
        if (!found) break;
        const { piece: next, chain: nextChain } = found;
        const isTail =
          (next.kind === "DATE" && next.digits <= 6) ||
          (next.kind === "OTHER" && (next.digits === 3 || next.digits === 4));
        if (!isTail) break;
        const endToken = nextChain.groups[next.to]?.token ?? at;
        spans.push({ start: token.start, end: tokens[endToken]?.end ?? token.end, kind: "BANK_CARD" });
        next.kind = "CODE";
        masked++;
        at = endToken + 1;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------

function markSpans(masked: Uint8Array, spans: readonly Span[], from: number): void {
  for (let s = from; s < spans.length; s++) {
    const span = spans[s] as Span;
    masked.fill(1, span.start, span.end);
  }
}

/**
 * Masks citizen ID numbers (12 digits, old 9-digit IDs), bank card numbers with their expiry and CVV, OTPs and
 * passcodes, and passwords. Returns the text (cut to `REDACTION_INPUT_MAX_CHARS`, in NFC) with each secret replaced
 * by its `REDACTION_MASKS` entry, and the kinds found.
 */
export function redactSensitive(input: string): RedactionResult {
  const normalised = normaliseForMatching(input, REDACTION_INPUT_MAX_CHARS);
  const { text } = normalised;
  const tokens = tokenise(text);
  const spans: Span[] = [];
  const masked = new Uint8Array(text.length);

  findPasswords(text, tokens, spans);
  markSpans(masked, spans, 0);
  const chains = findNumberChains(tokens, masked);
  for (const chain of chains) {
    for (const piece of chain.pieces) {
      if (piece.kind !== "ID" && piece.kind !== "CARD") continue;
      const start = tokens[chain.groups[piece.from]?.token ?? 0]?.start ?? 0;
      const end = tokens[chain.groups[piece.to]?.token ?? 0]?.end ?? 0;
      spans.push({ start, end, kind: piece.kind === "ID" ? "CITIZEN_ID" : "BANK_CARD" });
    }
  }
  findCodes(tokens, chains, spans);
  findCardTails(tokens, chains, spans);

  return applySpans(normalised, spans);
}

function applySpans(normalised: ReturnType<typeof normaliseForMatching>, spans: Span[]): RedactionResult {
  const { source, sourceStart, sourceEnd } = normalised;
  if (spans.length === 0) return { text: source, found: [] };
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const found = new Set<SensitiveKind>();
  const parts: string[] = [];
  let cursor = 0;
  let lastEnd = -1;
  for (const span of spans) {
    if (span.start < lastEnd) continue; // inside a stretch already masked
    const from = sourceStart[span.start] ?? source.length;
    const to = sourceEnd[span.end - 1] ?? source.length;
    parts.push(source.slice(cursor, from), REDACTION_MASKS[span.kind]);
    found.add(span.kind);
    cursor = to;
    lastEnd = span.end;
  }
  parts.push(source.slice(cursor));
  return { text: parts.join(""), found: KIND_ORDER.filter((kind) => found.has(kind)) };
}
