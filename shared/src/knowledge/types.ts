import type { ServiceCode } from "../services.ts";

/**
 * The knowledge base: answers to the concrete problems that make residents give up ("quên mật khẩu VNeID",
 * "không nhận được OTP", "bị lừa chuyển tiền rồi phải làm sao"). Entries are data, like checklists: typed, versioned
 * files beside them, one file per topic. The understanding module indexes every phrasing; the conversation engine
 * answers with `answer` when it is confident.
 *
 * Facts shown to residents come from official sources, cited in `sources` with the date they were checked. Where a
 * fact could not be confirmed, the answer says less, not more. Admins may edit an entry's answer and add phrasings
 * from the mini-app without a release: a stored edit wins over the file (as StepOverride does for steps).
 */

/** The six checklist topics plus meeting a volunteer. */
export type KnowledgeTopic = Exclude<ServiceCode, "OTHER"> | "VOLUNTEER";

export const KNOWLEDGE_TOPICS: readonly KnowledgeTopic[] = [
  "VNEID",
  "CHIP_ID",
  "PUBLIC_SERVICES",
  "CASHLESS",
  "ONLINE_SAFETY",
  "ECOMMERCE",
  "VOLUNTEER",
];

/** An official page the entry's facts were checked against. */
export interface KnowledgeSource {
  title: string;
  url: string;
  /** ISO date (YYYY-MM-DD) the page was read. */
  checkedOn: string;
}

export interface KnowledgeEntry {
  /** Stable, `<topic-prefix>.<slug>` in kebab-case, e.g. "vneid.forgot-password". Never reused for another meaning. */
  id: string;
  topic: KnowledgeTopic;
  /** Bump when the answer's meaning changes, so stored edits of an older version can be reviewed. */
  version: number;
  /** A few words naming the problem; shown on "Bạn hỏi về A hay B?" buttons, so at most 35 characters. */
  title: string;
  /**
   * How residents ask it, as they type it: with and without diacritics, abbreviations (vneid, cccd, mk, otp, ko),
   * short and in the long story form. At least three; the understanding module indexes every one.
   */
  questions: readonly string[];
  /** Plain Vietnamese, addressed to "bạn", steps numbered "1.", "2.", at most 2,000 characters (one Zalo message). */
  answer: string;
  /** The official page to open, shown as a button. */
  link?: { title: string; url: string };
  /** The checklist step this answer belongs to, offered as "Làm theo từng bước" / "Tiếp tục bước «…»". */
  step?: { checklistId: string; stepId: string };
  sources: readonly KnowledgeSource[];
}
