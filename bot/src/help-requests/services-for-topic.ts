import { CHECKLISTS } from "@xks/shared/checklists/index";
import { KNOWLEDGE_BASE } from "@xks/shared/knowledge/knowledge-base";
import type { ServiceCode } from "@xks/shared/services";

/**
 * The services an assistance log for this help request is prefilled with. The chatbot writes the topic as
 * "<checklist title> – <step title>" inside a checklist, or a knowledge-base entry's title, or "Hỗ trợ chung"
 * (conversation/help-flow.ts); the first two name a service, the last none (the member picks).
 */
export function servicesForTopic(topic: string): ServiceCode[] {
  const checklist = CHECKLISTS.find((c) => topic === c.title || topic.startsWith(`${c.title} – `));
  if (checklist) return [checklist.service];
  const entry = KNOWLEDGE_BASE.find((e) => e.title === topic);
  if (entry && entry.topic !== "VOLUNTEER") return [entry.topic];
  return [];
}
