import { canonicalTokens } from "@xks/shared/text/fold-vietnamese";
import { QUESTION_ENDINGS } from "../conversation/recognise-command.ts";
import { meaningfulTokens } from "./extract-terms.ts";

/**
 * A follow-up names no subject of its own: after the answer on registering for level 2, "thế có mất tiền không"
 * asks what VNeID costs, and read alone it was a close call that an unauthorised bank debit won (0.75 against
 * VNeID's fees at 0.74); after the answer on a lost card, the same words ask what a new card costs. Such a message
 * gets the answered entry's topic as its context, the way a step's checklist is the context of a question asked
 * inside the step: that topic wins a close call (`understand.ts`).
 *
 * Only a short question is a follow-up: at most FOLLOW_UP_MAX_WORDS meaningful words (a longer message says what it
 * is about: "quên mật khẩu ngân hàng thì làm sao" after a VNeID answer stays about the bank) with a question word in
 * it, so that "ok", "vâng ạ" or "dạ hiểu rồi" get no context. The eval's messages come without a conversation, so
 * its figures cannot move; the follow-ups are tested in `understand.test.ts`.
 *
 * Reading every follow-up with the entry's title before it ("Đăng ký tài khoản mức 2 mất bao lâu") was tried: the
 * title's words outweighed the message's own, and the answered entry won again whatever was asked; with the guide's
 * title instead, the guide's start won. It is kept only for a follow-up that alone leaves the answered topic
 * (`readWithTheAnswer` in `understand.ts`).
 */
const FOLLOW_UP_MAX_WORDS = 4;

/** Folded words that make a short message a question anywhere in it: a yes-or-no ending, "đâu", "gì", "nào"… */
const QUESTION_WORDS: ReadonlySet<string> = new Set([...QUESTION_ENDINGS, "dau", "gi", "nao", "bao", "con"]);

export function isShortQuestion(text: string): boolean {
  const words = meaningfulTokens(text).length;
  if (words === 0 || words > FOLLOW_UP_MAX_WORDS) return false;
  return text.includes("?") || canonicalTokens(text).some((token) => QUESTION_WORDS.has(token));
}
