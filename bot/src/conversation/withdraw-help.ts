import { canonicalText } from "@xks/shared/text/fold-vietnamese";
import type { Understanding } from "../understanding/candidate.ts";
import { decideAnswer } from "./decide-answer.ts";
import { mentionsAny } from "./recognise-command.ts";
import { replyButton } from "./render-step.ts";
import { BUTTON, fill, TEXT } from "./texts.ts";
import { currentButtons, type OpenHelpRequest, type Turn } from "./turn.ts";

/**
 * The knowledge-base entry about withdrawing a help request («không cần đoàn viên đến nữa», «hủy yêu cầu hỗ
 * trợ»). Its answer is the general one; a resident who has a request open is offered to withdraw it instead.
 */
export const WITHDRAW_ENTRY_ID = "volunteer.cancel-request";

/** Keeping the request, checked first: «không hủy», «giữ lại», a bare «không». Folded. */
const KEEP_PHRASES = ["giu", "giu lai", "giu yeu cau", "khong huy", "dung huy", "de sau", "van can"];
const BARE_NO = new Set(["khong", "ko", "k", "thoi khong"]);
/** Withdrawing it: the button, or a typed yes («có», «hủy đi», «không cần nữa»). Folded. */
const WITHDRAW_PHRASES = ["dong y", "huy", "co", "ok", "xac nhan", "chac chan", "khong can"];

/**
 * When the message is understood as "I no longer need a volunteer" (the withdrawal entry is the answer) and the
 * inbound job says which requests are open: asks to confirm, naming them and who claimed them (a volunteer may be
 * on their way). With none open, says so. Returns false when the message is something else, or when the job did
 * not say (the entry's general answer is then given as any other).
 */
export function offerWithdrawal(turn: Turn, understanding: Understanding): boolean {
  const open = turn.ctx.openHelpRequests;
  if (!open) return false;
  const decision = decideAnswer(understanding.candidates);
  if (decision.kind !== "answer" || decision.candidate.kind !== "entry") return false;
  if (decision.candidate.entryId !== WITHDRAW_ENTRY_ID) return false;
  if (open.length === 0) {
    turn.say({ text: TEXT.noOpenHelpRequest, buttons: currentButtons(turn) });
    return true;
  }
  turn.state.pending = { kind: "confirm-withdraw" };
  turn.say({
    text: withdrawQuestion(open),
    buttons: [replyButton(BUTTON.confirmWithdraw), replyButton(BUTTON.keepRequest)],
  });
  return true;
}

/**
 * The answer to "Bạn muốn hủy yêu cầu …?": withdrawn (the job closes the requests and tells their volunteer), kept,
 * or neither (false: the message is handled as any other, and the requests stay).
 */
export function answerWithdrawal(turn: Turn, text: string): boolean {
  turn.state.pending = null;
  if (mentionsAny(text, KEEP_PHRASES) || BARE_NO.has(canonicalText(text))) {
    turn.say({ text: TEXT.helpRequestKept, buttons: currentButtons(turn) });
    return true;
  }
  if (!mentionsAny(text, WITHDRAW_PHRASES)) return false;
  if (turn.ctx.openHelpRequests?.length === 0) {
    // Finished or closed by a member since the question: nothing is left to withdraw.
    turn.say({ text: TEXT.noOpenHelpRequest, buttons: currentButtons(turn) });
    return true;
  }
  turn.do({ type: "withdraw-help-requests" });
  const claimedBy = [...new Set((turn.ctx.openHelpRequests ?? []).flatMap((r) => r.claimedBy ?? []))];
  const told = claimedBy.length > 0 ? ` ${fill(TEXT.withdrawnTold, { members: claimedBy.join(", ") })}` : "";
  turn.say({ text: `${TEXT.helpRequestWithdrawn}${told}\n${TEXT.helpAgainHint}`, buttons: currentButtons(turn) });
  return true;
}

function withdrawQuestion(open: readonly OpenHelpRequest[]): string {
  const [only] = open;
  if (open.length === 1 && only) {
    const claimed = only.claimedBy ? ` ${fill(TEXT.withdrawClaimedBy, { member: only.claimedBy })}` : "";
    return `${fill(TEXT.askWithdrawOne, { topic: only.topic })}${claimed}`;
  }
  const topics = open.map((r) => `«${r.topic}»`).join(", ");
  return fill(TEXT.askWithdrawAll, { count: String(open.length), topics });
}
