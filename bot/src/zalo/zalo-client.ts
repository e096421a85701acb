import { setTimeout as sleep } from "node:timers/promises";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { ZaloCsMessage, ZaloMessageShape, ZaloPart } from "./convert-to-zalo-message.ts";
import { MessageShapeDowngrades } from "./message-shape-downgrades.ts";
import type { OaTokenStore } from "./oa-token-store.ts";
import { requestZaloJson, type ZaloRequest } from "./request-zalo-json.ts";
import { SharedRateLimiter } from "./shared-rate-limiter.ts";
import {
  classifyZaloError,
  ZaloPermanentError,
  ZaloRateLimitError,
  ZaloTokenError,
  ZaloTransientError,
} from "./zalo-errors.ts";
import { type FetchFn, fetchZaloJson, ZALO_REQUEST_TIMEOUT_MS, zaloErrorCode, zaloErrorMessage } from "./zalo-http.ts";

/** After a -32, every worker holds back this long: Zalo counts per minute, so hammering on would only fail again. */
export const RATE_LIMIT_PAUSE_MS = 15_000;
/** A send waits at most this long for its rate-limit slot; beyond that the job is retried later instead. */
export const RATE_LIMIT_MAX_WAIT_MS = 10_000;

export interface ZaloClientDeps {
  config: Pick<Config, "ZALO_OPENAPI_URL" | "ZALO_APP_ID" | "ZALO_SEND_RATE_PER_MINUTE" | "QUEUE_PREFIX">;
  tokens: OaTokenStore;
  redis: Redis;
  log: Logger;
  /** Calls go through this fetch when given (tests observe or fault calls); by default over node:http, which is lighter. */
  fetch?: FetchFn;
  /**
   * Called once (across every worker) when Zalo first refuses a message shape and the plain-text fallback got
   * through: the worker raises the admins' alert.
   */
  onShapeDowngraded?: (shape: ZaloMessageShape, code: number, message: string) => Promise<void>;
  /** Overrides for tests (shorter pauses and timeouts). */
  rateLimitPauseMs?: number;
  rateLimitMaxWaitMs?: number;
  requestTimeoutMs?: number;
}

/**
 * A rate-limit slot reserved ahead (`reserveSendSlots`): the call it is given to goes at `at` instead of asking the
 * limiter. One call uses it; any further call of the same send (a token refresh's retry, a plain-text fallback)
 * takes its own slot as usual.
 */
export interface SendSlot {
  at: number;
  used?: boolean;
  /**
   * When given, no request of this send may still be open at this time (epoch ms): a request that could not end
   * before it (now + the request timeout) is not started, and the send throws SendDeadlinePassedError. A broadcast
   * row's claim ends then, and recovery may hand the row to another sender.
   */
  endBy?: number;
}

/** A send was not started because it could not end before its slot's `endBy`: nothing went to Zalo. */
export class SendDeadlinePassedError extends Error {
  constructor() {
    super("send not started: it could not end before its claim expires");
    this.name = "SendDeadlinePassedError";
  }
}

export interface SentZaloMessage {
  messageId: string;
}

/** A part as it went out: its Zalo message ids, and whether it went as plain text with numbered choices. */
export interface SentZaloPart {
  messageIds: string[];
  numbered: boolean;
}

/**
 * The codes with which Zalo refuses a payload's shape: -201 "<field> is invalid!" and -233 "message type is invalid
 * or not support" (note §2.6). A part refused with one of them is sent again as plain text.
 */
export const SHAPE_REFUSAL_CODES: ReadonlySet<number> = new Set([-201, -233]);

/** The fields of `/v3.0/oa/user/detail` the product uses (note §4.1). */
export interface ZaloUserDetail {
  userId: string;
  userIdByApp: string | null;
  displayName: string | null;
  isFollower: boolean | null;
  /** `user_last_interaction_date` is a DD/MM/YYYY string (note §2.5); kept as Zalo sends it. */
  lastInteractionDate: string | null;
  avatarUrl: string | null;
  /** What the user shared through a request_user_info form, if anything. */
  sharedInfo: { name?: string; phone?: string; address?: string; city?: string; district?: string } | null;
}

/**
 * The OA OpenAPI client: the only code that knows Zalo's URLs, the bare `access_token` header and its error codes.
 * Every call passes the shared rate limiter, reads Zalo's `error` (HTTP 200 can carry an error), refreshes the
 * token once on -216/-220 and retries once, and pauses every worker on -32. Errors are the classes of
 * `zalo-errors.ts`; callers decide between retrying and giving up from the class alone.
 */
