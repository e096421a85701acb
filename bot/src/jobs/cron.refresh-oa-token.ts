import type { JobContext } from "./job-context.ts";

/**
 * Refreshes the OA token pair about 20 hours into its 25 (note §3), ahead of expiry so sends never wait on it.
 * Single-flight across processes inside the token store; a failure raises an Alert there and fails this run,
 * and the next run (every 15 minutes) tries again.
 */
export async function refreshOaToken(ctx: JobContext): Promise<boolean> {
  return ctx.zalo.tokens.refreshIfDue(ctx.now());
}
