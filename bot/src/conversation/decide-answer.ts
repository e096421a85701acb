import type { Candidate, ContentCandidate } from "../understanding/candidate.ts";
import { isContentCandidate, type Understanding } from "../understanding/candidate.ts";

/**
 * The dialogue policy's reading of the understanding module's candidates: answer, ask which of two, suggest the
 * one weak match, or admit there is nothing. Measured by `npm run eval:understanding` (which counts only "answer"
 * with the right place as right), so every change of these constants shows in the eval.
 */
export type AnswerDecision =
  /** `sure` false: answered, but recorded for admins as a low-confidence answer. */
  | { kind: "answer"; candidate: ContentCandidate; sure: boolean }
  /** Two places score too close to choose: "Bạn hỏi về A hay B?". */
  | { kind: "ask"; options: readonly [ContentCandidate, ContentCandidate] }
  /** Nothing reaches MIN_ANSWER_CONFIDENCE; `best` is the closest weak match, if any reached MIN_SUGGEST_CONFIDENCE. */
  | { kind: "nothing"; best: ContentCandidate | null };

/**
 * Below this the best candidate shares at most a word or two with any phrasing (e.g. only "điện thoại"): answering
 * would more often be wrong than right, so the bot says it does not know. Set from the tuning split of the eval:
 * 0.35–0.5 were tried; 0.4 answered the most messages right while still saying "no answer" to most off-topic ones.
 */
export const MIN_ANSWER_CONFIDENCE = 0.4;
/**
 * From this on an answer is not worth an admin's look. Between the two, the bot answers and records the question,
 * so admins can add the phrasing that was missing.
 */
export const SURE_ANSWER_CONFIDENCE = 0.65;
/**
 * Two candidates within this of each other are a close call: asking costs the resident one tap, a wrong answer
 * costs them the whole conversation. Wider margins asked too often on the tuning split, where the first of two
 * close entries was usually the right one: 3/4/5-fold CV on 438 messages, 0.03 → 356/357/354, 0.02 → 363/360/359,
 * 0.01 → 366/363/361 right. The eval counts every question as wrong, so it would pick 0 (never ask: 370/369/367);
 * the margin stays above it because the issue asks for the question when two places really tie.
 */
export const CLOSE_CALL_MARGIN = 0.01;
/**
 * Two close candidates in the same guide (a checklist and one of its steps, an answer and a step of its own
 * checklist) need no question, and the preferred one of them wins within this wider margin: "vneid" alone names the
 * guide (0.84) a hair under its install step (0.85), which only repeats the guide's name.
 */
export const SAME_GUIDE_MARGIN = 0.02;
/** Weak matches above this are offered inside a step ("Có phải bạn hỏi về «A»?") rather than "chưa hiểu". */
export const MIN_SUGGEST_CONFIDENCE = 0.3;

export function decideAnswer(candidates: readonly Candidate[]): AnswerDecision {
  const content = candidates.filter(isContentCandidate);
  const [top, second] = content;
  if (!top || top.confidence < MIN_ANSWER_CONFIDENCE) {
    return { kind: "nothing", best: top && top.confidence >= MIN_SUGGEST_CONFIDENCE ? top : null };
  }
  if (second && top.confidence - second.confidence < SAME_GUIDE_MARGIN) {
    const same = samePlacePreference(top, second);
    if (same) return { kind: "answer", candidate: same, sure: top.confidence >= SURE_ANSWER_CONFIDENCE };
    if (top.confidence - second.confidence < CLOSE_CALL_MARGIN) return { kind: "ask", options: [top, second] };
  }
  return { kind: "answer", candidate: top, sure: top.confidence >= SURE_ANSWER_CONFIDENCE };
}

/**
 * Close candidates that lead to the same guide need no question: a checklist and one of its steps (the checklist
 * wins: "vneid" names the topic, so the guide starts at its beginning), or an answer and a place in the checklist it
 * belongs to (the answer wins: it says more).
 */
function samePlacePreference(a: ContentCandidate, b: ContentCandidate): ContentCandidate | null {
  if (a.kind === "entry" && b.kind === "entry") return null;
  if (a.checklistId === null || a.checklistId !== b.checklistId) return null;
  if (a.kind === "entry") return a;
  if (b.kind === "entry") return b;
  if (a.kind === "checklist") return a;
  return b.kind === "checklist" ? b : null;
}

/**
 * A short message holding a reply phrase ("xong", "không được", "có") still names something when the words beyond
 * the phrase place it on their own this confidently: "quét mặt hoài" of "quét mặt hoài không được" (about 0.6, the
 * face check) against "vẫn" of "vẫn không được cháu ơi" or "hoài" of "bị lỗi hoài" (under 0.4, nothing). The answer
 * threshold itself: words that would not be answered alone do not outweigh the reply they came with.
 */
export function namesMoreThanTheReply(understanding: Understanding): boolean {
  return understanding.contentBeyondStepReply >= MIN_ANSWER_CONFIDENCE;
}

/** Whether the understanding module answers the message for sure (a knowledge-base entry or a step it matches well). */
export function answersSurely(understanding: Understanding): boolean {
  const decision = decideAnswer(understanding.candidates);
  return decision.kind === "answer" && decision.sure;
}
