import { parseHelpRatingPayload } from "@xks/shared/api/help-requests";
import { REDACTION_MASKS } from "@xks/shared/privacy/redact-sensitive";
import { canonicalText, canonicalTokens } from "@xks/shared/text/fold-vietnamese";
import type { AttachmentKind, InboundMessage } from "../channel/messages.ts";
import { parseTypedChoice } from "../channel/numbered-choices.ts";
import type { Understanding } from "../understanding/candidate.ts";
import {
  answerChoice,
  answerFollowUp,
  answerIdleQuestion,
  backToStep,
  isBackToStep,
  NO_UNDERSTANDING,
  offerVolunteer,
} from "./answer-question.ts";
import { answerStep } from "./answer-step.ts";
import { answerAskUnit, askUnitAfterFirstStep } from "./ask-commune.ts";
import { answerHelpAddress, answerHelpPhone, onContactShared } from "./ask-contact.ts";
import { openChecklist, resume } from "./checklist-moves.ts";
import type { ConversationState } from "./conversation-state.ts";
import { namesMoreThanTheReply } from "./decide-answer.ts";
import { answerEventQuestion, answerEventSignup } from "./event-signup.ts";
import { answerHelpTime, answerHelpUnit } from "./help-flow.ts";
import { answerQuizListQuestion, handleQuizText } from "./quiz-flow.ts";
import { isGreeting, isThanks, recogniseCommand, recogniseStepAnswer, recogniseYesNo } from "./recognise-command.ts";
import { assertNever, replyButton } from "./render-step.ts";
import { deleteData, runCommand } from "./run-command.ts";
import { BUTTON, fill, TEXT } from "./texts.ts";
import {
  activeStep,
  type ConversationContext,
  currentButtons,
  lastUnfinished,
  showMenu,
  Turn,
  type TurnResult,
} from "./turn.ts";
import { answerWithdrawal, offerWithdrawal } from "./withdraw-help.ts";

export type { ConversationContext, TurnResult } from "./turn.ts";

/**
 * The conversation engine: a pure function from (state, one inbound message, context) to the next state, the
 * replies and the effects to apply. No I/O: the inbound job loads the context, understands the text (the
 * understanding module's candidates come in the message), runs a turn inside the resident's transaction and
 * applies the effects. The engine knows checklists only through their step kinds, so a new checklist is a new data
 * file and nothing here changes.
 *
 * The files beside this one, in the order a turn reaches them: `run-command.ts` (global commands), `help-flow.ts`
 * (asking a volunteer), `answer-step.ts` (the step waiting for an answer), `answer-question.ts` (the dialogue
 * policy: answer, ask "A hay B?", or say honestly there is no answer), `checklist-moves.ts` (moving in a checklist).
 */
export function runConversationTurn(
  state: ConversationState,
  inbound: InboundMessage,
  ctx: ConversationContext,
): TurnResult {
  const turn = new Turn(structuredClone(state), ctx);
  switch (inbound.kind) {
    case "follow":
      welcome(turn);
      break;
    case "open-chat":
      if (!turn.state.greeted) welcome(turn);
      break;
    case "unfollow":
      // The resident left: nothing may be sent. The job records the follow state.
      break;
    case "text":
      onText(turn, inbound.text, inbound.maskedSensitive, inbound.understanding ?? NO_UNDERSTANDING);
      break;
    case "attachment":
      onAttachment(turn, inbound.attachment);
      break;
    case "location":
      turn.say({ text: TEXT.location, buttons: [replyButton(BUTTON.help), replyButton(BUTTON.menu)] });
      break;
    case "contact-shared":
      onContactShared(turn, inbound.phone, inbound.address);
      break;
    default:
      assertNever(inbound);
  }
  if (turn.waitAfterReply && turn.state.pending === null) turn.state.pending = turn.waitAfterReply;
  askUnitAfterFirstStep(turn);
  return turn.result();
}

// ---------------------------------------------------------------------------------------------------------------
// Text, in order of precedence

