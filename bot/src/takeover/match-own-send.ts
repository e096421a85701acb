import { redactSensitive } from "@xks/shared/privacy/redact-sensitive";
import { composeNoticeMessage } from "../broadcasts/compose-notice-message.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { readOutboundPayload } from "../outbound/queue-outbound-message.ts";

type Tx = Prisma.TransactionClient;

/**
 * How far back from an echo a send of the product may be matched by its text rather than its id. Zalo posts the
 * echo right after it accepted the send (seconds); a few minutes allow for the webhook being down and Zalo's first
 * retries, after which the product has long recorded the send's message_id and the id matches.
 */
export const ECHO_TEXT_MATCH_WINDOW_MS = 10 * 60 * 1000;

/** `OutboundMessage.zaloMessageId` lists parts with "," and the messages of one part with "+". */
const ZALO_ID_SEPARATORS = /[,+]/;

export interface OaEcho {
  oaUserId: string;
  /** Zalo's id of the message echoed (`message.msg_id`), when the echo carries one. */
  msgId: string | null;
  /** The echoed text, masked by the webhook's privacy guard; empty for images, lists, stickers. */
  text: string;
  /** When Zalo says the message was sent. */
  at: Date;
}

export type EchoMatch = "own-by-id" | "own-in-flight" | "own-by-text" | "not-ours";

/**
 * Decides whether an `oa_send_*` echo is of a message the product sent (its own reply, reminder, notice, help
 * update or broadcast) or of one a person typed in Zalo's OA chat tool.
 *
 * By id first: the `message_id` Zalo returned for the send, recorded on the OutboundMessage or BroadcastDelivery.
 * But Zalo posts the echo as soon as it accepted the send, so the echo can be processed before the sender has
 * recorded that id (the record is written after Zalo's answer, and may wait out a database blip), and whether the
 * echo's `msg_id` is the send's `message_id` at all is not documented (zalo-platform.md marks only the echo's
 * existence). So the echo is also the product's while a send to this resident is in flight (an OutboundMessage still
 * QUEUED, created, or due after the quiet hours, within ECHO_TEXT_MATCH_WINDOW_MS; a BroadcastDelivery SENDING): a
 * send cannot be on the wire without its row, and the parts Zalo received may read differently from the row (numbered choices, split texts).
 * Otherwise, a send of the last ECHO_TEXT_MATCH_WINDOW_MS with the same text (after the same masking) counts; an
 * echo without text (image, list) matches any of them. The cost of a wrong "ours" is that the bot keeps talking
 * over one staff message typed while it was itself sending to that resident (the next staff message takes over);
 * the cost of a wrong "not ours" (the bot falls silent for hours) is the one this avoids.
 */
