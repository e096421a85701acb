import type { ServiceCode } from "../services.ts";
import { cashlessChecklist } from "./cashless.ts";
import { chipIdChecklist } from "./chip-id.ts";
import { ecommerceChecklist } from "./ecommerce.ts";
import { onlineSafetyChecklist } from "./online-safety.ts";
import { publicServicesChecklist } from "./public-services.ts";
import type { Checklist } from "./types.ts";
import { vneidChecklist } from "./vneid.ts";

/** Every checklist, in menu order. Adding one here (and its file) is all a new checklist needs. */
export const CHECKLISTS: readonly Checklist[] = [
  vneidChecklist,
  chipIdChecklist,
  publicServicesChecklist,
  cashlessChecklist,
  onlineSafetyChecklist,
  ecommerceChecklist,
];

export function findChecklist(id: string): Checklist | undefined {
  return CHECKLISTS.find((checklist) => checklist.id === id);
}

/** Which service each checklist teaches, for the assistance log and reports. */
export const CHECKLIST_SERVICE: Readonly<Record<string, ServiceCode>> = Object.fromEntries(
  CHECKLISTS.map((checklist) => [checklist.id, checklist.service]),
);
