/**
 * Webhook event bodies exactly as Zalo shapes them (note §1.5). Key order follows Zalo's samples so that a raw
 * body looks like the real thing in logs. All ids and the `timestamp` (epoch ms) are strings: Zalo ids exceed 2^53.
 */

export interface EventContext {
  readonly appId: string;
  readonly oaId: string;
  readonly timestamp: string;
}

export interface EventUser {
  readonly userId: string;
  readonly userIdByApp: string;
}

export type ZaloAttachment =
  | { type: "image"; payload: { url: string; thumbnail: string } }
  | { type: "sticker"; payload: { id: string; url: string } }
  | { type: "location"; payload: { coordinates: { latitude: string; longitude: string } } }
  | { type: "audio"; payload: { url: string } };

export interface FollowEvent {
  app_id: string;
  oa_id: string;
  follower: { id: string };
  user_id_by_app: string;
  event_name: "follow" | "unfollow";
  source: string;
  timestamp: string;
}

export interface UserMessageEvent {
  app_id: string;
  sender: { id: string };
  recipient: { id: string };
  user_id_by_app: string;
  event_name: "user_send_text" | "user_send_image" | "user_send_sticker" | "user_send_location" | "user_send_audio";
  message: { msg_id: string; text?: string; attachments?: ZaloAttachment[] };
  timestamp: string;
}

/** The OA's own sends echoed back (note §1.1): sender = OA, recipient = user. The product must filter them. */
export interface OaSendEvent {
  app_id: string;
  sender: { id: string };
  recipient: { id: string };
  user_id_by_app: string;
  event_name: "oa_send_text" | "oa_send_image" | "oa_send_sticker" | "oa_send_list";
  message: { msg_id: string; text?: string; attachments?: { type: string; payload: Record<string, unknown> }[] };
  timestamp: string;
}

/** `user_click_chatnow` is flat: no sender/recipient (note §1.5). */
export interface ClickChatNowEvent {
  app_id: string;
  oa_id: string;
  user_id: string;
  user_id_by_app: string;
  event_name: "user_click_chatnow";
  timestamp: string;
}

export interface SubmitInfoEvent {
  app_id: string;
  sender: { id: string };
  recipient: { id: string };
  user_id_by_app: string;
  event_name: "user_submit_info";
  timestamp: string;
  info: FlatSubmittedInfo | NestedSubmittedInfo;
}

export interface FlatSubmittedInfo {
  name: string;
  phone: string;
  address: string;
  city: string;
  district: string;
}

/** The 2026 documentation sample (note §8). */
export interface NestedSubmittedInfo {
  name: string;
  phone: string;
  user_dob: string;
  gender: string;
  full_address: { user_city: string; user_ward: string; user_address: string };
}

export type ZaloWebhookEvent = FollowEvent | UserMessageEvent | OaSendEvent | ClickChatNowEvent | SubmitInfoEvent;

export function buildFollowEvent(
  ctx: EventContext,
  user: EventUser,
  eventName: FollowEvent["event_name"],
): FollowEvent {
  return {
    app_id: ctx.appId,
    oa_id: ctx.oaId,
    follower: { id: user.userId },
    user_id_by_app: user.userIdByApp,
    event_name: eventName,
    source: "oa_profile",
    timestamp: ctx.timestamp,
  };
}

export function buildUserMessageEvent(
  ctx: EventContext,
  user: EventUser,
  eventName: UserMessageEvent["event_name"],
  message: UserMessageEvent["message"],
): UserMessageEvent {
  return {
    app_id: ctx.appId,
    sender: { id: user.userId },
    recipient: { id: ctx.oaId },
    user_id_by_app: user.userIdByApp,
    event_name: eventName,
    message,
    timestamp: ctx.timestamp,
  };
}

export function buildOaSendEvent(
  ctx: EventContext,
  user: EventUser,
  eventName: OaSendEvent["event_name"],
  message: OaSendEvent["message"],
): OaSendEvent {
  return {
    app_id: ctx.appId,
    sender: { id: ctx.oaId },
    recipient: { id: user.userId },
    user_id_by_app: user.userIdByApp,
    event_name: eventName,
    message,
    timestamp: ctx.timestamp,
  };
}

export function buildClickChatNowEvent(ctx: EventContext, user: EventUser): ClickChatNowEvent {
  return {
    app_id: ctx.appId,
    oa_id: ctx.oaId,
    user_id: user.userId,
    user_id_by_app: user.userIdByApp,
    event_name: "user_click_chatnow",
    timestamp: ctx.timestamp,
  };
}

export function buildSubmitInfoEvent(
  ctx: EventContext,
  user: EventUser,
  info: SubmitInfoEvent["info"],
): SubmitInfoEvent {
  return {
    app_id: ctx.appId,
    sender: { id: user.userId },
    recipient: { id: ctx.oaId },
    user_id_by_app: user.userIdByApp,
    event_name: "user_submit_info",
    timestamp: ctx.timestamp,
    info,
  };
}

/** The id the product de-duplicates on: `message.msg_id` when present (note §1.2). */
export function eventMessageId(event: ZaloWebhookEvent): string | undefined {
  return "message" in event ? event.message.msg_id : undefined;
}

/** The OA-scoped user an event is about, whatever its shape. */
export function eventUserId(event: ZaloWebhookEvent): string {
  switch (event.event_name) {
    case "follow":
    case "unfollow":
      return event.follower.id;
    case "user_click_chatnow":
      return event.user_id;
    case "oa_send_text":
    case "oa_send_image":
    case "oa_send_sticker":
    case "oa_send_list":
      return event.recipient.id;
    default:
      return event.sender.id;
  }
}