export async function matchOwnSend(tx: Tx, echo: OaEcho): Promise<EchoMatch> {
  const { oaUserId, msgId } = echo;
  if (msgId) {
    const [rows, delivery] = await Promise.all([
      tx.outboundMessage.findMany({
        where: { oaUserId, zaloMessageId: { contains: msgId } },
        select: { zaloMessageId: true },
      }),
      tx.broadcastDelivery.findFirst({ where: { oaUserId, zaloMessageId: msgId }, select: { id: true } }),
    ]);
    if (delivery) return "own-by-id";
    if (rows.some((row) => (row.zaloMessageId ?? "").split(ZALO_ID_SEPARATORS).includes(msgId))) return "own-by-id";
  }

  const since = new Date(echo.at.getTime() - ECHO_TEXT_MATCH_WINDOW_MS);
  const [candidates, broadcasts] = await Promise.all([
    tx.outboundMessage.findMany({
      where: {
        oaUserId,
        OR: [
          { status: "QUEUED", notBefore: null, createdAt: { gte: since } },
          // A notice held for the end of the quiet hours is on the wire only from its time on, not when written.
          { status: "QUEUED", notBefore: { gte: since, lte: echo.at } },
          { sentAt: { gte: since } },
        ],
      },
      select: { status: true, payload: true },
    }),
    tx.broadcastDelivery.findMany({
      where: { oaUserId, OR: [{ status: "SENDING" }, { status: "SENT", updatedAt: { gte: since } }] },
      select: {
        status: true,
        broadcastId: true,
        broadcast: { select: { title: true, text: true, imageUrl: true, linkUrl: true } },
      },
    }),
  ]);
  const echoed = comparable(echo.text);
  // A send on the wire: its parts may reach Zalo as other texts than the row's (buttons Zalo refused become a
  // numbered list, possibly a message of its own; a long text is split), so any of them counts.
  if (candidates.some((row) => row.status === "QUEUED")) return "own-in-flight";
  for (const row of candidates) {
    const messages = readOutboundPayload(row.payload);
    const texts = messages.map((message) => comparable(redactSensitive(message.text).text));
    if (echoed === "" || texts.some((text) => sameMessage(text, echoed))) return "own-by-text";
    if (isListOfChoices(echo.text, messages)) return "own-by-text";
  }
  // A notice on the wire counts whatever it reads; one just sent only when the echo is its text as the sender
  // composed it: a staff member answering a resident's question about the notice a minute later is a person.
  if (broadcasts.some((delivery) => delivery.status === "SENDING")) return "own-in-flight";
  // A registration day's announcement carries its sign-up buttons, which Zalo may have turned into a numbered list.
  const announced = broadcasts.length
    ? await tx.registrationEvent.findMany({
        where: { broadcastId: { in: broadcasts.map((delivery) => delivery.broadcastId) } },
        select: { broadcastId: true, code: true },
      })
    : [];
  for (const delivery of broadcasts) {
    const eventCode = announced.find((event) => event.broadcastId === delivery.broadcastId)?.code ?? null;
    const message = composeNoticeMessage({ ...delivery.broadcast, eventCode });
    const text = comparable(redactSensitive(message.text).text);
    if (echoed === "" || sameMessage(text, echoed) || isListOfChoices(echo.text, [message])) return "own-by-text";
  }
  return "not-ours";
}

/**
 * The numbered choices sent as a message of their own when Zalo refused buttons ("Nhắn số để chọn:\n1. Xong\n2. …"):
 * every line is a heading ending in ":" or "<n>. <title of one of the row's buttons>", and at least one is a choice.
 */
export function isListOfChoices(
  echoText: string,
  messages: readonly { buttons?: readonly { title: string }[] }[],
): boolean {
  const titles = new Set(messages.flatMap((m) => (m.buttons ?? []).map((b) => comparable(b.title))));
  if (titles.size === 0) return false;
  let choices = 0;
  for (const line of echoText.split("\n").map(comparable)) {
    if (line === "" || line.endsWith(":")) continue;
    const choice = /^\d+\.\s*(.+)$/.exec(line);
    if (!choice?.[1] || !titles.has(choice[1])) return false;
    choices += 1;
  }
  return choices > 0;
}

/** Whitespace and case do not matter (Zalo may trim or normalise line breaks). */
function comparable(text: string): string {
  return text.normalize("NFC").replace(/\s+/g, " ").trim().toLowerCase();
}

/**
 * The same message, allowing for what the channel does to it on the way: a long text split into several Zalo
 * messages (the echo is one piece), buttons Zalo refused turned into a numbered list after the text (the echo is
 * longer).
 */
function sameMessage(sent: string, echoed: string): boolean {
  if (sent === "" || echoed === "") return sent === echoed;
  if (sent === echoed || echoed.startsWith(sent)) return true;
  // A piece of a split text is long (texts are split at 2,000 characters): a short staff reply ("Vâng ạ") that
  // happens to occur inside a bot message sent a minute ago is not one.
  return echoed.length >= MIN_SPLIT_PIECE_CHARS && sent.includes(echoed);
}

const MIN_SPLIT_PIECE_CHARS = 200;
