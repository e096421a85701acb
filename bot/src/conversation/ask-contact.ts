import { canonicalText, canonicalTokens } from "@xks/shared/text/fold-vietnamese";
import type { PendingQuestion } from "./conversation-state.ts";
import { echoOf } from "./echo-of.ts";
import type { UnitOption } from "./match-unit.ts";
import { findVietnameseMobile, maskPhone, parseVietnameseMobile } from "./parse-vietnamese-mobile.ts";
import { PROFILE_BUTTON, PROFILE_TEXT } from "./profile-texts.ts";
import { isCancel, recogniseStepAnswer } from "./recognise-command.ts";
import { replyButton } from "./render-step.ts";
import { BUTTON, fill, TEXT } from "./texts.ts";
import type { Turn } from "./turn.ts";

/** Days a help request's contact is kept after it is done or cancelled, when the context does not say. */
export const DEFAULT_CONTACT_RETENTION_DAYS = 30;
/** A hamlet or address longer than this is probably not one ("Thôn 3, xã Hoằng Đạo, gần chợ" is 30). */
export const MAX_ADDRESS_CHARS = 120;
/**
 * While the phone number is asked, a message without digits and longer than this is something else (a question):
 * the contact is left (the request is open already) and the message is answered as usual.
 */
const MAX_PHONE_REPLY_WORDS = 4;

type HelpPhone = Extract<PendingQuestion, { kind: "help-phone" }>;
type HelpAddress = Extract<PendingQuestion, { kind: "help-address" }>;

/**
 * The help request is open; now, only for it and with consent, how to reach the resident: the phone number through
 * the channel's consent card (Zalo's request_user_info: one tap shares the number of their Zalo account) or typed,
 * then the hamlet. Each can be skipped; the request stands either way.
 */
export function askContact(turn: Turn, unit: UnitOption, preferredTime: string): void {
  turn.state.pending = { kind: "help-phone", unitCode: unit.code };
  const days = String(turn.ctx.contactRetentionDays ?? DEFAULT_CONTACT_RETENTION_DAYS);
  turn.say(
    { text: fill(PROFILE_TEXT.helpOpened, { unit: unit.name, time: preferredTime }) },
    {
      text: PROFILE_TEXT.contactCardFallback,
      requestContact: {
        title: PROFILE_TEXT.contactCardTitle,
        subtitle: fill(PROFILE_TEXT.contactCardSubtitle, { unit: unit.name, days }),
      },
    },
    { text: PROFILE_TEXT.askPhone, buttons: [replyButton(PROFILE_BUTTON.skip)] },
  );
}

/**
 * A typed answer to the phone question. Returns false when the message is not about it (a longer message without
 * digits): the question is dropped and the message answered as usual.
 */
export function answerHelpPhone(turn: Turn, pending: HelpPhone, text: string): boolean {
  if (isSkip(text)) {
    askAddress(turn, pending.unitCode);
    return true;
  }
  const found = findVietnameseMobile(text);
  switch (found.kind) {
    case "mobile":
      turn.do({ type: "set-help-contact", phone: found.phone });
      askAddress(turn, pending.unitCode, fill(PROFILE_TEXT.phoneSaved, { phone: maskPhone(found.phone) }));
      return true;
    case "invalid":
      turn.say({ text: PROFILE_TEXT.phoneInvalid, buttons: [replyButton(PROFILE_BUTTON.skip)] });
      return true;
    case "none":
      if (canonicalTokens(text).length > MAX_PHONE_REPLY_WORDS) {
        turn.state.pending = null;
        return false;
      }
      turn.say({ text: PROFILE_TEXT.phoneMissing, buttons: [replyButton(PROFILE_BUTTON.skip)] });
      return true;
  }
}

/**
 * The consent card was answered (Zalo's user_submit_info). While the phone is asked, a valid mobile number is kept
 * for the request (with the shared address, which a typed hamlet then replaces) and the hamlet is asked; any other
 * number is refused kindly. At another time the number is offered to the resident's open request, if any.
 */
