import type { FastifyInstance } from "fastify";
import type { InboundEvent } from "../../bot/src/generated/prisma/client.ts";
import {
  buildFollowEvent,
  buildUserMessageEvent,
  type EventUser,
  eventUserId,
  type FollowEvent,
  type UserMessageEvent,
  type ZaloWebhookEvent,
} from "../../emulator/src/zalo-events.ts";
import { signedWebhook, TEST_ZALO } from "./test-app.ts";
import { waitFor } from "./wait-for.ts";

/**
 * A resident's turns over the real webhook: events shaped as Zalo sends them (the emulator's builders), signed, posted
 * to the app, and waited on until the worker has processed them and every reply has left for Zalo. For tests that run
 * the inbound and outbound workers; events are posted one at a time per resident.
 */

/** A resident as Zalo names them: an emulator resident, or an OA user id whose app-scoped id is `app-<id>`. */
export type ZaloUser = EventUser | string;

const asEventUser = (user: ZaloUser): EventUser =>
  typeof user === "string" ? { userId: user, userIdByApp: `app-${user}` } : user;

let lastTimestamp = 0;
let messageCount = 0;

/** Epoch ms as Zalo's string, strictly increasing so that two events of one test never share a timestamp. */
function nextTimestamp(): string {
  lastTimestamp = Math.max(Date.now(), lastTimestamp + 1);
  return String(lastTimestamp);
}

const context = () => ({ appId: TEST_ZALO.appId, oaId: TEST_ZALO.oaId, timestamp: nextTimestamp() });

/** A message from the resident with a fresh `msg_id` (the product de-duplicates on it). */
export function userMessageEvent(
  user: ZaloUser,
  eventName: UserMessageEvent["event_name"],
  message: Omit<UserMessageEvent["message"], "msg_id">,
): UserMessageEvent {
  const msgId = `turn-${++messageCount}-${Date.now()}`;
  return buildUserMessageEvent(context(), asEventUser(user), eventName, { msg_id: msgId, ...message });
}

/** The resident types (or taps a button that sends) `text`. */
export const textEvent = (user: ZaloUser, text: string): UserMessageEvent =>
  userMessageEvent(user, "user_send_text", { text });

/** The resident follows (or unfollows) the OA from its profile. */
export const followEvent = (user: ZaloUser, eventName: FollowEvent["event_name"] = "follow"): FollowEvent =>
  buildFollowEvent(context(), asEventUser(user), eventName);

/**
 * Posts `event` signed as Zalo signs it, then waits until the worker has processed it and nothing for its resident is
 * left to send. Returns the stored event as processed.
 */
export async function postEventAndSettle(
  app: FastifyInstance,
  event: ZaloWebhookEvent,
  timeoutMs?: number,
): Promise<InboundEvent> {
  const response = await app.inject(signedWebhook(event));
  if (response.statusCode !== 200) {
    throw new Error(`the webhook answered ${response.statusCode}: ${response.body}`);
  }
  const userId = eventUserId(event);
  // Events are posted one at a time per resident, so their newest stored event is the one just posted.
  const posted = await app.prisma.inboundEvent.findFirstOrThrow({
    where: { oaUserId: userId },
    orderBy: { receivedAt: "desc" },
  });
  const processed = await waitFor(
    () => app.prisma.inboundEvent.findFirst({ where: { id: posted.id, status: { not: "RECEIVED" } } }),
    "the event to be processed",
    timeoutMs,
  );
  await waitFor(
    async () => (await app.prisma.outboundMessage.count({ where: { oaUserId: userId, status: "QUEUED" } })) === 0,
    "the replies to be sent",
    timeoutMs,
  );
  return processed;
}

/** Sends each text as the resident, one turn after the other; returns the last turn's stored event. */
export async function sayAndSettle(app: FastifyInstance, user: ZaloUser, ...texts: string[]): Promise<InboundEvent> {
  let last: InboundEvent | undefined;
  for (const text of texts) last = await postEventAndSettle(app, textEvent(user, text));
  if (!last) throw new Error("sayAndSettle needs at least one text");
  return last;
}
