import { MAX_BUTTON_TITLE_CHARS, MAX_MESSAGE_CHARS } from "../checklists/types.ts";
import type { KnowledgeTopic } from "./types.ts";

/**
 * What the mini-app's knowledge-base screens show and check before sending (the server checks again): no zod
 * here, so the screens import it without pulling the schemas into the bundle.
 */

export const KNOWLEDGE_TOPIC_LABELS: Record<KnowledgeTopic, string> = {
  VNEID: "VNeID",
  CHIP_ID: "CCCD gắn chip",
  PUBLIC_SERVICES: "Dịch vụ công",
  CASHLESS: "Thanh toán số",
  ONLINE_SAFETY: "An toàn mạng",
  ECOMMERCE: "Bán hàng online",
  VOLUNTEER: "Gặp đoàn viên",
};

/** One Zalo message. */
export const KNOWLEDGE_ANSWER_MAX_CHARS = MAX_MESSAGE_CHARS;
/** The title is a button on "Bạn hỏi về A hay B?". */
export const KNOWLEDGE_TITLE_MAX_CHARS = MAX_BUTTON_TITLE_CHARS;
export const KNOWLEDGE_PHRASING_MAX_CHARS = 300;
/** Phrasings an admin may add to one entry (the index grows with each). */
export const KNOWLEDGE_ADDED_PHRASINGS_MAX = 100;