export class ZaloClient {
  readonly tokens: OaTokenStore;
  readonly downgrades: MessageShapeDowngrades;
  private readonly limiter: SharedRateLimiter;
  private readonly fetchFn: FetchFn | undefined;
  private readonly pauseMs: number;
  private readonly timeoutMs: number;
  /** Until when this process saw Zalo's -32 pause (the shared one is in Redis); checked by pre-reserved slots. */
  private pausedUntil = 0;

  constructor(private readonly deps: ZaloClientDeps) {
    this.tokens = deps.tokens;
    this.fetchFn = deps.fetch;
    this.pauseMs = deps.rateLimitPauseMs ?? RATE_LIMIT_PAUSE_MS;
    this.timeoutMs = deps.requestTimeoutMs ?? ZALO_REQUEST_TIMEOUT_MS;
    this.limiter = new SharedRateLimiter({
      redis: deps.redis,
      // Keyed by app: Zalo's limit is per app, whichever process or deployment calls.
      keyPrefix: `${deps.config.QUEUE_PREFIX}:zalo:${deps.config.ZALO_APP_ID}:rate`,
      ratePerMinute: deps.config.ZALO_SEND_RATE_PER_MINUTE,
      maxWaitMs: deps.rateLimitMaxWaitMs ?? RATE_LIMIT_MAX_WAIT_MS,
    });
    this.downgrades = new MessageShapeDowngrades(
      deps.redis,
      `${deps.config.QUEUE_PREFIX}:zalo:${deps.config.ZALO_APP_ID}:downgraded-shapes`,
    );
  }

  /**
   * Sends one part of an outbound message, never going silent over its shape: a shape Zalo refused earlier goes
   * straight out as its plain-text fallback; a first refusal (-201/-233) sends the fallback, and only when that got
   * through is the shape recorded as downgraded (if the plain text is refused too, the shape was not the problem,
   * and the error is the caller's). Other errors are the caller's, as with `sendConsultationMessage`.
   */
  async sendPart(userId: string, part: ZaloPart, slot?: SendSlot): Promise<SentZaloPart> {
    if (part.fallback && (await this.downgrades.isDowngraded(part.shape))) {
      return { messageIds: await this.sendAll(userId, part.fallback, slot), numbered: true };
    }
    try {
      const { messageId } = await this.sendConsultationMessage(userId, part.message, slot);
      return { messageIds: [messageId], numbered: false };
    } catch (error) {
      if (!part.fallback || !(error instanceof ZaloPermanentError) || !SHAPE_REFUSAL_CODES.has(error.code)) throw error;
      this.deps.log.warn({ shape: part.shape, code: error.code }, "Zalo refused the message shape; sending plain text");
      // The fallback takes its own slots from the limiter, within the same deadline.
      const deadlineOnly = slot?.endBy === undefined ? undefined : { at: 0, used: true, endBy: slot.endBy };
      const messageIds = await this.sendAll(userId, part.fallback, deadlineOnly);
      if (await this.downgrades.record(part.shape)) {
        this.deps.log.error({ shape: part.shape, code: error.code }, "message shape downgraded to plain text");
        await this.deps
          .onShapeDowngraded?.(part.shape, error.code, error.message)
          .catch((alertError: Error) =>
            this.deps.log.error({ err: alertError.message }, "could not record the downgrade alert"),
          );
      }
      return { messageIds, numbered: true };
    }
  }

  private async sendAll(userId: string, messages: ZaloCsMessage[], slot?: SendSlot): Promise<string[]> {
    const ids: string[] = [];
    for (const message of messages) ids.push((await this.sendConsultationMessage(userId, message, slot)).messageId);
    return ids;
  }

  /**
   * Reserves `count` slots of the shared rate limit in one round trip, for a batch of sends (broadcasts); throws
   * ZaloRateLimitError when the limit is paused or booked further ahead than the max wait.
   */
  async reserveSendSlots(count: number): Promise<SendSlot[]> {
    if (count === 0) return [];
    return (await this.limiter.reserve(count)).map((at) => ({ at }));
  }

  /**
   * Sends one consultation message (`POST /v3.0/oa/message/cs`). Not idempotent at Zalo: a timeout after the
   * request left may still have delivered it, so callers record progress before and after.
   */
  async sendConsultationMessage(userId: string, message: ZaloCsMessage, slot?: SendSlot): Promise<SentZaloMessage> {
    const data = await this.callOa(
      `${this.deps.config.ZALO_OPENAPI_URL}/v3.0/oa/message/cs`,
      (accessToken) => ({
        method: "POST",
        headers: { "content-type": "application/json", access_token: accessToken },
        body: JSON.stringify({ recipient: { user_id: userId }, message }),
      }),
      slot,
    );
    const messageId = data?.message_id;
    if (typeof messageId !== "string" || messageId === "") {
      // Zalo said success but gave no id; the message was most likely delivered, so do not retry it.
      this.deps.log.warn("Zalo accepted a message without a message_id");
      return { messageId: "" };
    }
    return { messageId };
  }

