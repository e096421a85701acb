import type { KnowledgeTopic } from "@xks/shared/knowledge/types";
import type { GlobalCommand } from "../conversation/recognise-command.ts";

/**
 * What the understanding module makes of one message: the places it may lead to, best first, each with a
 * confidence in 0..1. The conversation engine decides what to do with them (see `conversation/decide-answer.ts`);
 * it never computes them itself.
 */
export type Candidate =
  /** A knowledge-base entry: the answer to one concrete problem. */
  | {
      kind: "entry";
      entryId: string;
      topic: KnowledgeTopic;
      title: string;
      /** The checklist of the step the entry belongs to, if it has one. */
      checklistId: string | null;
      confidence: number;
    }
  /** A whole checklist, from its start (the resident named the topic, not a problem inside it). */
  | { kind: "checklist"; checklistId: string; topic: KnowledgeTopic; title: string; confidence: number }
  /** One step of a checklist ("kích hoạt mức 2" → the activation step). */
  | { kind: "step"; checklistId: string; stepId: string; topic: KnowledgeTopic; title: string; confidence: number }
  /** A global command ("menu", "xóa dữ liệu của tôi"), recognised only when the message is the command. */
  | { kind: "command"; command: GlobalCommand; confidence: number }
  /** Nothing in the index matched at all. */
  | { kind: "none"; confidence: number };

export type CandidateKind = Candidate["kind"];
/** The candidates that lead somewhere in the content (an answer, a checklist, a step). */
export type ContentCandidate = Extract<Candidate, { kind: "entry" | "checklist" | "step" }>;

export interface Understanding {
  /** Best first, never empty: `[{ kind: "none" }]` when nothing matched. */
  candidates: Candidate[];
  /** The resident says they cannot do it alone (old, cannot travel, cannot use the phone, "có ai đến nhà"). */
  wantsPerson: boolean;
  /**
   * The best place's confidence when only the words beyond a step-reply phrase are understood: "quét mặt hoài" of
   * "quét mặt hoài không được" names the face check, "vẫn" of "vẫn không được cháu ơi" names nothing (about 0). The
   * whole message's best confidence when it holds no reply phrase. Lets the engine tell a reply to the step from a
   * short question that happens to contain "không được".
   */
  contentBeyondStepReply: number;
}

/** A stable reference to a content candidate, stored in conversation state and in `UnansweredQuestion.bestGuess`. */
export function candidateRef(candidate: ContentCandidate): string {
  switch (candidate.kind) {
    case "entry":
      return candidate.entryId;
    case "checklist":
      return candidate.checklistId;
    case "step":
      return `${candidate.checklistId}#${candidate.stepId}`;
  }
}

export function isContentCandidate(candidate: Candidate): candidate is ContentCandidate {
  return candidate.kind === "entry" || candidate.kind === "checklist" || candidate.kind === "step";
}