function onText(turn: Turn, rawText: string, masked: boolean, understanding: Understanding): void {
  let text = rawText;
  if (masked) {
    // Matching must not see the masks themselves ("[số định danh đã ẩn]" would match "định danh").
    for (const mask of Object.values(REDACTION_MASKS)) text = text.split(mask).join(" ");
    if (onlyHandsOverTheValue(text)) {
      turn.say({ text: TEXT.privacyWarning, buttons: currentButtons(turn) });
      return;
    }
    turn.say({ text: TEXT.privacyWarning });
  }
  // The answer given last turn is only the context of this one message.
  const answered = turn.state.answered;
  turn.state.answered = null;
  turn.answeredBefore = answered?.entryId ?? null;
  // In plain-text mode (the channel could not show buttons) a typed "2" is the second choice it listed.
  const choiceNumber = parseTypedChoice(text);
  const numbered = choiceNumber === null ? undefined : turn.ctx.numberedChoices?.[choiceNumber - 1];
  if (numbered !== undefined) text = numbered;

  // A rating tap is only ever a button the OA sent after a completed help request: it never starts anything else.
  const rating = parseHelpRatingPayload(text);
  if (rating) {
    turn.do({ type: "rate-help-request", helpRequestId: rating.helpRequestId, score: rating.score });
    turn.say({ text: TEXT.ratingThanks, buttons: [replyButton(BUTTON.menu)] });
    return;
  }

  const pending = turn.state.pending;
  if (pending?.kind === "confirm-delete") {
    const answer = recogniseYesNo(text);
    turn.state.pending = null;
    if (answer === "yes") {
      deleteData(turn);
      return;
    }
    turn.say({ text: TEXT.deleteCancelled });
    if (answer === "no") return;
  }
  if (pending?.kind === "confirm-withdraw" && answerWithdrawal(turn, text)) return;

  if (answerEventSignup(turn, text)) return;
  if (answerEventQuestion(turn, text, understanding)) return;
  if (answerQuizListQuestion(turn, text, understanding)) return;
  // Quizzes (their own files): an answer, the commune asked before one, or a quiz's keyword.
  if (handleQuizText(turn, text)) return;

  if (isBackToStep(text)) {
    if (!backToStep(turn)) resume(turn);
    return;
  }

  const command = recogniseCommand(text);
  if (command) {
    runCommand(turn, command, answered?.entryId);
    return;
  }

  if (pending?.kind === "help-unit" && answerHelpUnit(turn, pending, text, understanding)) return;
  if (pending?.kind === "help-time" && answerHelpTime(turn, pending, text, understanding)) return;
  if (pending?.kind === "ask-unit" && answerAskUnit(turn, pending, text, understanding)) return;
  if (pending?.kind === "help-phone" && answerHelpPhone(turn, pending, text)) return;
  if (pending?.kind === "help-address" && answerHelpAddress(turn, pending, text)) return;
  if (pending?.kind === "choose") {
    turn.state.pending = null;
    if (answerChoice(turn, pending.options, text)) return;
  }
  // "Không cần đoàn viên đến nữa" with a request open: withdraw it (asked first), before any offer of a volunteer.
  if (offerWithdrawal(turn, understanding)) return;
  if (answered && answerFollowUp(turn, answered.entryId, text, understanding)) return;

  // A checklist's own title (a menu button, even an old one) or the message being exactly one of its keywords
  // ("cccd", "vneid") names the topic: an explicit choice of the guide, before any answer about it.
  const typed = canonicalText(text);
  const byTitle = turn.ctx.checklists.find(
    (c) => canonicalText(c.title) === typed || c.keywords.some((k) => canonicalText(k) === typed),
  );
  if (byTitle) {
    openChecklist(turn, byTitle);
    return;
  }

  // Whatever else they ask: someone who cannot do it alone is offered a volunteer at once.
  if (understanding.wantsPerson) {
    offerVolunteer(turn, understanding, answered?.entryId);
    return;
  }

  if (turn.state.active) {
    answerStep(turn, text, understanding, masked);
    return;
  }
  onIdleText(turn, text, understanding, masked);
}

const NEXT_STEP_WORDS = new Set(["tiep", "buoc tiep", "tiep theo", "buoc tiep theo"]);

