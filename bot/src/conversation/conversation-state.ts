import { z } from "zod";

/**
 * What the engine remembers about one resident between turns: a small JSON document stored in
 * `Conversation.state`. Only the engine reads or writes it; the job stores it as given.
 */

const positionSchema = z.object({ checklistId: z.string(), version: z.number().int(), stepId: z.string() });

const pendingSchema = z.discriminatedUnion("kind", [
  /** Asked which commune the resident lives in (page of the unit buttons shown; candidates when ambiguous). */
  z.object({ kind: z.literal("help-unit"), topic: z.string(), page: z.number().int().min(0) }),
  /** Asked when a volunteer may come. */
  z.object({ kind: z.literal("help-time"), topic: z.string(), unitCode: z.string() }),
  /** Asked to confirm "xóa dữ liệu của tôi". */
  z.object({ kind: z.literal("confirm-delete") }),
]);

export const conversationStateSchema = z.object({
  v: z.literal(1),
  /** The welcome was sent (so opening the chat again does not repeat it). */
  greeted: z.boolean(),
  /** The checklist step waiting for an answer; null when the resident is at the menu. */
  active: positionSchema.nullable(),
  /** Every checklist started, by id: where the resident is, for "tiếp tục". Mirrors ChecklistProgress rows. */
  progress: z.record(
    z.string(),
    z.object({ version: z.number().int(), stepId: z.string(), done: z.boolean(), at: z.string() }),
  ),
  /** A question of the engine's own (help flow, deletion) waiting for an answer. */
  pending: pendingSchema.nullable(),
  /** The resident's commune, once they chose it for a help request. */
  unitCode: z.string().nullable(),
});

export type ConversationState = z.infer<typeof conversationStateSchema>;
export type ChecklistPosition = z.infer<typeof positionSchema>;
export type PendingQuestion = z.infer<typeof pendingSchema>;

export function initialConversationState(): ConversationState {
  return { v: 1, greeted: false, active: null, progress: {}, pending: null, unitCode: null };
}

/** Reads a stored state; anything unreadable (an older shape, a hand edit) starts afresh rather than failing the turn. */
export function parseConversationState(stored: unknown): ConversationState {
  const parsed = conversationStateSchema.safeParse(stored);
  return parsed.success ? parsed.data : initialConversationState();
}
