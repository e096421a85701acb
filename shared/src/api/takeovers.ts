import { z } from "zod";
import { idSchema, isoDateTimeSchema } from "./common.ts";

/**
 * Conversations the union's staff took over by hand in Zalo's OA chat tool (the bot is silent for the resident
 * until `until`). Unit leads see their unit's residents (and its sub-units'), admins every resident.
 * `POST /api/takeovers/{residentId}/give-back` hands the conversation back to the assistant, which tells the
 * resident it is back.
 */
export const takeoverSchema = z.object({
  residentId: idSchema,
  /** The resident's Zalo display name, when known. */
  displayName: z.string().nullable(),
  unitName: z.string().nullable(),
  since: isoDateTimeSchema,
  until: isoDateTimeSchema,
});
export type Takeover = z.infer<typeof takeoverSchema>;

export const takeoverListSchema = z.object({ items: z.array(takeoverSchema) });
export type TakeoverList = z.infer<typeof takeoverListSchema>;

export const takeoverParamsSchema = z.object({ residentId: idSchema });
