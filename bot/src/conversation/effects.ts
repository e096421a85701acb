import type { EventAction } from "../events/event-payloads.ts";

/**
 * What a conversation turn asks the outside world to do, as data. The engine decides; the inbound job applies
 * these inside the resident's transaction (`jobs/inbound.apply-turn-effects.ts`).
 */

export type StepEventKind = "ENTERED" | "DONE" | "STUCK" | "HELP" | "COMPLETED";

export type Effect =
  /** Start (or restart) a checklist at `stepId`: the progress row is reset to IN_PROGRESS. */
  | { type: "start-checklist"; checklistId: string; version: number; stepId: string }
  /** Move the resident's position in a checklist. */
  | { type: "advance-step"; checklistId: string; version: number; stepId: string }
  /** The resident reached a done step. */
  | { type: "complete-checklist"; checklistId: string; version: number; stepId: string }
  /** An anonymous funnel event (no resident link) for completion and drop-off per step. */
  | { type: "record-step-event"; checklistId: string; stepId: string; kind: StepEventKind }
  /** Remember the resident's commune. */
  | { type: "set-unit"; unitCode: string }
  /** The bot asked which commune the resident lives in (Resident.unitAskedAt): it asks on its own only once. */
  | { type: "mark-unit-asked" }
  /**
   * How to reach the resident, given with consent for their help request: a valid Vietnamese mobile number in the
   * national form and/or the hamlet/address. Stored on the resident's newest open request only (never on the
   * resident), and the stored inbound event that carried it loses it (`inbound.process-event.ts`).
   */
  | { type: "set-help-contact"; phone?: string; address?: string }
  /** Open a help request for the unit's members. `topic` is readable by a volunteer. */
  | { type: "open-help-request"; unitCode: string; preferredTime: string; topic: string }
  /** "dừng nhắc" (optOut true) / "nhắc lại" (optOut false). */
  | { type: "set-reminders"; optOut: boolean }
  /** Confirmed "xóa dữ liệu của tôi": delete the resident's personal data, keep anonymous counts. */
  | { type: "request-data-deletion" }
  /**
   * The resident confirmed they no longer need a volunteer: their open and claimed requests close (reason
   * RESIDENT_WITHDREW) and a member who claimed one is told not to come (`help-requests/withdraw-resident-requests.ts`).
   */
  | { type: "withdraw-help-requests" }
  /** The one-tap rating after a volunteer completed the resident's help request (1–5). */
  /** `helpRequestId` null: the resident's latest completed request (the buttons' payload carries no id). */
  | { type: "rate-help-request"; helpRequestId: string | null; score: number }
  /**
   * A question the bot could not answer, or answered with low confidence, for admins to learn from. `text` is what
   * the resident typed, already masked by the privacy guard; it is stored without any link to who sent it.
   * `bestGuess` is the best candidate's ref (an entry id, a checklist id or "checklist#step"), `confidence` 0..1.
   */
  | { type: "record-unanswered"; text: string; bestGuess: string | null; confidence: number }
  /**
   * Sign up for a registration day, ask to be reminded of it, or cancel (`conversation/event-signup.ts`). `eventCode`
   * (the event's short number) null: typed words, the event is found from the resident's unit. The job applies it and writes the replies.
   */
  | { type: "event-signup"; action: EventAction; eventCode: number | null }
  /** The resident asked when the next registration day is («khi nào có ngày hội»): the job lists the open ones. */
  | { type: "show-events" }
  /** The resident asked which quizzes there are («có cuộc thi gì không»): the job lists the open ones. */
  | { type: "show-quizzes" }
  /** Quizzes (`quiz-flow.ts`): the resident's one attempt starts (a no-op if it exists). */
  | { type: "start-quiz"; quizId: string }
  /** The answer to question `position` (0-based); applied only if it is the next one (a retried turn adds nothing). */
  | { type: "answer-quiz"; quizId: string; position: number; choice: number }
  /** The last question was answered: the attempt is finished with its score, its time and the resident's unit. */
  | { type: "finish-quiz"; quizId: string; score: number };

export type EffectType = Effect["type"];
