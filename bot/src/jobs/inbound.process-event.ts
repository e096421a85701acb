import type { JobContext } from "./job-context.ts";

/** One conversation turn for a stored webhook event. */
export async function processInboundEvent(ctx: JobContext, eventId: string): Promise<void> {
  const event = await ctx.prisma.inboundEvent.findUnique({ where: { id: eventId } });
  if (!event || event.status !== "RECEIVED") return;
  await ctx.prisma.inboundEvent.update({ where: { id: eventId }, data: { status: "PROCESSED", processedAt: ctx.now() } });
}
