import { DEMO_MINIAPP_USERS, DEMO_RESIDENTS, type DemoMiniAppUser } from "./demo-users.ts";
import { newOpaqueToken, newZaloUserId } from "./zalo-ids.ts";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** CS messages need an interaction within 7 days (note §2.5); older → -230. */
export const REPLY_WINDOW_MS = 7 * DAY_MS;
/** Free within 48 hours of the last interaction; billed from 48 hours to 7 days (note §2.5, §8 "Cost"). */
export const FREE_WINDOW_MS = 2 * DAY_MS;
/** OA access tokens live 25 h; Zalo reports it as the string "90000" (note §3). */
export const OA_ACCESS_TOKEN_TTL_MS = 25 * HOUR_MS;
export const OA_REFRESH_TOKEN_TTL_MS = 90 * DAY_MS;
/** Authorization codes are single use and live 10 minutes (note §3). */
export const AUTH_CODE_TTL_MS = 10 * MINUTE_MS;
/** Phone tokens from `getPhoneNumber()` are single use, about 2 minutes (note §5). */
export const PHONE_TOKEN_TTL_MS = 2 * MINUTE_MS;
/** Mini-app user tokens: long enough for a demo session; the product should swap it for its own session at once. */
export const USER_TOKEN_TTL_MS = 12 * HOUR_MS;
/** Zalo counts the app-level limit per minute (note §2.7); a fixed minute window is close enough. */
export const RATE_LIMIT_WINDOW_MS = MINUTE_MS;

export type ButtonType = "oa.query.show" | "oa.query.hide" | "oa.open.url" | "oa.open.phone" | "oa.open.sms";

export interface ChatButton {
  readonly title: string;
  readonly type: ButtonType;
  readonly payload: string | Readonly<Record<string, string>>;
}

export type DeliveryState = "pending" | "delivered" | "retrying" | "failed" | "skipped";

/** One line of a conversation, in either direction, as the chat page draws it. */
export interface ChatMessage {
  /** `msg_id` for user messages, `message_id` for OA sends. */
  readonly id: string;
  readonly userId: string;
  readonly from: "user" | "oa";
  readonly kind: "text" | "image" | "sticker" | "location" | "audio" | "request_user_info" | "notice";
  /** Emulated epoch ms. */
  readonly at: number;
  readonly text?: string;
  readonly buttons?: readonly ChatButton[];
  readonly imageUrl?: string;
  readonly stickerUrl?: string;
  readonly audioUrl?: string;
  readonly location?: { readonly lat: number; readonly lng: number };
  readonly requestInfo?: { readonly title: string; readonly subtitle: string; readonly imageUrl?: string };
  /** `oa.query.hide` taps reach the OA but are not shown in the chat (note §2.4). */
  readonly hidden?: boolean;
  readonly notice?: "follow" | "unfollow" | "chatnow" | "submit_info";
  /** For user messages: how the webhook delivery to the product went. */
  deliveryState?: DeliveryState;
  /** An OA message a person of the union typed in Zalo's OA chat tool (not an API send). */
  readonly byStaff?: boolean;
}

/** What the OA API accepted, kept for tests that count deliveries per user. */
export interface SentOaMessage {
  readonly messageId: string;
  readonly userId: string;
  readonly sentTime: number;
  /** What Zalo would bill: free within 48 h of the resident's last interaction, paid from 48 h to 7 days. */
  readonly band: "free" | "paid";
  readonly kind: ChatMessage["kind"];
  readonly text?: string;
  readonly request: unknown;
}

export interface SharedInfo {
  readonly name: string;
  readonly phone: string;
  /** Street, hamlet (user_address in the 2026 shape). */
  readonly address: string;
  /** Commune or ward (user_ward in the 2026 shape; the flat shape's `district`). */
  readonly district: string;
  readonly city: string;
}

/**
 * How `user_submit_info` carries the shared info (note §1.5, UNCONFIRMED): "nested", the 2026 documentation sample
 * (`full_address{user_city, user_ward, user_address}`, with `user_dob` and `gender`), or "flat", what older
 * integrations read (`address, city, district`). The product must read both.
 */
export type SubmitInfoShape = "nested" | "flat";

export interface Resident {
  readonly userId: string;
  readonly userIdByApp: string;
  readonly displayName: string;
  readonly phone: string;
  isFollower: boolean;
  /** Emulated epoch ms of the last interaction that opens the 7-day window; null = never. */
  lastInteractionAt: number | null;
  sharedInfo: SharedInfo | null;
}

export type StreamEvent =
  | { readonly type: "message"; readonly userId: string; readonly message: ChatMessage }
  | { readonly type: "resident"; readonly userId: string; readonly resident: Resident }
  | { readonly type: "delivery"; readonly userId: string; readonly messageId: string; readonly state: DeliveryState }
  | { readonly type: "reset"; readonly userId: null };

