import type { Job } from "bullmq";
import { type InboundRelay, startInboundRelay } from "../../bot/src/inbox/inbound-relay.ts";
import type { InboundJob } from "../../bot/src/queues/queues.ts";
import type { TestApp } from "./test-app.ts";
import { waitFor } from "./wait-for.ts";

const quiet = { warn: () => undefined, info: () => undefined };

/**
 * The worker's inbound relay (bot/src/inbox/inbound-relay.ts) on the test app's database and queue prefix, for
 * tests that check what the webhook queues without running conversations. Listening once this resolves.
 */
export function startTestRelay(t: TestApp): Promise<InboundRelay> {
  return startInboundRelay({ config: t.config, log: quiet });
}

/** The event's job, once the relay queued it: queueing follows the commit's notification, off the request's path. */
export function waitForInboundJob(t: TestApp, eventId: string | undefined): Promise<Job<InboundJob>> {
  return waitFor(
    async () => (eventId ? t.app.queues.inbound.getJob(`event-${eventId}`) : undefined),
    `job of ${eventId}`,
  );
}
