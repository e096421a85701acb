import { canonicalText, canonicalTokens } from "@xks/shared/text/fold-vietnamese";

/**
 * Global commands work at any time, even while a checklist waits for an answer. A command is recognised when the
 * message *is* the command, give or take a few words ("cho mình xem menu nhé"), never because a long sentence
 * happens to contain it: that is what keeps "tôi bị lừa, giúp tôi xóa dữ liệu…" from triggering by accident.
 */
export type GlobalCommand =
  | "delete-data"
  | "stop-reminders"
  | "resume-reminders"
  | "restart"
  | "resume"
  | "menu"
  | "help"
  | "ask-volunteer"
  /** "đổi xã": change the commune the resident lives in (profile), at any time. */
  | "change-unit";

/** Order matters: longer commands that contain shorter ones come first ("bắt đầu lại" before "bắt đầu"). */
const COMMANDS: ReadonlyArray<readonly [GlobalCommand, readonly string[]]> = [
  [
    "delete-data",
    ["xoa du lieu", "xoa du lieu cua toi", "xoa thong tin cua toi", "xoa het du lieu", "xoa tai khoan cua toi"],
  ],
  [
    "stop-reminders",
    ["dung nhac", "tat nhac", "ngung nhac", "khong nhac nua", "huy nhac", "dung nhac nho", "tat nhac nho"],
  ],
  ["resume-reminders", ["nhac lai", "bat nhac", "bat lai nhac", "mo nhac", "bat nhac nho"]],
  ["restart", ["bat dau lai", "lam lai tu dau", "reset"]],
  ["resume", ["tiep tuc", "lam tiep", "tiep tuc huong dan"]],
  [
    "ask-volunteer",
    [
      "nho doan vien ho tro",
      "nho doan vien",
      "can doan vien",
      "goi doan vien",
      "nho ho tro",
      "can ho tro",
      "can nguoi giup",
      "nho nguoi ho tro",
      "ho tro",
      "gap doan vien",
    ],
  ],
  [
    "change-unit",
    [
      "doi xa",
      "doi phuong",
      "chuyen xa",
      "chuyen phuong",
      "doi xa phuong",
      "thay doi xa",
      "doi sang xa khac",
      "sai xa",
    ],
  ],
  ["help", ["tro giup", "help", "huong dan su dung", "cach dung", "cach su dung"]],
  [
    "menu",
    [
      "menu",
      "danh muc",
      "xem menu",
      "mo menu",
      "quay lai menu",
      "ve menu",
      "trang chu",
      "bat dau",
      "start",
      "quay lai",
    ],
  ],
];

/** Extra words allowed around a command ("cho mình", "nhé", "đi"). */
const SLACK_TOKENS = 3;

/**
 * Words that turn "nhờ đoàn viên hỗ trợ" into a question about it, or its opposite: "hủy yêu cầu nhờ đoàn viên",
 * "không cần hỗ trợ nữa", "hỗ trợ miễn phí không", "nhờ hỗ trợ cho người thân". Those are answered from the
 * knowledge base instead of opening a help request.
 */
const NOT_A_HELP_REQUEST = [
  "huy",
  "khong can",
  "khong nho",
  "doi y",
  "mien phi",
  "mat phi",
  "ton phi",
  "cho nguoi",
  "cho bo",
  "cho me",
  "cho ong",
  "cho ba",
];

export function recogniseCommand(text: string): GlobalCommand | null {
  const tokens = canonicalTokens(text);
  const joined = ` ${tokens.join(" ")} `;
  for (const [command, phrases] of COMMANDS) {
    if (command === "ask-volunteer" && NOT_A_HELP_REQUEST.some((p) => joined.includes(` ${p} `))) continue;
    for (const phrase of phrases) {
      const canonical = canonicalText(phrase);
      const length = canonical.split(" ").length;
      if (joined.includes(` ${canonical} `) && tokens.length <= length + SLACK_TOKENS) return command;
    }
  }
  return null;
}

/** The resident's answer to an instruction or troubleshooting step. */
export type StepAnswer = "help" | "stuck" | "done" | "retry" | "skip" | null;

const STUCK_PHRASES = [
  "gap kho khan",
  "kho khan",
  "khong duoc",
  "chua duoc",
  "bi loi",
  "loi",
  "khong lam duoc",
  "khong biet",
  "kho qua",
  "vuong",
  "bi vuong",
  "chua xong",
  "khong hieu",
  "khong thay",
];
const DONE_PHRASES = [
  "xong",
  "da xong",
  "xong roi",
  "roi",
  "ok",
  "duoc roi",
  "da duoc roi",
  "da duoc",
  "lam xong",
  "tiep",
  "buoc tiep",
  "tiep theo",
  "hoan thanh",
  "da lam",
  "lam roi",
  "dong y",
  "co",
];
const RETRY_PHRASES = ["thu lai", "lam lai", "xem lai", "doc lai"];
const SKIP_PHRASES = ["bo qua", "bo qua buoc nay", "qua buoc", "sang buoc khac"];

/** Whether the text holds one of the canonical phrases as whole words ("ngay hoi" in "khi nào có ngày hội ở xã"). */
export function mentionsAny(text: string, phrases: readonly string[]): boolean {
  return hasPhrase(` ${canonicalText(text)} `, phrases);
}