export interface Faults {
  rateLimitPerMinute: number;
  latencyMs: number;
  /** The next N OA API calls answer HTTP 502. */
  fail5xx: number;
  /** The next N OA API calls drop the connection without an answer. */
  failNetwork: number;
  /** Text with buttons is refused (-201), as Zalo may do: the shape has no official v3 sample (note §8). */
  refuseButtons: boolean;
  /** The next N calls of `/v3.0/oa/user/detail` answer HTTP 502 (the product must answer residents anyway). */
  failUserDetail: number;
  /** Every OA API call answers -216, as for a token pasted wrong or revoked. */
  rejectAccessToken: boolean;
  /** OAuth refuses the App Secret (`secret_key`), as for a secret pasted wrong or regenerated. */
  rejectAppSecret: boolean;
  /**
   * Webhook events are signed with the App Secret instead of the OA Secret Key: the product refuses them (401), as
   * it does when ZALO_OA_SECRET_KEY holds the wrong key (the classic mix-up, note §1.3). Applies to events sent
   * while it is on; Zalo's redeliveries keep the signature they were first sent with.
   */
  signWithAppSecret: boolean;
}

/**
 * Zalo's rules where the public sources do not settle them (note §8): each can be switched, and the product is
 * tested under both settings.
 */
export interface Rules {
  /**
   * false (the documented condition, "có tương tác với OA trong vòng 7 ngày"): a consultation message reaches
   * anyone who interacted in the last 7 days, follower or not. true: only followers (-213 otherwise).
   */
  csRequiresFollow: boolean;
  /**
   * The OA's Zalo Cloud Account: "none" (-320) or "empty" (-321) refuse billed messages (48 h–7 d), "funded" sends
   * them and counts them as paid.
   */
  zca: "funded" | "none" | "empty";
  /** Whether the OAuth permission checks `redirect_uri` against the app's registered callback (-14003). */
  checkRegisteredRedirect: boolean;
  /**
   * true: webhooks' and user detail's `user_id_by_app` is the person's mini-app id, as Zalo is claimed to do
   * (UNCONFIRMED, note §6.7). false: another id of the same person, as if the claim were wrong; then only the
   * product's one-time link code joins a member's mini-app account to their OA chat.
   */
  appIdIsMiniAppId: boolean;
}

interface OaTokenRecord {
  readonly kind: "access" | "refresh";
  expiresAt: number;
  revoked: boolean;
}

interface AuthCodeRecord {
  readonly codeChallenge: string;
  readonly redirectUri: string;
  readonly expiresAt: number;
  used: boolean;
}

interface UserTokenRecord {
  readonly userId: string;
  readonly expiresAt: number;
}

interface PhoneTokenRecord {
  readonly userId: string;
  readonly expiresAt: number;
  used: boolean;
}

export type AccessTokenCheck = "ok" | "invalid" | "expired";

export interface EmulatorStateOptions {
  readonly initialAccessToken: string;
  readonly initialRefreshToken: string;
  readonly rateLimitPerMinute: number;
  readonly rules: Rules;
}

/**
 * Everything the emulated Zalo remembers, in memory. Time comes from an emulated clock (`now()`) that tests
 * advance to age the 7-day window and token lifetimes without waiting.
 */
export class EmulatorState {
  private clockOffsetMs = 0;
  readonly residents = new Map<string, Resident>();
  readonly miniAppUsers = new Map<string, DemoMiniAppUser>();
  private readonly conversations = new Map<string, ChatMessage[]>();
  sent: SentOaMessage[] = [];
  faults: Faults;
  rules: Rules;
  private rateWindow = { startedAt: 0, count: 0 };
  private readonly oaTokens = new Map<string, OaTokenRecord>();
  private currentPair: { accessToken: string; refreshToken: string };
  private readonly authCodes = new Map<string, AuthCodeRecord>();
  private readonly userTokens = new Map<string, UserTokenRecord>();
  private readonly phoneTokens = new Map<string, PhoneTokenRecord>();
  private readonly listeners = new Set<(event: StreamEvent) => void>();

  constructor(private readonly options: EmulatorStateOptions) {
    this.faults = this.defaultFaults();
    this.rules = { ...options.rules };
    this.currentPair = { accessToken: options.initialAccessToken, refreshToken: options.initialRefreshToken };
    this.reset();
  }