  /** `GET /v3.0/oa/user/detail` — profile, follower flag and last interaction date of an OA user. */
  async getUserDetail(userId: string): Promise<ZaloUserDetail> {
    const query = new URLSearchParams({ data: JSON.stringify({ user_id: userId }) });
    const data = await this.callOa(
      `${this.deps.config.ZALO_OPENAPI_URL}/v3.0/oa/user/detail?${query}`,
      (accessToken) => ({
        method: "GET",
        headers: { access_token: accessToken },
      }),
    );
    const d = data ?? {};
    const str = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);
    const shared =
      typeof d.shared_info === "object" && d.shared_info !== null ? (d.shared_info as Record<string, unknown>) : null;
    const sharedInfo = shared
      ? Object.fromEntries(
          (["name", "phone", "address", "city", "district"] as const)
            .map((key) => [key, str(shared[key])] as const)
            .filter(([, value]) => value !== null),
        )
      : null;
    return {
      userId: str(d.user_id) ?? userId,
      userIdByApp: str(d.user_id_by_app),
      displayName: str(d.display_name),
      isFollower: typeof d.user_is_follower === "boolean" ? d.user_is_follower : null,
      lastInteractionDate: str(d.user_last_interaction_date),
      avatarUrl: str(d.avatar),
      sharedInfo: sharedInfo && Object.keys(sharedInfo).length > 0 ? sharedInfo : null,
    };
  }

  /** One OA API call with the rate limit, the token and Zalo's error body handled; answers `data`. */
  private async callOa(
    url: string,
    init: (accessToken: string) => ZaloRequest,
    slot?: SendSlot,
  ): Promise<Record<string, unknown> | undefined> {
    const first = await this.tokens.getAccessToken();
    const endBy = slot?.endBy;
    try {
      return await this.callOnce(url, init(first.token), slot, endBy);
    } catch (error) {
      if (!(error instanceof ZaloTokenError)) throw error;
      // -216/-220: the token expired or another process replaced it. Refresh once (or pick up the pair another
      // process just stored) and retry once; a second refusal is for a human to look at.
      this.deps.log.info({ code: error.code }, "Zalo refused the OA access token; refreshing");
      const fresh = await this.tokens.refreshTokens({ reason: "rejected", failedVersion: first.version });
      return await this.callOnce(url, init(fresh.token), undefined, endBy);
    }
  }

  private async callOnce(
    url: string,
    init: ZaloRequest,
    slot?: SendSlot,
    endBy?: number,
  ): Promise<Record<string, unknown> | undefined> {
    if (slot && !slot.used) {
      slot.used = true;
      const waitMs = slot.at - Date.now();
      if (waitMs > 0) await sleep(waitMs);
      // A slot reserved before this process met a -32 must not go out during the pause (the limiter would have
      // held it back, had it been asked now).
      if (Date.now() < this.pausedUntil) {
        throw new ZaloRateLimitError("Zalo rate limit pause (-32)", null, this.pausedUntil - Date.now());
      }
    } else {
      await this.limiter.acquire();
    }
    // Checked after every wait (the slot's time, the limiter, a token refresh), right before the request leaves.
    if (endBy !== undefined && Date.now() + this.timeoutMs > endBy) throw new SendDeadlinePassedError();
    const body = this.fetchFn
      ? await fetchZaloJson(this.fetchFn, url, init, this.timeoutMs)
      : await requestZaloJson(url, init, this.timeoutMs);
    const code = zaloErrorCode(body);
    if (code === 0) {
      const data = body.data;
      return typeof data === "object" && data !== null ? (data as Record<string, unknown>) : undefined;
    }
    const error = classifyZaloError(code, zaloErrorMessage(body));
    if (error instanceof ZaloRateLimitError) {
      this.deps.log.warn({ pauseMs: this.pauseMs }, "Zalo rate limit (-32); pausing every worker");
      this.pausedUntil = Date.now() + this.pauseMs;
      await this.limiter.pause(this.pauseMs).catch(() => undefined);
      throw new ZaloRateLimitError(error.message, error.code, this.pauseMs);
    }
    if (error instanceof ZaloTransientError) {
      this.deps.log.warn({ code, path: new URL(url).pathname }, "Zalo answered an unknown error code; will retry");
    }
    throw error;
  }
}
