/**
 * The privacy guard. Residents sometimes send their citizen ID number, an OTP, a passcode, a password or a bank
 * card number to the OA by mistake. Decree 13/2023 and plain decency say we must not keep them: every inbound text
 * passes through `redactSensitive` before anything is persisted or logged, and the bot warns the resident kindly.
 */

export type SensitiveKind = "CITIZEN_ID" | "BANK_CARD" | "OTP" | "PASSWORD";

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

/** Digits with optional single separators between them ("0381 2345 6789", "4111-1111-1111-1111"). */
const DIGIT_RUN = /(?<![\d])\d(?:[ .-]?\d){7,22}(?![\d])/g;
/** Words that announce a secret code, typed with or without diacritics. */
const CODE_KEYWORDS =
  /(otp|passcode|pass code|ma xac (nhan|thuc)|ma kich hoat|ma so bi mat|ma pin|pin|ma|mã|mã xác (nhận|thực)|mã kích hoạt|mã pin|mật mã|mat ma)\s*(la|là|:|=)?\s*/iu;
const PASSWORD_PHRASE =
  /\b(mat khau|mật khẩu|mk|password|pass|pw)\b\s*(cua (toi|em|tui)|của (tôi|em|tui))?\s*(la|là|:|=)\s*(\S+)/giu;

export function redactSensitive(input: string): RedactionResult {
  const found = new Set<SensitiveKind>();
  let text = input.replace(PASSWORD_PHRASE, (match, _word, _owner, _o2, _o3, _sep, secret: string) => {
    found.add("PASSWORD");
    return match.slice(0, match.length - secret.length) + REDACTION_MASKS.PASSWORD;
  });

  text = text.replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/\D/g, "");
    if (digits.length === 12 || digits.length === 9) {
      // 12 digits: citizen ID (CCCD / personal identification number). 9: the old CMND.
      found.add("CITIZEN_ID");
      return REDACTION_MASKS.CITIZEN_ID;
    }
    if (digits.length >= 13 && digits.length <= 19) {
      found.add("BANK_CARD");
      return REDACTION_MASKS.BANK_CARD;
    }
    return run;
  });

  // A code of 4–8 digits right after a keyword ("otp 123456", "ma la 4821"), or a message that is only 6 digits:
  // that is what an OTP or a VNeID passcode looks like, and no menu choice has 6 digits.
  text = text.replace(/(?<!\d)(\d[ ]?){3,7}\d(?!\d)/g, (code, _g, offset: number, whole: string) => {
    const before = whole.slice(Math.max(0, offset - 30), offset);
    const keywordBefore = new RegExp(`${CODE_KEYWORDS.source}$`, "iu").test(before);
    const onlyCode = whole.trim() === code.trim() && code.replace(/\D/g, "").length === 6;
    if (keywordBefore || onlyCode) {
      found.add("OTP");
      return REDACTION_MASKS.OTP;
    }
    return code;
  });

  return { text, found: [...found] };
}
