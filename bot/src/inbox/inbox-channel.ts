/**
 * The channel the inbox's insert notifies with the ids of the RECEIVED events it stored (`inbox-writer.ts`), which
 * the worker's relay listens to (`inbound-relay.ts`). A notification is sent when the statement commits, never
 * before, so an id heard there is durable.
 */
export const INBOX_CHANNEL = "xks_inbox";
/** Ids per notification: a payload is at most 8,000 bytes, an id 36 characters and a comma. */
export const INBOX_NOTIFY_IDS_PER_MESSAGE = 200;