/**
 * The words around a value handed over: what it is ("số cccd", "mã otp", "mật khẩu vneid", "số tài khoản ngân
 * hàng"), whose ("của tôi/chị/bác"), "là", "đây", "gửi", and filler ("nhé", "ạ"). Folded.
 */
const HANDING_OVER_WORDS = new Set([
  ...["so", "ma", "otp", "cccd", "cmnd", "can", "cuoc", "chung", "minh", "dinh", "danh", "the", "mat", "khau", "mk"],
  ...["pass", "password", "pin", "cvv", "vneid", "zalo", "ngan", "hang", "tai", "khoan", "tk", "stk", "cua", "toi"],
  ...["tui", "em", "chi", "anh", "ba", "bac", "ong", "chau", "con", "co", "chu", "di", "la", "day", "nay", "gui"],
  ...["ban", "cho", "nhe", "nha", "a", "oi", "do", "vay", "roi", "ne", "nhan", "vua"],
]);

/**
 * A masked message that only hands over the value ("số cccd của chị là [số định danh đã ẩn] nhé", "mã otp là [mã
 * đã ẩn]") gets the warning alone: what is left is no question, and answering it sent the resident what to bring
 * for a new card, or what to do when the OTP does not arrive. Any other word keeps the message ("tôi muốn làm
 * vneid, số của tôi là …", "[mã đã ẩn] mà quên mật khẩu thì làm sao", a phone number typed beside an OTP).
 */
function onlyHandsOverTheValue(unmasked: string): boolean {
  return canonicalTokens(unmasked).every((token) => HANDING_OVER_WORDS.has(token));
}

function onIdleText(turn: Turn, text: string, understanding: Understanding, quiet: boolean): void {
  const { checklists } = turn.ctx;
  const number = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text)?.[1];
  const byNumber = number ? checklists[Number(number) - 1] : undefined;
  if (byNumber) {
    openChecklist(turn, byNumber);
    return;
  }
  if (isGreeting(text)) {
    showMenu(turn, TEXT.greeting);
    return;
  }
  if (isThanks(text)) {
    turn.say({ text: TEXT.thanks, buttons: [replyButton(BUTTON.menu)] });
    return;
  }
  // "Xong", "ok" with nothing waiting for it: acknowledged, not searched ("xong" reached "has my card been made?")
  // nor recorded for admins as a question the bot could not answer.
  if (recogniseStepAnswer(text) === "done" && !namesMoreThanTheReply(understanding)) {
    // "tiếp" / "bước tiếp" asks for the next step: the guide left unfinished goes on, as with «tiếp tục».
    if (NEXT_STEP_WORDS.has(canonicalText(text))) resume(turn);
    else turn.say({ text: TEXT.answerDone, buttons: [replyButton(BUTTON.menu)] });
    return;
  }
  answerIdleQuestion(turn, text, understanding, quiet);
}

// ---------------------------------------------------------------------------------------------------------------
// Everything else

function welcome(turn: Turn): void {
  const { state } = turn;
  state.greeted = true;
  state.active = null;
  state.pending = null;
  state.answered = null;
  const unfinished = lastUnfinished(turn);
  if (unfinished) {
    turn.say({
      text: fill(TEXT.welcomeBack, { title: unfinished.checklist.title }),
      buttons: [replyButton(BUTTON.resume), replyButton(BUTTON.menu)],
    });
    return;
  }
  showMenu(turn, TEXT.welcome);
}

function onAttachment(turn: Turn, attachment: AttachmentKind): void {
  const text = attachmentReply(attachment);
  const current = activeStep(turn);
  const hint = current ? `\n\n${fill(TEXT.inStepHint, { step: current.step.title })}` : "";
  turn.say({ text: `${text}${hint}`, buttons: currentButtons(turn) });
}

function attachmentReply(attachment: AttachmentKind): string {
  switch (attachment) {
    case "sticker":
    case "gif":
      return TEXT.sticker;
    case "image":
      return TEXT.image;
    case "audio":
      return TEXT.audio;
    case "video":
      return TEXT.video;
    case "file":
    case "link":
    case "other":
      return TEXT.file;
    default:
      return assertNever(attachment);
  }
}
