import { z } from "zod";

/**
 * What the engine remembers about one resident between turns: a small JSON document stored in
 * `Conversation.state`. Only the engine reads or writes it; the job stores it as given.
 */

const positionSchema = z.object({ checklistId: z.string(), version: z.number().int(), stepId: z.string() });

const pendingSchema = z.discriminatedUnion("kind", [
  /** Asked which commune the resident lives in (page of the unit buttons shown; candidates when ambiguous). */
  /**
   * `afterQuestion`: the resident asked something else instead and got its answer; only an answer to this question
   * (a commune, a time button) carries the request on, anything else is read as usual and ends the wait.
   */
  z.object({
    kind: z.literal("help-unit"),
    topic: z.string(),
    page: z.number().int().min(0),
    afterQuestion: z.boolean().optional(),
  }),
  /** Asked when a volunteer may come. */
  z.object({
    kind: z.literal("help-time"),
    topic: z.string(),
    unitCode: z.string(),
    afterQuestion: z.boolean().optional(),
  }),
  /**
   * Asked the resident's commune outside a help request: once, after their first finished step ("after-step"), or
   * because they said "đổi xã" ("change"). `page` as for help-unit.
   */
  z.object({ kind: z.literal("ask-unit"), reason: z.enum(["after-step", "change"]), page: z.number().int().min(0) }),
  /** A help request was just opened: asked for a phone number (shared through Zalo's form, or typed). */
  z.object({ kind: z.literal("help-phone"), unitCode: z.string() }),
  /** Then for the hamlet or address ("thôn/xóm/khu phố"). */
  z.object({ kind: z.literal("help-address"), unitCode: z.string() }),
  /** Asked to confirm "xóa dữ liệu của tôi". */
  z.object({ kind: z.literal("confirm-delete") }),
  /** Asked to confirm withdrawing the resident's open help requests ("không cần đoàn viên đến nữa"). */
  z.object({ kind: z.literal("confirm-withdraw") }),
  /** Asked the resident's commune before starting a quiz (`quiz-flow.ts`). */
  z.object({ kind: z.literal("quiz-unit"), quizId: z.string() }),
  /**
   * Asked "Bạn hỏi về A hay B?" (or, inside a step, "Có phải bạn hỏi về A?"): the places offered, by `ref`
   * ("entry:<id>", "checklist:<id>", "step:<checklist>#<step>") and the title on their button.
   */
  z.object({
    kind: z.literal("choose"),
    options: z.array(z.object({ ref: z.string(), title: z.string() })).max(3),
  }),
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
  /**
   * The knowledge-base entry just answered, so that the next "Xong" / "Vẫn chưa được" / "Làm theo từng bước" is read
   * as about that answer (and not as the answer to a step). Cleared by the next message.
   */
  answered: z.object({ entryId: z.string() }).nullable().default(null),
  /** The quiz waiting for an answer (`quiz-flow.ts`); its answers are stored in `QuizAttempt`. */
  quiz: z.object({ quizId: z.string() }).nullable().default(null),
});

export type ConversationState = z.infer<typeof conversationStateSchema>;
export type ChecklistPosition = z.infer<typeof positionSchema>;
export type PendingQuestion = z.infer<typeof pendingSchema>;

export function initialConversationState(): ConversationState {
  return {
    v: 1,
    greeted: false,
    active: null,
    progress: {},
    pending: null,
    unitCode: null,
    answered: null,
    quiz: null,
  };
}

/** Reads a stored state; anything unreadable (an older shape, a hand edit) starts afresh rather than failing the turn. */
export function parseConversationState(stored: unknown): ConversationState {
  const parsed = conversationStateSchema.safeParse(stored);
  return parsed.success ? parsed.data : initialConversationState();
}