  /** Back to the start-up state: demo people, initial token pair, no faults, clock at real time. */
  reset(): void {
    this.clockOffsetMs = 0;
    this.residents.clear();
    this.conversations.clear();
    this.sent = [];
    this.faults = this.defaultFaults();
    this.rules = { ...this.options.rules };
    this.rateWindow = { startedAt: 0, count: 0 };
    this.oaTokens.clear();
    this.authCodes.clear();
    this.userTokens.clear();
    this.phoneTokens.clear();
    this.miniAppUsers.clear();
    const now = this.now();
    for (const demo of DEMO_RESIDENTS) {
      this.residents.set(demo.userId, {
        userId: demo.userId,
        userIdByApp: demo.userIdByApp,
        displayName: demo.displayName,
        phone: demo.phone,
        isFollower: demo.isFollower,
        lastInteractionAt: demo.lastInteractionAgoMs === null ? null : now - demo.lastInteractionAgoMs,
        sharedInfo: null,
      });
    }
    for (const user of DEMO_MINIAPP_USERS) this.miniAppUsers.set(user.id, user);
    this.currentPair = {
      accessToken: this.options.initialAccessToken,
      refreshToken: this.options.initialRefreshToken,
    };
    this.registerCurrentPair(now);
    this.publish({ type: "reset", userId: null });
  }

  /** The current pair becomes valid: access for 25 h, refresh for 3 months (zalo-platform.md §3). */
  private registerCurrentPair(now: number): void {
    this.oaTokens.set(this.currentPair.accessToken, {
      kind: "access",
      expiresAt: now + OA_ACCESS_TOKEN_TTL_MS,
      revoked: false,
    });
    this.oaTokens.set(this.currentPair.refreshToken, {
      kind: "refresh",
      expiresAt: now + OA_REFRESH_TOKEN_TTL_MS,
      revoked: false,
    });
  }

  private defaultFaults(): Faults {
    return {
      rateLimitPerMinute: this.options.rateLimitPerMinute,
      latencyMs: 0,
      fail5xx: 0,
      failNetwork: 0,
      failUserDetail: 0,
      refuseButtons: false,
      rejectAccessToken: false,
      rejectAppSecret: false,
      signWithAppSecret: false,
    };
  }

  // ---- clock -------------------------------------------------------------------------------------------

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  advanceClock(ms: number): number {
    this.clockOffsetMs += ms;
    return this.now();
  }

  // ---- live updates for the chat page -------------------------------------------------------------------

