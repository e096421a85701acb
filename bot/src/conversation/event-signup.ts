import { canonicalText } from "@xks/shared/text/fold-vietnamese";
import { type EventAction, parseEventPayload } from "../events/event-payloads.ts";
import type { Understanding } from "../understanding/candidate.ts";
import { answersSurely } from "./decide-answer.ts";
import { mentionsAny } from "./recognise-command.ts";
import type { Turn } from "./turn.ts";

/**
 * The engine's hook for registration days. A tapped "Đăng ký tham gia" / "Nhắc tôi" / "Hủy đăng ký" button names
 * its event; the typed words ("đăng ký", "đk tham gia", "huỷ đăng kí"…, read on the canonical text, so with or
 * without diacritics and common abbreviations) leave the event to be found from the resident's unit. Only the
 * whole message counts: "đăng ký vneid" or "đăng ký mức 2" stay questions for the checklists and the knowledge
 * base. The engine stays pure: it emits an `event-signup` effect and the inbound job, holding the resident's lock,
 * applies it and writes the replies (seats, numbers and the next event are in the database; `events/`).
 */

const TYPED: Record<EventAction, readonly string[]> = {
  register: [
    "dang ky",
    "dang ky tham gia",
    "toi dang ky",
    "cho toi dang ky",
    "em dang ky",
    "dang ky giu cho",
    "giu cho",
    "dang ky su kien",
    "dang ky ngay hoi",
    "toi tham gia",
    "tham gia",
  ],
  cancel: [
    "huy dang ky",
    "huy dang ky tham gia",
    "toi huy dang ky",
    "huy giu cho",
    "khong tham gia",
    "toi khong tham gia",
    "khong tham gia nua",
    "khong di duoc",
  ],
  remind: ["nhac toi", "nhac toi nhe", "nhac minh", "nhac em"],
};

const TYPED_ACTION = new Map<string, EventAction>(
  (Object.entries(TYPED) as [EventAction, readonly string[]][]).flatMap(([action, phrases]) =>
    phrases.map((phrase) => [phrase, action] as const),
  ),
);

/** What the text asks for, or null when it is not about a registration day. */
export function recogniseEventSignup(text: string): { action: EventAction; eventCode: number | null } | null {
  const tapped = parseEventPayload(text);
  if (tapped) return tapped;
  const action = TYPED_ACTION.get(canonicalText(text));
  return action ? { action, eventCode: null } : null;
}

/**
 * Handles the text if it is a sign-up; false leaves it to the rest of the engine. Typed words count only while a
 * registration day is open (`ctx.openEvents`), so "tham gia" means nothing new when there is nothing to join.
 */
export function answerEventSignup(turn: Turn, text: string): boolean {
  const request = recogniseEventSignup(text);
  if (!request) return false;
  if (request.eventCode === null && !turn.ctx.openEvents) return false;
  turn.do({ type: "event-signup", action: request.action, eventCode: request.eventCode });
  return true;
}

/**
 * Words that ask about registration days themselves ("khi nào có ngày hội ở xã", "lịch hỗ trợ làm định danh"),
 * canonical. Any of them in the message is enough: no knowledge-base entry can say when the next one is. Not "lịch
 * đăng ký", which is as often booking the police's appointment for a card (`chip-id.book-appointment`). A message
 * the knowledge base answers for sure keeps its answer: "đặt lịch hỗ trợ cho mẹ ở xã khác" asks for a volunteer.
 */
const EVENT_QUESTION_PHRASES = ["ngay hoi", "buoi ho tro", "lich ho tro", "dot ho tro", "buoi dang ky"];

/** Handles a question about the registration days coming up; false leaves the text to the rest of the engine. */
export function answerEventQuestion(turn: Turn, text: string, understanding: Understanding): boolean {
  if (!mentionsAny(text, EVENT_QUESTION_PHRASES) || answersSurely(understanding)) return false;
  turn.do({ type: "show-events" });
  return true;
}
