import { parseHelpRatingPayload } from "@xks/shared/api/help-requests";
import type { Checklist, Step } from "@xks/shared/checklists/types";
import { MAX_BUTTONS_PER_MESSAGE } from "@xks/shared/checklists/types";
import { REDACTION_MASKS } from "@xks/shared/privacy/redact-sensitive";
import { canonicalText, matchKeywords } from "@xks/shared/text/fold-vietnamese";
import type { AttachmentKind, InboundMessage, OutboundButton, OutboundMessage } from "../channel/messages.ts";
import type { ConversationState } from "./conversation-state.ts";
import type { Effect, StepEventKind } from "./effects.ts";
import { matchUnit, sortUnits, type UnitOption } from "./match-unit.ts";
import {
  type GlobalCommand,
  isCancel,
  isGreeting,
  isThanks,
  recogniseCommand,
  recogniseStepAnswer,
  recogniseYesNo,
} from "./recognise-command.ts";
import { assertNever, renderMenu, renderStep, replyButton, type StepOverrides, stepButtons } from "./render-step.ts";
import { BUTTON, fill, TEXT } from "./texts.ts";

/**
 * The conversation engine: a pure function from (state, one inbound message, context) to the next state, the
 * replies and the effects to apply. No I/O: the inbound job loads the context, runs a turn inside the resident's
 * transaction and applies the effects. The engine knows checklists only through their step kinds, so a new
 * checklist is a new data file and nothing here changes.
 */

export interface ConversationContext {
  checklists: readonly Checklist[];
  overrides: StepOverrides;
  /** Units a resident may ask help from (communes, towns). */
  units: readonly UnitOption[];
  now: Date;
}

export interface TurnResult {
  state: ConversationState;
  replies: OutboundMessage[];
  effects: Effect[];
}

/** Units shown per page of the help flow: three and "Xem thêm" make the four buttons a message can carry. */
const UNITS_PER_PAGE = MAX_BUTTONS_PER_MESSAGE - 1;
/** A typed preferred time longer than this is probably not a time. */
const MAX_PREFERRED_TIME_CHARS = 120;
/** Vietnam has no daylight saving: local time is UTC+7 all year. */
const VIETNAM_UTC_OFFSET_HOURS = 7;

class Turn {
  readonly replies: OutboundMessage[] = [];
  readonly effects: Effect[] = [];
  constructor(
    public state: ConversationState,
    readonly ctx: ConversationContext,
  ) {}
  say(...messages: OutboundMessage[]): void {
    this.replies.push(...messages);
  }
  do(effect: Effect): void {
    this.effects.push(effect);
  }
  result(): TurnResult {
    return { state: this.state, replies: this.replies, effects: this.effects };
  }
}

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
      onText(turn, inbound.text, inbound.maskedSensitive);
      break;
    case "attachment":
      onAttachment(turn, inbound.attachment);
      break;
    case "location":
      turn.say({ text: TEXT.location, buttons: [replyButton(BUTTON.help), replyButton(BUTTON.menu)] });
      break;
    default:
      assertNever(inbound);
  }
  return turn.result();
}

// ---------------------------------------------------------------------------------------------------------------
// Text

function onText(turn: Turn, rawText: string, masked: boolean): void {
  let text = rawText;
  if (masked) {
    // Matching must not see the masks themselves ("[số định danh đã ẩn]" would match "định danh").
    for (const mask of Object.values(REDACTION_MASKS)) text = text.split(mask).join(" ");
    if (canonicalText(text) === "") {
      turn.say({ text: TEXT.privacyWarning, buttons: currentButtons(turn) });
      return;
    }
    turn.say({ text: TEXT.privacyWarning });
  }

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

  const command = recogniseCommand(text);
  if (command) {
    runCommand(turn, command);
    return;
  }

  if (pending?.kind === "help-unit") {
    answerHelpUnit(turn, pending.topic, pending.page, text);
    return;
  }
  if (pending?.kind === "help-time") {
    answerHelpTime(turn, pending.topic, pending.unitCode, text);
    return;
  }

  // A checklist's own title (a menu button, even an old one) is an explicit choice, not a keyword in passing.
  const byTitle = turn.ctx.checklists.find((c) => canonicalText(c.title) === canonicalText(text));
  if (byTitle) {
    openChecklist(turn, byTitle);
    return;
  }

  if (turn.state.active) {
    answerStep(turn, text, masked);
    return;
  }
  onIdleText(turn, text, masked);
}