  subscribe(listener: (event: StreamEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: StreamEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  // ---- residents and conversations ---------------------------------------------------------------------

  createResident(displayName: string, phone?: string): Resident {
    const resident: Resident = {
      userId: newZaloUserId(),
      userIdByApp: newZaloUserId(),
      displayName,
      // 098 is a Viettel mobile prefix: every generated resident has a valid Vietnamese mobile number.
      phone: phone ?? `8498${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`,
      isFollower: false,
      lastInteractionAt: null,
      sharedInfo: null,
    };
    this.residents.set(resident.userId, resident);
    this.publish({ type: "resident", userId: resident.userId, resident });
    return resident;
  }

  /** Follow, messages, chat-now and button taps all (re)open the 7-day window (note §2.5). */
  /** The `user_id_by_app` Zalo reports for this person (see `Rules.appIdIsMiniAppId`). */
  reportedAppUserId(resident: Resident): string {
    return this.rules.appIdIsMiniAppId ? resident.userIdByApp : `5${resident.userIdByApp.slice(1)}`;
  }

  recordInteraction(resident: Resident): void {
    resident.lastInteractionAt = this.now();
    this.publish({ type: "resident", userId: resident.userId, resident });
  }

  setFollower(resident: Resident, isFollower: boolean): void {
    resident.isFollower = isFollower;
    this.publish({ type: "resident", userId: resident.userId, resident });
  }

  /** Ages the last interaction past the window, as if the resident had been silent for more than 7 days. */
  closeWindowFor(resident: Resident): void {
    resident.lastInteractionAt = this.now() - REPLY_WINDOW_MS - 1;
    this.publish({ type: "resident", userId: resident.userId, resident });
  }

  isWindowOpen(resident: Resident): boolean {
    return resident.lastInteractionAt !== null && this.now() - resident.lastInteractionAt <= REPLY_WINDOW_MS;
  }

  /** What a consultation message to this resident would cost now (call only with the window open). */
  billingBand(resident: Resident): "free" | "paid" {
    return resident.lastInteractionAt !== null && this.now() - resident.lastInteractionAt < FREE_WINDOW_MS
      ? "free"
      : "paid";
  }

  conversation(userId: string): readonly ChatMessage[] {
    return this.conversations.get(userId) ?? [];
  }

  addMessage(message: ChatMessage): void {
    const list = this.conversations.get(message.userId) ?? [];
    list.push(message);
    this.conversations.set(message.userId, list);
    this.publish({ type: "message", userId: message.userId, message });
  }

  setDeliveryState(userId: string, messageId: string, state: DeliveryState): void {
    const message = this.conversations.get(userId)?.find((m) => m.id === messageId);
    if (!message) return;
    message.deliveryState = state;
    this.publish({ type: "delivery", userId, messageId, state });
  }

  /** The most recent OA button with this payload, so a tap knows whether it is `show` or `hide`. */
  findButton(userId: string, payload: string): ChatButton | undefined {
    const list = this.conversation(userId);
    for (let i = list.length - 1; i >= 0; i--) {
      const found = list[i]?.buttons?.find((b) => typeof b.payload === "string" && b.payload === payload);
      if (found) return found;
    }
    return undefined;
  }

  // ---- rate limit --------------------------------------------------------------------------------------

  /** Counts one OA API call in the current minute; `allowed` false means answer -32. */
  takeRateLimitSlot(): { allowed: boolean; limit: number; remain: number } {
    const now = this.now();
    if (now - this.rateWindow.startedAt >= RATE_LIMIT_WINDOW_MS) this.rateWindow = { startedAt: now, count: 0 };
    const limit = this.faults.rateLimitPerMinute;
    if (this.rateWindow.count >= limit) return { allowed: false, limit, remain: 0 };
    this.rateWindow.count += 1;
    return { allowed: true, limit, remain: limit - this.rateWindow.count };
  }

  // ---- OA tokens ---------------------------------------------------------------------------------------

  currentOaTokens(): { accessToken: string; refreshToken: string; accessTokenExpiresAt: number } {
    const access = this.oaTokens.get(this.currentPair.accessToken);
    return { ...this.currentPair, accessTokenExpiresAt: access?.expiresAt ?? 0 };
  }

  checkOaAccessToken(token: string | undefined): AccessTokenCheck {
    const record = token ? this.oaTokens.get(token) : undefined;
    if (!record || record.kind !== "access") return "invalid";
    // A superseded token is "removed" in Zalo's words, which is the -220 text ("expired or removed").
    if (record.revoked || record.expiresAt <= this.now()) return "expired";
    return "ok";
  }

  expireAccessToken(): void {
    const record = this.oaTokens.get(this.currentPair.accessToken);
    if (record) record.expiresAt = this.now();
  }

  /** Refresh tokens are single use (note §3): a valid one is consumed here. */
  consumeRefreshToken(token: string): boolean {
    const record = this.oaTokens.get(token);
    if (!record || record.kind !== "refresh" || record.revoked || record.expiresAt <= this.now()) return false;
    record.revoked = true;
    return true;
  }

  /** A new pair replaces the old one; the previous access token stops working at once (note §3). */
  issueOaTokenPair(): { accessToken: string; refreshToken: string } {
    for (const token of [this.currentPair.accessToken, this.currentPair.refreshToken]) {
      const record = this.oaTokens.get(token);
      if (record) record.revoked = true;
    }
    const now = this.now();
    this.currentPair = { accessToken: newOpaqueToken(), refreshToken: newOpaqueToken() };
    this.registerCurrentPair(now);
    return { ...this.currentPair };
  }

  createAuthCode(codeChallenge: string, redirectUri: string): string {
    const code = newOpaqueToken(24);
    this.authCodes.set(code, { codeChallenge, redirectUri, expiresAt: this.now() + AUTH_CODE_TTL_MS, used: false });
    return code;
  }

  /** Auth codes are single use: a valid one is consumed here whatever the verifier check says next. */
  consumeAuthCode(code: string): { codeChallenge: string; redirectUri: string } | null {
    const record = this.authCodes.get(code);
    if (!record || record.used || record.expiresAt <= this.now()) return null;
    record.used = true;
    return { codeChallenge: record.codeChallenge, redirectUri: record.redirectUri };
  }

  // ---- mini-app user tokens ----------------------------------------------------------------------------

  createUserToken(userId: string): string {
    const token = newOpaqueToken();
    this.userTokens.set(token, { userId, expiresAt: this.now() + USER_TOKEN_TTL_MS });
    return token;
  }

  userForToken(token: string | undefined): DemoMiniAppUser | null {
    const record = token ? this.userTokens.get(token) : undefined;
    if (!record || record.expiresAt <= this.now()) return null;
    return this.miniAppUsers.get(record.userId) ?? null;
  }

  createPhoneToken(userId: string): string {
    const token = newOpaqueToken(24);
    this.phoneTokens.set(token, { userId, expiresAt: this.now() + PHONE_TOKEN_TTL_MS, used: false });
    return token;
  }

  /** Phone tokens are single use: consumed when valid and issued to this user. */
  consumePhoneToken(token: string, userId: string): boolean {
    const record = this.phoneTokens.get(token);
    if (!record || record.used || record.userId !== userId || record.expiresAt <= this.now()) return false;
    record.used = true;
    return true;
  }
}
