import type { Checklist, Step } from "@xks/shared/checklists/types";
import type { KnowledgeEntry } from "@xks/shared/knowledge/types";
import type { OutboundButton, OutboundMessage } from "../channel/messages.ts";
import type { ConversationState, PendingQuestion } from "./conversation-state.ts";
import type { Effect, StepEventKind } from "./effects.ts";
import type { UnitOption } from "./match-unit.ts";
import type { QuizForTurn } from "./quiz-flow.ts";
import { renderMenu, replyButton, type StepOverrides, stepButtons } from "./render-step.ts";
import { BUTTON } from "./texts.ts";

/** What the engine knows of the world for one turn; the inbound job loads it. */
export interface ConversationContext {
  checklists: readonly Checklist[];
  overrides: StepOverrides;
  /** The knowledge base (file entries with admins' stored edits): answers the engine gives when confident. */
  knowledge: readonly KnowledgeEntry[];
  /** Units a resident may ask help from (communes, towns). */
  units: readonly UnitOption[];
  now: Date;
  /**
   * What the product knows of the resident beyond this conversation (loaded by the inbound job): their commune
   * (the current unit, after any merge) and when the bot asked for it. Absent: unknown, so nothing is asked on
   * the bot's own initiative.
   */
  profile?: ResidentProfile;
  /** HELP_CONTACT_RETENTION_DAYS, told to the resident when their phone number is asked (default 30). */
  contactRetentionDays?: number;
  /**
   * When the resident's last message showed its choices as a numbered list (the channel could not show buttons):
   * the payloads of those choices, in order. A typed "2" then means the second, on every kind of step.
   */
  numberedChoices?: readonly string[];
  /** Whether a registration day is open for this resident now: typed "đăng ký" / "hủy đăng ký" then mean it. */
  openEvents?: boolean;
  /**
   * The resident's help requests still open or claimed, newest first (loaded by the inbound job): "không cần đoàn
   * viên đến nữa" then offers to withdraw them. Absent: unknown, and the knowledge base's answer is given.
   */
  openHelpRequests?: readonly OpenHelpRequest[];
  /** The quizzes this turn may be about (the one in progress, the one whose keyword was sent), with the attempt. */
  quizzes?: readonly QuizForTurn[];
}

/** A resident's request still waiting for, or being handled by, a volunteer. */
export interface OpenHelpRequest {
  topic: string;
  /** The member who claimed it, if one did: they are told when it is withdrawn. */
  claimedBy: string | null;
}

export interface ResidentProfile {
  unitCode: string | null;
  unitAskedAt: Date | null;
}

export interface TurnResult {
  state: ConversationState;
  replies: OutboundMessage[];
  effects: Effect[];
}

/** One turn being decided: the state as it changes, the replies and effects so far. */
export class Turn {
  readonly replies: OutboundMessage[] = [];
  readonly effects: Effect[] = [];
  /**
   * A question the bot still waits for once this turn's reply is given (`help-flow.ts`: the commune or the time,
   * asked again after a question the resident put in between); the reply's own question, if it asks one, wins.
   */
  waitAfterReply: PendingQuestion | null = null;
  /** The entry answered the turn before (its context, cleared from the state as this turn starts). */
  answeredBefore: string | null = null;
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

export function findChecklist(turn: Turn, id: string): Checklist | undefined {
  return turn.ctx.checklists.find((c) => c.id === id);
}

/** The step waiting for an answer, if it still exists in the current checklist files. */
export function activeStep(turn: Turn): { checklist: Checklist; step: Step } | null {
  const active = turn.state.active;
  if (!active) return null;
  const checklist = findChecklist(turn, active.checklistId);
  const step = checklist?.steps.find((s) => s.id === active.stepId);
  return checklist && step ? { checklist, step } : null;
}

export function recordStep(turn: Turn, checklist: Checklist, stepId: string, kind: StepEventKind): void {
  turn.do({ type: "record-step-event", checklistId: checklist.id, stepId, kind });
}

/** The most recently touched unfinished checklist, for "tiếp tục". */
export function lastUnfinished(turn: Turn): { checklist: Checklist; stepId: string; version: number } | null {
  const candidates = Object.entries(turn.state.progress)
    .filter(([, p]) => !p.done)
    .sort(([, a], [, b]) => b.at.localeCompare(a.at));
  for (const [id, position] of candidates) {
    const checklist = findChecklist(turn, id);
    if (checklist) return { checklist, stepId: position.stepId, version: position.version };
  }
  return null;
}

export function showMenu(turn: Turn, lead?: string): void {
  turn.say(...renderMenu(turn.ctx.checklists, { lead, canResume: lastUnfinished(turn) !== null }));
}

/** The buttons that let the resident carry on from where they are. */
export function currentButtons(turn: Turn): OutboundButton[] {
  const current = activeStep(turn);
  return current
    ? stepButtons(current.step, turn.ctx.checklists)
    : [replyButton(BUTTON.menu), replyButton(BUTTON.help)];
}
