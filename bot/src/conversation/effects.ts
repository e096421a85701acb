/**
 * What a conversation turn asks the outside world to do, as data. The engine decides; the inbound job applies
 * these inside the resident's transaction (`jobs/inbound.process-event.ts`).
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
  /** Open a help request for the unit's members. `topic` is readable by a volunteer. */
  | { type: "open-help-request"; unitCode: string; preferredTime: string; topic: string }
  /** "dừng nhắc" (optOut true) / "nhắc lại" (optOut false). */
  | { type: "set-reminders"; optOut: boolean }
  /** Confirmed "xóa dữ liệu của tôi": delete the resident's personal data, keep anonymous counts. */
  | { type: "request-data-deletion" }
  /** The one-tap rating after a volunteer completed the resident's help request (1–5). */
  | { type: "rate-help-request"; helpRequestId: string; score: number };

export type EffectType = Effect["type"];
