import type { ReminderPolicy } from "./reminder-policy.ts";

export interface HelpRequestView {
  id: string;
  status: "OPEN" | "CLAIMED" | "DONE" | "CANCELLED";
  escalationLevel: number;
  createdAt: Date;
}

/** 1 = the unit lead, 2 = the organisation admins. */
export type EscalationLevel = 1 | 2;

/**
 * The escalation levels a help request has newly earned: unclaimed (still OPEN) for `helpToLeadAfterMs` → the unit
 * lead; for `helpToAdminsAfterMs` → the organisation admins. Levels already reached are not repeated; a request
 * found late (the system was down) earns both at once, in order, so the lead still hears of it.
 */
export function planHelpEscalation(help: HelpRequestView, now: Date, policy: ReminderPolicy): EscalationLevel[] {
  if (help.status !== "OPEN") return [];
  const ageMs = now.getTime() - help.createdAt.getTime();
  const earned = ageMs >= policy.helpToAdminsAfterMs ? 2 : ageMs >= policy.helpToLeadAfterMs ? 1 : 0;
  const levels: EscalationLevel[] = [];
  for (let level = help.escalationLevel + 1; level <= earned; level++) levels.push(level as EscalationLevel);
  return levels;
}

export function helpEscalationKey(helpRequestId: string, level: EscalationLevel): string {
  return `help:${helpRequestId}:${level}`;
}
