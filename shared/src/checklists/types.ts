import type { ServiceCode } from "../services.ts";

/**
 * A checklist is data: an ordered list of short steps the chatbot walks a resident through, one message at a time.
 * The conversation engine interprets these kinds generically; adding a checklist or a step of an existing kind
 * touches no engine code. Texts are Vietnamese, addressed to "bạn", and short enough to read on a small phone.
 *
 * Admins may correct a step's `text` without a release (a StepOverride row wins over the file). When a change
 * moves or removes steps, bump `version`: residents whose saved step no longer exists restart at the first step.
 */

/** Zalo accepts up to 4 buttons per message reliably (zalo-platform.md §2.4). */
export const MAX_BUTTONS_PER_MESSAGE = 4;
/** Zalo's limit for one text message (zalo-platform.md §2.3). */
export const MAX_MESSAGE_CHARS = 2_000;
/** Our own limit for a step's text, so that it fits one screen of a small phone. */
export const MAX_STEP_TEXT_CHARS = 420;
/** Longer button titles are cut by Zalo's clients. */
export const MAX_BUTTON_TITLE_CHARS = 35;

/** An extra button on a step: open an official page or call a phone number. */
export type StepAction = { kind: "link"; title: string; url: string } | { kind: "phone"; title: string; phone: string };

interface StepBase {
  /** Unique within the checklist; stable across versions when the step keeps its meaning. */
  id: string;
  /** A few words naming the step, used in help-request topics and dashboards. */
  title: string;
  text: string;
  /**
   * Phrases that jump straight to this step from the menu (e.g. "kích hoạt mức 2" → the activation step).
   * Matching ignores diacritics and knows the usual abbreviations.
   */
  keywords?: readonly string[];
}

/**
 * Something to do. The resident answers "Xong" (go to `next`), "Gặp khó khăn" (go to `stuck`, or a generic
 * tip when the step has no troubleshooting branch) or "Nhờ đoàn viên hỗ trợ" (open a help request).
 */
export interface InstructionStep extends StepBase {
  kind: "instruction";
  action?: StepAction;
  next: string;
  stuck?: string;
}

export interface QuestionChoice {
  /** The button title (≤ 35 characters). */
  label: string;
  next: string;
  /** Other ways to type this answer ("chưa", "chua co"). */
  keywords?: readonly string[];
}

/** A question whose answer picks the next step. At most 3 choices: the 4th button is "Nhờ đoàn viên hỗ trợ". */
export interface QuestionStep extends StepBase {
  kind: "question";
  choices: readonly QuestionChoice[];
}

/**
 * The "gặp khó khăn" branch of a step: tips, then "Đã được rồi" (continue after `back`), "Thử lại" (show `back`
 * again) or "Nhờ đoàn viên hỗ trợ".
 */
export interface TroubleshootStep extends StepBase {
  kind: "troubleshoot";
  action?: StepAction;
  back: string;
}

/** The end of the checklist: congratulations and, optionally, what to learn next. */
export interface DoneStep extends StepBase {
  kind: "done";
  action?: StepAction;
  /** Ids of checklists worth suggesting next (at most 2). */
  suggest?: readonly string[];
}

export type Step = InstructionStep | QuestionStep | TroubleshootStep | DoneStep;
export type StepKind = Step["kind"];

export interface Checklist {
  id: string;
  /** Bump when steps move or disappear; saved positions in an older version restart safely. */
  version: number;
  service: ServiceCode;
  /** Shown on the menu button (≤ 35 characters). */
  title: string;
  /** The first message when the checklist starts: why it matters and how long it takes. */
  intro: string;
  /** Phrases that start this checklist from the menu. */
  keywords: readonly string[];
  /** The first step is where the checklist starts. */
  steps: readonly Step[];
}
