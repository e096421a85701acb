import { REDACTION_INPUT_MAX_CHARS, redactSensitive, SENSITIVE_KINDS, type SensitiveKind } from "./redact-sensitive.ts";

/** Windows overlap by this much, so a secret that straddles two windows is seen whole in one of them. */
const WINDOW_OVERLAP_CHARS = 200;

/**
 * Which kinds of secret a text holds, however long it is: for text that is warned about, not changed (content and
 * notices written by admins, up to 20,000 characters). Scans consecutive windows of the guard's cap, overlapping,
 * so the work stays linear in the length of the text.
 */
export function detectSensitiveKinds(text: string): SensitiveKind[] {
  const found = new Set<SensitiveKind>();
  const step = REDACTION_INPUT_MAX_CHARS - WINDOW_OVERLAP_CHARS;
  for (let start = 0; start === 0 || start + WINDOW_OVERLAP_CHARS < text.length; start += step) {
    for (const kind of redactSensitive(text.slice(start, start + REDACTION_INPUT_MAX_CHARS)).found) found.add(kind);
  }
  return SENSITIVE_KINDS.filter((kind) => found.has(kind));
}

/** What each kind is called in a warning to an admin. */
export const SENSITIVE_KIND_LABELS: Record<SensitiveKind, string> = {
  CITIZEN_ID: "số định danh/căn cước",
  BANK_CARD: "số thẻ ngân hàng",
  OTP: "mã OTP",
  PASSWORD: "mật khẩu",
};

/** The Vietnamese warning shown beside content or a notice that seems to hold a secret; null when nothing. */
export function describePrivacyWarning(kinds: readonly SensitiveKind[]): string | null {
  if (kinds.length === 0) return null;
  const names = kinds.map((kind) => SENSITIVE_KIND_LABELS[kind]).join(", ");
  return `⚠️ Nội dung có vẻ chứa ${names}. Người dân sẽ đọc được nguyên văn: hãy kiểm tra và xóa thông tin cá nhân trước khi đăng.`;
}
