import { z } from "zod";
import { unitRefSchema } from "./common.ts";

/** Help requests' response times (asked → claimed → done) per unit, on the unit and organisation dashboards. */

/** Response times are measured over the requests asked in the last this many days. */
export const RESPONSE_TIME_DAYS = 30;

export const responseTimeSchema = z.object({
  /** Requests asked in the period. */
  asked: z.number().int(),
  claimed: z.number().int(),
  done: z.number().int(),
  /** Median minutes from the resident's request to the first member taking it; null when none was taken. */
  medianToClaimMinutes: z.number().nullable(),
  /** Median minutes from the request to done; null when none is done. */
  medianToDoneMinutes: z.number().nullable(),
});
export type ResponseTime = z.infer<typeof responseTimeSchema>;

export const helpResponseTimesSchema = z.object({
  since: z.iso.datetime({ offset: true }),
  overall: responseTimeSchema,
  /** Units that were asked anything in the period, slowest to be taken first. */
  units: z.array(unitRefSchema.extend(responseTimeSchema.shape)),
});
export type HelpResponseTimes = z.infer<typeof helpResponseTimesSchema>;
