import { canonicalText } from "@xks/shared/text/fold-vietnamese";
import type { InboundMessage } from "../channel/messages.ts";
import { recogniseCommand } from "../conversation/recognise-command.ts";

/**
 * What a resident's event does while the union's staff have taken the conversation over by hand:
 * - `answer`: nobody took over (or the silence ran out): the bot answers as usual.
 * - `silent`: recorded, not answered; the engine does not run, so nothing it would do (a reply, a step, a help
 *   request) happens behind the staff member's back.
 * - `give-back`: the resident asked for the assistant ("menu" and its variants): the takeover ends, the bot says it
 *   is back and answers.
 * - `engine-keeps-silence`: a privacy deletion request, or the answer to its confirmation: the right to erasure
 *   does not wait for the staff (Decree 13/2023), so the engine runs; the takeover stays.
 */
export type TakeoverTurn = "answer" | "silent" | "give-back" | "engine-keeps-silence";

export interface TakeoverTurnInput {
  humanTakeoverUntil: Date | null;
  inbound: InboundMessage;
  /** The conversation waits for "Đồng ý xóa" (the engine's confirm-delete). */
  awaitingDeleteConfirmation: boolean;
  now: Date;
}

/** Besides the menu command (typed loosely, with or without diacritics), what asks for the assistant back. */
const GIVE_BACK_PHRASES: ReadonlySet<string> = new Set([
  "tro ly",
  "gap tro ly",
  "tro ly ao",
  "tra lai cho tro ly",
  "quay lai tro ly",
  "noi chuyen voi tro ly",
]);

export function isTakenOver(humanTakeoverUntil: Date | null, now: Date): boolean {
  return humanTakeoverUntil !== null && humanTakeoverUntil.getTime() > now.getTime();
}

export function decideTakeoverTurn(input: TakeoverTurnInput): TakeoverTurn {
  if (!isTakenOver(input.humanTakeoverUntil, input.now)) return "answer";
  const { inbound } = input;
  if (inbound.kind !== "text") return "silent";
  if (input.awaitingDeleteConfirmation) return "engine-keeps-silence";
  const command = recogniseCommand(inbound.text);
  if (command === "delete-data") return "engine-keeps-silence";
  if (command === "menu" || GIVE_BACK_PHRASES.has(canonicalText(inbound.text))) return "give-back";
  return "silent";
}
