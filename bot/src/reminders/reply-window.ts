/**
 * Zalo accepts a consultation message only within 7 days of the resident's last interaction with the OA
 * (zalo-platform note §2.5; after it the API answers -230). Anything sent later needs a template message
 * (see `broadcasts/template-message-channel.ts`), which is off by default.
 */
export const REPLY_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** When the resident's window closes; `null` when they never interacted (the window was never open). */
export function replyWindowClosesAt(lastInteractionAt: Date | null): Date | null {
  return lastInteractionAt ? new Date(lastInteractionAt.getTime() + REPLY_WINDOW_MS) : null;
}

/** Whether an OA consultation message sent at `at` reaches the resident. */
export function isReplyWindowOpen(lastInteractionAt: Date | null, at: Date): boolean {
  const closesAt = replyWindowClosesAt(lastInteractionAt);
  return closesAt !== null && at.getTime() < closesAt.getTime();
}

export type Unreachable = "unfollowed" | "opted-out" | "outside-window";

export interface ReachableRecipient {
  followState: "FOLLOWING" | "UNFOLLOWED";
  remindersOptOut: boolean;
  lastInteractionAt: Date | null;
}

/**
 * Why an OA message to this resident at `at` would not reach them, or `null` when it would. The order matters
 * for the reason shown to admins: an unfollowed resident is reported as such even if their window is also closed.
 */
export function unreachableReason(recipient: ReachableRecipient, at: Date): Unreachable | null {
  if (recipient.followState === "UNFOLLOWED") return "unfollowed";
  if (recipient.remindersOptOut) return "opted-out";
  if (!isReplyWindowOpen(recipient.lastInteractionAt, at)) return "outside-window";
  return null;
}
