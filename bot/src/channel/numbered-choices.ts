import type { OutboundMessage, QuickReplyButton } from "./messages.ts";

/**
 * When the channel cannot show buttons, it writes a turn's quick-reply buttons as a numbered list: choice n is the
 * n-th quick-reply button of the turn's messages, in order, counted across the messages of the turn (a menu of six
 * checklists spans two messages and still numbers 1–6, matching its own numbered list). The channel converter
 * numbers with this function and the inbound job maps a typed number back with it, so the two cannot disagree.
 * Link and phone buttons are written out, not numbered: typing cannot open a link.
 */
export function listNumberedChoices(messages: readonly OutboundMessage[]): QuickReplyButton[] {
  return messages.flatMap((message) =>
    (message.buttons ?? []).filter((button): button is QuickReplyButton => button.kind === "reply"),
  );
}

/** "3", "3.", " 3) " → 3; anything else → null. */
export function parseTypedChoice(text: string): number | null {
  const match = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
  return match?.[1] ? Number(match[1]) : null;
}