export function onContactShared(turn: Turn, phone: string | null, address: string | null): void {
  const parsed = phone ? parseVietnameseMobile(phone) : ({ kind: "none" } as const);
  const sharedAddress = address ? echoOf(address).slice(0, MAX_ADDRESS_CHARS) : "";
  const pending = turn.state.pending;
  if (parsed.kind !== "mobile") {
    if (pending?.kind === "help-phone") {
      turn.say({ text: PROFILE_TEXT.phoneSharedInvalid, buttons: [replyButton(PROFILE_BUTTON.skip)] });
      return;
    }
    turn.say({ text: PROFILE_TEXT.contactSharedLate, buttons: [replyButton(BUTTON.menu)] });
    return;
  }
  turn.do({
    type: "set-help-contact",
    phone: parsed.phone,
    ...(sharedAddress ? { address: sharedAddress } : {}),
  });
  if (pending?.kind === "help-phone") {
    askAddress(turn, pending.unitCode, fill(PROFILE_TEXT.phoneSaved, { phone: maskPhone(parsed.phone) }));
    return;
  }
  turn.say({ text: PROFILE_TEXT.contactSharedLate, buttons: [replyButton(BUTTON.menu)] });
}

function askAddress(turn: Turn, unitCode: string, lead?: string): void {
  turn.state.pending = { kind: "help-address", unitCode };
  const text = lead ? `${lead}\n${PROFILE_TEXT.askAddress}` : PROFILE_TEXT.askAddress;
  turn.say({ text, buttons: [replyButton(PROFILE_BUTTON.skip)] });
}

/**
 * The hamlet or address, as typed (through the privacy guard again), or skipped. Returns false for a step's answer
 * ("Xong", "Gặp khó khăn": a button of the step shown before the help flow): not an address, answered as usual.
 * A typed acknowledgement ("ok", "vâng ạ", "dạ được cảm ơn cháu") says there is nothing to add: the hamlet is
 * skipped ("ok" was read as the earlier step's "Xong", answered "no guide started" or "not an answer to this step";
 * "vâng ạ" was kept as the hamlet); so is "Xong" when there is no step to go back to.
 */
export function answerHelpAddress(turn: Turn, _pending: HelpAddress, text: string): boolean {
  const stepAnswer = isSkip(text) || canonicalTokens(text).length > 3 ? null : recogniseStepAnswer(text);
  const nothingToAdd = isAcknowledgement(text) || (stepAnswer === "done" && turn.state.active === null);
  if (stepAnswer !== null && !nothingToAdd) {
    turn.state.pending = null;
    return false;
  }
  if (!isSkip(text) && !nothingToAdd) {
    const address = echoOf(text).replace(/\s+/g, " ");
    if (address.length === 0 || address.length > MAX_ADDRESS_CHARS) {
      turn.say({ text: PROFILE_TEXT.addressTooLong, buttons: [replyButton(PROFILE_BUTTON.skip)] });
      return true;
    }
    turn.do({ type: "set-help-contact", address });
  }
  turn.state.pending = null;
  const canResume = turn.state.active !== null;
  turn.say({
    text: canResume ? `${PROFILE_TEXT.contactDone}\n\n${TEXT.helpOpenedResume}` : PROFILE_TEXT.contactDone,
    buttons: canResume ? [replyButton(BUTTON.resume), replyButton(BUTTON.menu)] : [replyButton(BUTTON.menu)],
  });
  return true;
}

/** Words that only acknowledge, and whom ("vâng ạ", "dạ được", "ok cảm ơn cháu"): never a hamlet. */
const ACKNOWLEDGEMENT_WORDS = new Set(
  [
    ...["vâng", "dạ", "ừ", "ừm", "ok", "oke", "okay", "được", "rồi", "ạ", "nhé", "nha", "cảm", "ơn", "cám"],
    ...["cháu", "con", "em", "anh", "chị", "cô", "chú", "bác", "bà", "ông"],
  ].map(canonicalText),
);

function isAcknowledgement(text: string): boolean {
  const tokens = canonicalTokens(text);
  return tokens.length > 0 && tokens.length <= 6 && tokens.every((token) => ACKNOWLEDGEMENT_WORDS.has(token));
}

function isSkip(text: string): boolean {
  const typed = canonicalText(text);
  return typed === canonicalText(PROFILE_BUTTON.skip) || isCancel(text) || typed === "khong";
}