/**
 * Whether the text holds one of the phrases as typed with their marks, as whole words, whatever the case: for words
 * that fold onto everyday ones ("cuộc thi" folds like "căn cước thì", "hội thi" like "hỏi thì").
 */
export function mentionsMarked(text: string, phrases: readonly string[]): boolean {
  const words = ` ${text
    .normalize("NFC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .join(" ")} `;
  return phrases.some((phrase) => words.includes(` ${phrase.normalize("NFC")} `));
}

function hasPhrase(joined: string, phrases: readonly string[]): boolean {
  return phrases.some((phrase) => joined.includes(` ${canonicalText(phrase)} `));
}

/** Negations win over "xong"/"được": "chưa xong", "không được" are being stuck, not done. */
export function recogniseStepAnswer(text: string): StepAnswer {
  const tokens = canonicalTokens(text);
  const joined = ` ${tokens.join(" ")} `;
  if (hasPhrase(joined, SKIP_PHRASES)) return "skip";
  if (hasPhrase(joined, RETRY_PHRASES)) return "retry";
  if (hasPhrase(joined, STUCK_PHRASES)) return "stuck";
  // Short confirmations only: a long sentence that merely contains "rồi" is not an answer, nor a question that
  // holds "có" ("có sao không", "thế có mất tiền không").
  if (tokens.length <= 5 && !asksYesOrNo(text, tokens) && hasPhrase(joined, DONE_PHRASES)) return "done";
  // «Vâng», «dạ», «ừ» typed with their marks: folded they are «vắng» (absent) and «đã».
  if (tokens.length <= 3 && !asksYesOrNo(text, tokens) && mentionsMarked(text, MARKED_YES)) return "done";
  return null;
}

const MARKED_YES = ["vâng", "dạ", "ừ", "ừm", "vâng ạ", "dạ vâng"];

/** Words a yes-or-no question ends with ("… có sao không", "… xong chưa"), folded. */
export const QUESTION_ENDINGS: ReadonlySet<string> = new Set(["khong", "ko", "k", "hong", "hok", "chua", "sao"]);

/** Question phrases, folded. */
const WH_QUESTIONS = ["bao lau", "bao nhieu", "khi nao", "bao gio", "the nao", "o dau", "lam sao", "tai sao", "vi sao"];

/** A question: a question mark, a question phrase, or a yes-or-no ending other than «chưa» («vẫn chưa» answers). */
export function asksSomething(text: string): boolean {
  const tokens = canonicalTokens(text);
  const last = tokens.at(-1) ?? "";
  const yesOrNo = tokens.length > 1 && last !== "chua" && QUESTION_ENDINGS.has(last);
  return text.includes("?") || yesOrNo || mentionsAny(text, WH_QUESTIONS);
}

function asksYesOrNo(text: string, tokens: readonly string[]): boolean {
  const last = tokens[tokens.length - 1];
  return text.includes("?") || (tokens.length > 1 && last !== undefined && QUESTION_ENDINGS.has(last));
}

/**
 * The words of `text` other than the step-reply phrase it reads as ("quet mat hoai" of "quét mặt hoài không được"),
 * canonical; null when it holds no reply phrase. The understanding module scores them on their own, so the engine
 * can tell a reply that only adds filler ("vẫn không được cháu ơi") from one that names another problem.
 */
export function wordsBeyondStepReply(text: string): string | null {
  const answer = recogniseStepAnswer(text);
  if (answer === null || answer === "help") return null;
  const phrases = { skip: SKIP_PHRASES, retry: RETRY_PHRASES, stuck: STUCK_PHRASES, done: DONE_PHRASES }[answer];
  const joined = ` ${canonicalTokens(text).join(" ")} `;
  // The longest phrase found is the reply ("xong roi", not "roi"); what is left around it is the rest.
  const phrase = phrases
    .map((p) => canonicalText(p))
    .filter((p) => joined.includes(` ${p} `))
    .sort((a, b) => b.length - a.length)[0];
  return phrase === undefined ? null : joined.replace(` ${phrase} `, " ").trim();
}

const GREETINGS = ["xin chao", "chao", "alo", "hello", "hi", "chao ban", "chao ad", "chao admin"];
const THANKS = ["cam on", "cảm ơn", "thank", "thanks", "cam on nhieu"];

export function isGreeting(text: string): boolean {
  const tokens = canonicalTokens(text);
  return tokens.length <= 4 && hasPhrase(` ${tokens.join(" ")} `, GREETINGS);
}

export function isThanks(text: string): boolean {
  const tokens = canonicalTokens(text);
  return tokens.length <= 6 && hasPhrase(` ${tokens.join(" ")} `, THANKS);
}

export type YesNo = "yes" | "no" | null;

export function recogniseYesNo(text: string): YesNo {
  const joined = ` ${canonicalText(text)} `;
  if (hasPhrase(joined, ["khong xoa", "khong", "huy", "thoi", "khong dong y", "de sau"])) return "no";
  if (hasPhrase(joined, ["dong y xoa", "dong y", "co", "xoa", "ok", "chac chan", "xac nhan"])) return "yes";
  return null;
}

export function isCancel(text: string): boolean {
  const tokens = canonicalTokens(text);
  return (
    tokens.length <= 4 && hasPhrase(` ${tokens.join(" ")} `, ["huy", "thoi", "khong can", "khong can nua", "bo qua"])
  );
}
