import type { JobContext } from "./job-context.ts";

const DAY_MS = 86_400_000;
/** Rows blanked per statement: short transactions that never hold the inbox's rows long. */
const PURGE_BATCH = 1_000;
/** At most this many batches per run; the next run (hourly) carries on. */
const PURGE_MAX_BATCHES = 50;

/**
 * Stored webhook events keep their payload for `INBOUND_RETENTION_DAYS` (default 30): long enough to investigate a
 * conversation that went wrong, no longer than that purpose needs (Decree 13/2023). "Purged" means the payload
 * becomes `{}` and the error text goes; the row stays with its envelope columns (event name, OA id, status, times)
 * and its `dedupKey`, so a late redelivery of the event is still recognised and never answered twice, and the
 * inbox's counts stay true. Events still waiting for the worker (RECEIVED) are left alone whatever their age:
 * blanking one would lose it. Returns how many rows were blanked.
 */
export async function purgeInboundPayloads(ctx: JobContext): Promise<number> {
  const cutoff = new Date(ctx.now().getTime() - ctx.config.INBOUND_RETENTION_DAYS * DAY_MS);
  let purged = 0;
  for (let batch = 0; batch < PURGE_MAX_BATCHES; batch++) {
    const count = await ctx.prisma.$executeRaw`
      UPDATE "InboundEvent" SET "payload" = '{}'::jsonb, "error" = NULL
      WHERE "id" IN (
        SELECT "id" FROM "InboundEvent"
        WHERE "receivedAt" < ${cutoff} AND "status" <> 'RECEIVED' AND ("payload" <> '{}'::jsonb OR "error" IS NOT NULL)
        LIMIT ${PURGE_BATCH}
      )`;
    purged += count;
    if (count < PURGE_BATCH) break;
  }
  if (purged > 0) ctx.log.info({ purged, cutoff: cutoff.toISOString() }, "inbound payloads past retention purged");
  return purged;
}
