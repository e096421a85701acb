import type { Prisma } from "../generated/prisma/client.ts";
import type { JobContext } from "./job-context.ts";

const DAY_MS = 86_400_000;

/**
 * Blanks the phone number and hamlet/address given for help requests, and records when (`contactErasedAt`).
 * `where` narrows it: one resident's requests ("xóa dữ liệu của tôi"), or the requests past their retention.
 */
export async function eraseHelpContacts(
  db: Pick<Prisma.TransactionClient, "helpRequest">,
  where: Prisma.HelpRequestWhereInput,
  now: Date,
): Promise<number> {
  const { count } = await db.helpRequest.updateMany({
    where: { AND: [where, { OR: [{ contactPhone: { not: null } }, { contactAddress: { not: null } }] }] },
    data: { contactPhone: null, contactAddress: null, contactErasedAt: now },
  });
  return count;
}

/**
 * The contact a resident gave for a help request serves that request only (Decree 13/2023: no longer than the
 * purpose needs): `HELP_CONTACT_RETENTION_DAYS` (default 30) after the request is done or cancelled, the phone and
 * the hamlet are blanked. A done request counts from `doneAt`; a cancelled one from its last change (`updatedAt`:
 * the schema has no cancellation time, and nothing changes a cancelled request afterwards but this job). Open and
 * claimed requests keep their contact however old. Returns how many requests were erased.
 */
export async function eraseExpiredHelpContacts(ctx: JobContext): Promise<number> {
  const now = ctx.now();
  const cutoff = new Date(now.getTime() - ctx.config.HELP_CONTACT_RETENTION_DAYS * DAY_MS);
  const erased = await eraseHelpContacts(
    ctx.prisma,
    {
      OR: [
        { status: "DONE", doneAt: { lt: cutoff } },
        { status: "DONE", doneAt: null, updatedAt: { lt: cutoff } },
        { status: "CANCELLED", updatedAt: { lt: cutoff } },
      ],
    },
    now,
  );
  if (erased > 0) ctx.log.info({ erased, cutoff: cutoff.toISOString() }, "help request contacts past retention erased");
  return erased;
}