function onIdleText(turn: Turn, text: string, afterWarning: boolean): void {
  const { checklists } = turn.ctx;
  const number = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text)?.[1];
  const byNumber = number ? checklists[Number(number) - 1] : undefined;
  if (byNumber) {
    openChecklist(turn, byNumber);
    return;
  }

  const entry = findEntry(checklists, text);
  if (entry) {
    const first = entry.checklist.steps[0];
    if (!entry.step || entry.step.id === first?.id) {
      openChecklist(turn, entry.checklist);
      return;
    }
    jumpToStep(turn, entry.checklist, entry.step);
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
  if (recogniseStepAnswer(text) !== null) {
    showMenu(turn, TEXT.nothingStarted);
    return;
  }
  showMenu(turn, afterWarning ? undefined : TEXT.notUnderstood);
}

interface Entry {
  checklist: Checklist;
  step: Step | null;
}

/**
 * Where typed words lead from the menu. Step keywords are listed before checklist keywords, so at equal scores
 * the more precise place wins ("kich hoat dinh danh muc 2" → the VNeID level-2 activation step).
 */
function findEntry(checklists: readonly Checklist[], text: string): Entry | null {
  const entries = new Map<string, Entry>();
  const intents: { id: string; keywords: readonly string[] }[] = [];
  for (const checklist of checklists) {
    for (const step of checklist.steps) {
      if (!step.keywords || step.keywords.length === 0) continue;
      const id = `${checklist.id}#${step.id}`;
      entries.set(id, { checklist, step });
      intents.push({ id, keywords: step.keywords });
    }
  }
  for (const checklist of checklists) {
    entries.set(checklist.id, { checklist, step: null });
    intents.push({ id: checklist.id, keywords: [...checklist.keywords, checklist.title] });
  }
  const [best] = matchKeywords(text, intents);
  return best && best.score >= 1 ? (entries.get(best.id) ?? null) : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Global commands

function runCommand(turn: Turn, command: GlobalCommand): void {
  const { state } = turn;
  state.pending = null;
  switch (command) {
    case "menu":
      state.active = null;
      showMenu(turn);
      return;
    case "help":
      turn.say({ text: TEXT.help, buttons: [replyButton(BUTTON.menu), replyButton(BUTTON.help)] });
      return;
    case "restart": {
      const checklist = state.active ? findChecklist(turn, state.active.checklistId) : undefined;
      const first = checklist?.steps[0];
      if (!checklist || !first) {
        state.active = null;
        showMenu(turn);
        return;
      }
      moveTo(turn, checklist, first.id, { start: true, lead: fill(TEXT.restarted, { title: checklist.title }) });
      return;
    }
    case "resume":
      resume(turn);
      return;
    case "ask-volunteer":
      startHelp(turn);
      return;
    case "stop-reminders":
      turn.do({ type: "set-reminders", optOut: true });
      turn.say({ text: TEXT.remindersOff, buttons: currentButtons(turn) });
      return;
    case "resume-reminders":
      turn.do({ type: "set-reminders", optOut: false });
      turn.say({ text: TEXT.remindersOn, buttons: currentButtons(turn) });
      return;
    case "delete-data":
      state.pending = { kind: "confirm-delete" };
      turn.say({
        text: TEXT.confirmDelete,
        buttons: [replyButton(BUTTON.confirmDelete), replyButton(BUTTON.keepData)],
      });
      return;
    default:
      assertNever(command);
  }
}

function deleteData(turn: Turn): void {
  turn.do({ type: "request-data-deletion" });
  turn.state = { v: 1, greeted: true, active: null, progress: {}, pending: null, unitCode: null };
  turn.say({ text: TEXT.deleted, buttons: [replyButton(BUTTON.menu)] });
}

/** "tiếp tục": the most recently touched unfinished checklist, where the resident left it. */
function resume(turn: Turn): void {
  const { state } = turn;
  const unfinished = lastUnfinished(turn);
  if (!unfinished) {
    state.active = null;
    showMenu(turn, TEXT.nothingToResume);
    return;
  }
  const { checklist, stepId, version } = unfinished;
  const step = checklist.steps.find((s) => s.id === stepId);
  const first = checklist.steps[0];
  if (!step || version !== checklist.version || !first) {
    if (!first) {
      showMenu(turn);
      return;
    }
    moveTo(turn, checklist, first.id, {
      start: true,
      lead: fill(TEXT.checklistUpdated, { title: checklist.title }),
    });
    return;
  }
  state.active = { checklistId: checklist.id, version: checklist.version, stepId: step.id };
  turn.say(renderStep(checklist, step, turn.ctx, fill(TEXT.resumed, { title: checklist.title, step: step.title })));
}

function lastUnfinished(turn: Turn): { checklist: Checklist; stepId: string; version: number } | null {
  const candidates = Object.entries(turn.state.progress)
    .filter(([, p]) => !p.done)
    .sort(([, a], [, b]) => b.at.localeCompare(a.at));
  for (const [id, position] of candidates) {
    const checklist = findChecklist(turn, id);
    if (checklist) return { checklist, stepId: position.stepId, version: position.version };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Checklists

function findChecklist(turn: Turn, id: string): Checklist | undefined {
  return turn.ctx.checklists.find((c) => c.id === id);
}

/** Starts a checklist, or resumes it when the resident left it unfinished. */
function openChecklist(turn: Turn, checklist: Checklist): void {
  const saved = turn.state.progress[checklist.id];
  const savedStep =
    saved && !saved.done && saved.version === checklist.version
      ? checklist.steps.find((s) => s.id === saved.stepId)
      : undefined;
  if (savedStep && savedStep.id !== checklist.steps[0]?.id) {
    turn.state.pending = null;
    turn.state.active = { checklistId: checklist.id, version: checklist.version, stepId: savedStep.id };
    turn.say(
      renderStep(checklist, savedStep, turn.ctx, fill(TEXT.resumed, { title: checklist.title, step: savedStep.title })),
    );
    return;
  }
  const first = checklist.steps[0];
  if (!first) {
    showMenu(turn);
    return;
  }
  moveTo(turn, checklist, first.id, { start: true, lead: checklist.intro });
}

function jumpToStep(turn: Turn, checklist: Checklist, step: Step): void {
  const saved = turn.state.progress[checklist.id];
  moveTo(turn, checklist, step.id, {
    start: !saved || saved.done,
    lead: fill(TEXT.startAtStep, { step: step.title, title: checklist.title }),
  });
}

function recordStep(turn: Turn, checklist: Checklist, stepId: string, kind: StepEventKind): void {
  turn.do({ type: "record-step-event", checklistId: checklist.id, stepId, kind });
}

/** Every move into a step goes through here: position, progress, funnel events, completion, the step's message. */
function moveTo(
  turn: Turn,
  checklist: Checklist,
  stepId: string,
  options: { start?: boolean; lead?: string } = {},
): void {
  const step = checklist.steps.find((s) => s.id === stepId);
  if (!step) {
    // A data error the checklist tests should have caught: fail soft, never leave the resident without an answer.
    turn.state.active = null;
    showMenu(turn);
    return;
  }
  const position = { checklistId: checklist.id, version: checklist.version, stepId };
  if (options.start) turn.do({ type: "start-checklist", ...position });
  else if (step.kind !== "done") turn.do({ type: "advance-step", ...position });
  recordStep(turn, checklist, stepId, "ENTERED");
  const done = step.kind === "done";
  if (done) {
    turn.do({ type: "complete-checklist", ...position });
    recordStep(turn, checklist, stepId, "COMPLETED");
  }
  turn.state.pending = null;
  turn.state.active = done ? null : position;
  turn.state.progress[checklist.id] = { version: checklist.version, stepId, done, at: turn.ctx.now.toISOString() };
  turn.say(renderStep(checklist, step, turn.ctx, options.lead));
}

function activeStep(turn: Turn): { checklist: Checklist; step: Step } | null {
  const active = turn.state.active;
  if (!active) return null;
  const checklist = findChecklist(turn, active.checklistId);
  const step = checklist?.steps.find((s) => s.id === active.stepId);
  return checklist && step ? { checklist, step } : null;
}

/** The answer to the step waiting for one. Only global commands and checklist titles were tried before. */
function answerStep(turn: Turn, text: string, afterWarning: boolean): void {
  const current = activeStep(turn);
  if (!current) {
    // The checklist changed under the resident (new version without this step): start it afresh.
    const checklist = turn.state.active ? findChecklist(turn, turn.state.active.checklistId) : undefined;
    turn.state.active = null;
    if (checklist?.steps[0]) {
      moveTo(turn, checklist, checklist.steps[0].id, {
        start: true,
        lead: fill(TEXT.checklistUpdated, { title: checklist.title }),
      });
      return;
    }
    onIdleText(turn, text, afterWarning);
    return;
  }
  const { checklist, step } = current;
  const answer = recogniseStepAnswer(text);
  switch (step.kind) {
    case "instruction":
      if (answer === "done") {
        recordStep(turn, checklist, step.id, "DONE");
        moveTo(turn, checklist, step.next);
        return;
      }
      if (answer === "skip") {
        moveTo(turn, checklist, step.next);
        return;
      }
      if (answer === "stuck") {
        recordStep(turn, checklist, step.id, "STUCK");
        if (step.stuck) {
          moveTo(turn, checklist, step.stuck);
          return;
        }
        turn.say({
          text: TEXT.genericStuck,
          buttons: [replyButton(BUTTON.retry), replyButton(BUTTON.skip), replyButton(BUTTON.help)],
        });
        return;
      }
      if (answer === "retry") return void turn.say(renderStep(checklist, step, turn.ctx));
      break;
    case "question": {
      const choice = matchChoice(step, text);
      if (choice) {
        moveTo(turn, checklist, choice.next);
        return;
      }
      if (answer === "retry") return void turn.say(renderStep(checklist, step, turn.ctx));
      break;
    }
    case "troubleshoot": {
      const back = checklist.steps.find((s) => s.id === step.back);
      if (answer === "done" || answer === "skip") {
        if (back?.kind === "instruction") {
          if (answer === "done") recordStep(turn, checklist, back.id, "DONE");
          moveTo(turn, checklist, back.next);
          return;
        }
        moveTo(turn, checklist, step.back);
        return;
      }
      if (answer === "retry") {
        moveTo(turn, checklist, step.back);
        return;
      }
      if (answer === "stuck") {
        turn.say({
          text: TEXT.stillStuck,
          buttons: [replyButton(BUTTON.help), replyButton(BUTTON.retry), replyButton(BUTTON.menu)],
        });
        return;
      }
      break;
    }
    case "done":
      // Done steps never wait for an answer (moveTo clears `active`); treat as being at the menu.
      turn.state.active = null;
      onIdleText(turn, text, afterWarning);
      return;
    default:
      assertNever(step);
  }
  notUnderstoodInStep(turn, checklist, step, text, afterWarning);
}

function matchChoice(step: Extract<Step, { kind: "question" }>, text: string) {
  const typed = canonicalText(text);
  const number = /^\d$/.test(typed) ? step.choices[Number(typed) - 1] : undefined;
  if (number) return number;
  const exact = step.choices.find((c) => canonicalText(c.label) === typed);
  if (exact) return exact;
  const matches = matchKeywords(
    text,
    step.choices.map((choice, index) => ({ id: String(index), keywords: [choice.label, ...(choice.keywords ?? [])] })),
  );
  const [best, second] = matches;
  // An answer that fits two choices equally is not an answer.
  if (!best || (second && second.score === best.score)) return undefined;
  return step.choices[Number(best.id)];
}

function notUnderstoodInStep(turn: Turn, checklist: Checklist, step: Step, text: string, afterWarning: boolean): void {
  const buttons = stepButtons(step, turn.ctx.checklists);
  if (afterWarning) {
    turn.say({ text: fill(TEXT.inStepHint, { step: step.title }), buttons });
    return;
  }
  // A keyword for another checklist does not hijack the one waiting for an answer; say how to switch instead.
  const other = findEntry(
    turn.ctx.checklists.filter((c) => c.id !== checklist.id),
    text,
  );
  const hint = other
    ? fill(TEXT.otherTopicInStep, { step: step.title, current: checklist.title, other: other.checklist.title })
    : fill(TEXT.notUnderstoodInStep, { step: step.title });
  turn.say({ text: hint, buttons });
}

// ---------------------------------------------------------------------------------------------------------------
// Help from a volunteer

function helpTopic(turn: Turn): string {
  const current = activeStep(turn);
  return current ? `${current.checklist.title} – ${current.step.title}` : TEXT.topicGeneral;
}

function startHelp(turn: Turn): void {
  const current = activeStep(turn);
  if (current) recordStep(turn, current.checklist, current.step.id, "HELP");
  if (turn.ctx.units.length === 0) {
    turn.say({ text: TEXT.noUnits, buttons: currentButtons(turn) });
    return;
  }
  const topic = helpTopic(turn);
  turn.state.pending = { kind: "help-unit", topic, page: 0 };
  const example = sortUnits(turn.ctx.units)[0]?.name.replace(/^(Xã|Phường|Thị trấn)\s+/u, "") ?? "";
  turn.say(unitPage(turn, 0, fill(TEXT.askUnit, { example })));
}

/** Units in pages of three with "Xem thêm"; the resident's known commune comes first. */
function unitPage(turn: Turn, page: number, text: string): OutboundMessage {
  const sorted = sortUnits(turn.ctx.units);
  const known = sorted.find((u) => u.code === turn.state.unitCode);
  const ordered = known ? [known, ...sorted.filter((u) => u !== known)] : sorted;
  if (ordered.length <= MAX_BUTTONS_PER_MESSAGE) return { text, buttons: ordered.map(unitButton) };
  const pages = Math.ceil(ordered.length / UNITS_PER_PAGE);
  const index = page % pages;
  const slice = ordered.slice(index * UNITS_PER_PAGE, (index + 1) * UNITS_PER_PAGE);
  return { text, buttons: [...slice.map(unitButton), replyButton(BUTTON.more)] };
}

function unitButton(unit: UnitOption): OutboundButton {
  return replyButton(unit.name.slice(0, 35), unit.name);
}

function answerHelpUnit(turn: Turn, topic: string, page: number, text: string): void {
  if (isCancel(text)) {
    cancelHelp(turn);
    return;
  }
  if (canonicalText(text) === canonicalText(BUTTON.more)) {
    turn.state.pending = { kind: "help-unit", topic, page: page + 1 };
    turn.say(unitPage(turn, page + 1, TEXT.askUnitShort));
    return;
  }
  const match = matchUnit(text, turn.ctx.units);
  switch (match.kind) {
    case "one": {
      const { unit } = match;
      turn.do({ type: "set-unit", unitCode: unit.code });
      turn.state.unitCode = unit.code;
      turn.state.pending = { kind: "help-time", topic, unitCode: unit.code };
      turn.say({
        text: fill(TEXT.askTime, { unit: unit.name }),
        buttons: timeOptions(turn.ctx.now).map((t) => replyButton(t)),
      });
      return;
    }
    case "many": {
      const units = match.units.slice(0, MAX_BUTTONS_PER_MESSAGE);
      turn.say({ text: TEXT.askUnitAmbiguous, buttons: units.map(unitButton) });
      return;
    }
    case "none":
      turn.say(unitPage(turn, page, fill(TEXT.askUnitAgain, { typed: text.trim().slice(0, 40) })));
      return;
    default:
      assertNever(match);
  }
}

function answerHelpTime(turn: Turn, topic: string, unitCode: string, text: string): void {
  if (isCancel(text)) {
    cancelHelp(turn);
    return;
  }
  const unit = turn.ctx.units.find((u) => u.code === unitCode);
  const preferredTime = text.trim().replace(/\s+/g, " ");
  if (!unit) {
    turn.state.pending = { kind: "help-unit", topic, page: 0 };
    turn.say(unitPage(turn, 0, TEXT.askUnitShort));
    return;
  }
  if (preferredTime.length === 0 || preferredTime.length > MAX_PREFERRED_TIME_CHARS) {
    turn.say({ text: TEXT.timeTooLong, buttons: timeOptions(turn.ctx.now).map((t) => replyButton(t)) });
    return;
  }
  turn.do({ type: "open-help-request", unitCode: unit.code, preferredTime, topic });
  turn.state.pending = null;
  const canResume = turn.state.active !== null;
  const confirmation = fill(TEXT.helpOpened, { unit: unit.name, time: preferredTime });
  turn.say({
    text: canResume ? `${confirmation}\n\n${TEXT.helpOpenedResume}` : confirmation,
    buttons: canResume ? [replyButton(BUTTON.resume), replyButton(BUTTON.menu)] : [replyButton(BUTTON.menu)],
  });
}

function cancelHelp(turn: Turn): void {
  turn.state.pending = null;
  turn.say({ text: TEXT.helpCancelled, buttons: currentButtons(turn) });
}

/** The times still ahead today (Vietnam time) and "Ngày mai": never offer "Sáng nay" at 9 in the evening. */
export function timeOptions(now: Date): string[] {
  const hour = (now.getUTCHours() + VIETNAM_UTC_OFFSET_HOURS) % 24;
  const today = [
    { label: "Sáng nay", until: 10 },
    { label: "Chiều nay", until: 16 },
    { label: "Tối nay", until: 20 },
  ]
    .filter((option) => hour < option.until)
    .map((option) => option.label);
  return [...today, "Ngày mai"];
}

// ---------------------------------------------------------------------------------------------------------------
// Everything else

function welcome(turn: Turn): void {
  const { state } = turn;
  state.greeted = true;
  state.active = null;
  state.pending = null;
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

function showMenu(turn: Turn, lead?: string): void {
  turn.say(...renderMenu(turn.ctx.checklists, { lead, canResume: lastUnfinished(turn) !== null }));
}

/** The buttons that let the resident carry on from where they are. */
function currentButtons(turn: Turn): OutboundButton[] {
  const current = activeStep(turn);
  return current
    ? stepButtons(current.step, turn.ctx.checklists)
    : [replyButton(BUTTON.menu), replyButton(BUTTON.help)];
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
