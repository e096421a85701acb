/**
 * Zalo's rules for consultation ("Tư vấn") messages, by time since the resident's last interaction with the OA
 * (zalo-platform note §2.5, §8 "Cost"):
 * - within 48 hours: free (unlimited since 2026-01-01);
 * - 48 hours to 7 days: billed (an old notice says 55 đ each), refused with -320/-321 without a funded Zalo Cloud
 *   Account;
 * - after 7 days: refused with -230; only a template message (see `broadcasts/template-message-channel.ts`, off by
 *   default) could reach the resident.
 * Zalo also counts interactions no webhook reports (calls, article comments), so the product's view of the band is
 * conservative: it may call "paid" what Zalo bills as free, never the other way round.
 */
export const REPLY_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
export const FREE_REPLY_WINDOW_MS = 48 * 60 * 60 * 1000;

/** When the resident's window closes; `null` when they never interacted (the window was never open). */
export function replyWindowClosesAt(lastInteractionAt: Date | null): Date | null {
  return lastInteractionAt ? new Date(lastInteractionAt.getTime() + REPLY_WINDOW_MS) : null;
}

/** Whether an OA consultation message sent at `at` reaches the resident. */
export function isReplyWindowOpen(lastInteractionAt: Date | null, at: Date): boolean {
  const closesAt = replyWindowClosesAt(lastInteractionAt);
  return closesAt !== null && at.getTime() < closesAt.getTime();
}

/** What a consultation message sent at `at` costs: `closed` when it cannot be sent at all. */
export type CostBand = "free" | "paid" | "closed";

export function costBandAt(lastInteractionAt: Date | null, at: Date): CostBand {
  if (!isReplyWindowOpen(lastInteractionAt, at) || !lastInteractionAt) return "closed";
  return at.getTime() - lastInteractionAt.getTime() < FREE_REPLY_WINDOW_MS ? "free" : "paid";
}

export type Unreachable = "unfollowed" | "opted-out" | "outside-window" | "paid-band";

export interface ReachableRecipient {
  followState: "FOLLOWING" | "UNFOLLOWED";
  remindersOptOut: boolean;
  lastInteractionAt: Date | null;
}

/**
 * Why an OA message to this resident at `at` would not reach them, or `null` when it would. The order matters
 * for the reason shown to admins: an unfollowed resident is reported as such even if their window is also closed.
 * With `paidAllowed` false (PAID_MESSAGES=off, or Zalo refused billing today), the billed band counts as
 * unreachable: "paid-band".
 */
export function unreachableReason(recipient: ReachableRecipient, at: Date, paidAllowed = true): Unreachable | null {
  if (recipient.followState === "UNFOLLOWED") return "unfollowed";
  if (recipient.remindersOptOut) return "opted-out";
  const band = costBandAt(recipient.lastInteractionAt, at);
  if (band === "closed") return "outside-window";
  if (band === "paid" && !paidAllowed) return "paid-band";
  return null;
}
