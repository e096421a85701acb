import { setTimeout as sleep } from "node:timers/promises";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { PrismaClient } from "../db.ts";
import type { OaToken } from "../generated/prisma/client.ts";
import { withRedisLock } from "../redis-lock.ts";
import { createTokenCipher, type TokenCipher } from "./token-cipher.ts";
import { ZaloError, ZaloOAuthError, ZaloTokenError, ZaloTransientError } from "./zalo-errors.ts";
import type { FetchFn } from "./zalo-http.ts";
import { type OaTokenPair, requestOaTokens } from "./zalo-oauth-request.ts";

/** The single OaToken row. */
const ROW_ID = "oa";
/** Refresh when less than this is left of the 25-hour access token, i.e. about 20 hours into it (note §3). */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60 * 60_000;
/** Zalo's refresh tokens live three months and are single use (note §3). */
export const REFRESH_TOKEN_TTL_MS = 90 * 24 * 60 * 60_000;
/** How long a process reuses the token it read before asking PostgreSQL again (another process may have refreshed). */
export const ACCESS_TOKEN_CACHE_MS = 30_000;
/**
 * The cross-process refresh lock. Its lifetime must outlast one OAuth call (10 s timeout) plus the database write,
 * or a second process could spend the same single-use refresh token while the first is still writing.
 */
export const REFRESH_LOCK_TTL_MS = 30_000;
const REFRESH_LOCK_WAIT_MS = 20_000;
const REFRESH_LOCK_POLL_MS = 100;
const STORE_ATTEMPTS = 3;
/** One unresolved alert per hour is enough for a human; more would bury the mini-app's alert list. */
const ALERT_REPEAT_AFTER_MS = 60 * 60_000;

/** Deletes the lock only if this process still owns it (it may have expired and been taken by another). */

export interface OaAccessToken {
  token: string;
  /** The row version the token came from; pass it back to `refreshTokens` when Zalo refuses the token. */
  version: number;
}

export type RefreshReason = "due" | "rejected";

export interface RefreshOptions {
  reason: RefreshReason;
  /**
   * The version of the token Zalo refused. If the stored pair has moved on since (another process refreshed),
   * the new pair is returned and the refresh token is not spent again.
   */
  failedVersion?: number;
}

export interface OaTokenStoreDeps {
  config: Pick<
    Config,
    | "SESSION_SECRET"
    | "QUEUE_PREFIX"
    | "ZALO_APP_ID"
    | "ZALO_APP_SECRET"
    | "ZALO_OAUTH_URL"
    | "ZALO_OA_ACCESS_TOKEN"
    | "ZALO_OA_REFRESH_TOKEN"
  >;
  prisma: Pick<PrismaClient, "oaToken" | "alert">;
  redis: Redis;
  log: Pick<Logger, "info" | "warn" | "error">;
  fetch?: FetchFn;
  now?: () => Date;
}

/**
 * The OA token pair, encrypted at rest in the single OaToken row. Zalo's refresh tokens are single use, so a
 * refresh is single-flight across every process: a Redis lock (`SET NX PX`) elects one refresher, and the row's
 * `version` compare-and-swap in PostgreSQL guards the write; a process that lost the race re-reads the new pair.
 * The new pair is stored before it is returned, so a crash never leaves the only valid refresh token in memory.
 * Token values are never logged.
 */
export class OaTokenStore {
  private readonly cipher: TokenCipher;
  private readonly fetchFn: FetchFn;
  private readonly now: () => Date;
  private readonly lockKey: string;
  private cached: (OaAccessToken & { readAtMs: number }) | null = null;
  private inflight: Promise<OaAccessToken> | null = null;

  constructor(private readonly deps: OaTokenStoreDeps) {
    this.cipher = createTokenCipher(deps.config.SESSION_SECRET);
    this.fetchFn = deps.fetch ?? fetch;
    this.now = deps.now ?? (() => new Date());
    this.lockKey = `${deps.config.QUEUE_PREFIX}:zalo:${deps.config.ZALO_APP_ID}:oa-token-refresh-lock`;
  }

  /** The current access token (cached for ACCESS_TOKEN_CACHE_MS). Throws ZaloTokenError if none is stored. */
  async getAccessToken(): Promise<OaAccessToken> {
    if (this.cached && Date.now() - this.cached.readAtMs < ACCESS_TOKEN_CACHE_MS) {
      return { token: this.cached.token, version: this.cached.version };
    }
    const row = await this.readRow();
    if (!row) throw new ZaloTokenError(0, "no OA token stored: connect the OA or set ZALO_OA_ACCESS_TOKEN");
    return this.remember(row);
  }

  /** Single-flight within the process (concurrent callers share one promise) and across processes (lock + CAS). */
  refreshTokens(options: RefreshOptions): Promise<OaAccessToken> {
    if (!this.inflight) {
      this.inflight = this.refreshAcrossProcesses(options).finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  /**
   * For the `refresh-oa-token` cron job: refreshes when the access token is ~20 h into its 25 h. Answers whether
   * the pair was renewed, by this process or by another that won the lock at the same moment.
   */
  async refreshIfDue(now: Date): Promise<boolean> {
    const row = await this.readRow();
    if (!row) {
      this.deps.log.warn("no OA token stored; nothing to refresh");
      return false;
    }
    if (!isDue(row, now)) return false;
    const result = await this.refreshTokens({ reason: "due", failedVersion: row.version });
    return result.version !== row.version;
  }

  /** Stores a pair from the OAuth connect flow, replacing whatever was stored (under the same lock as refreshes). */
  async storeTokensFromOAuth(pair: OaTokenPair): Promise<void> {
    await this.withLock(async () => {
      const written = await this.writePair(pair, null);
      this.remember(written);
    });
    await this.resolveAlerts();
    this.deps.log.info("OA token pair stored from the OAuth connect flow");
  }

  private async refreshAcrossProcesses({ reason, failedVersion }: RefreshOptions): Promise<OaAccessToken> {
    const row = await this.readRow();
    if (!row) throw new ZaloTokenError(0, "no OA token stored: connect the OA or set ZALO_OA_ACCESS_TOKEN");
    if (failedVersion !== undefined && row.version !== failedVersion) return this.remember(row);
    return this.withLock(async () => {
      // Re-read under the lock: whoever held it before us may have refreshed already.
      const current = await this.readRow();
      if (!current) throw new ZaloTokenError(0, "OA token row disappeared");
      if (current.version !== row.version) return this.remember(current);

      let pair: OaTokenPair;
      try {
        const refreshToken = this.cipher.decrypt(current.refreshTokenEnc, "refresh");
        pair = await requestOaTokens(this.deps.config, this.fetchFn, { grantType: "refresh_token", refreshToken });
      } catch (error) {
        await this.raiseAlert(error, reason);
        throw error;
      }
      const written = await this.writePair(pair, current.version);
      this.deps.log.info({ reason, version: written.version }, "OA token pair refreshed");
      await this.resolveAlerts();
      return this.remember(written);
    });
  }

  /** Runs `work` holding the cross-process refresh lock, waiting for another holder to finish first. */
  private withLock<T>(work: () => Promise<T>): Promise<T> {
    return withRedisLock(
      this.deps.redis,
      this.lockKey,
      {
        ttlMs: REFRESH_LOCK_TTL_MS,
        waitMs: REFRESH_LOCK_WAIT_MS,
        pollMs: REFRESH_LOCK_POLL_MS,
        onTimeout: () => new ZaloTransientError("timed out waiting for another process's OA token refresh"),
      },
      work,
    );
  }

  /**
   * Writes a pair Zalo has just issued. With `expectedVersion`, the write is a compare-and-swap; if the row moved
   * anyway (the lock expired under a very slow database), the pair Zalo issued last is still the only valid one,
   * so it is written regardless and the event logged. The write is retried: losing it would lose the OA.
   */
  private async writePair(pair: OaTokenPair, expectedVersion: number | null): Promise<OaToken> {
    const issuedAt = this.now().getTime();
    const data = {
      accessTokenEnc: this.cipher.encrypt(pair.accessToken, "access"),
      refreshTokenEnc: this.cipher.encrypt(pair.refreshToken, "refresh"),
      accessExpiresAt: new Date(issuedAt + pair.accessExpiresInSeconds * 1000),
      refreshExpiresAt: new Date(issuedAt + REFRESH_TOKEN_TTL_MS),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        if (expectedVersion !== null) {
          const swapped = await this.deps.prisma.oaToken.updateMany({
            where: { id: ROW_ID, version: expectedVersion },
            data: { ...data, version: { increment: 1 } },
          });
          if (swapped.count === 1) return await this.deps.prisma.oaToken.findUniqueOrThrow({ where: { id: ROW_ID } });
          this.deps.log.error(
            { expectedVersion },
            "OA token row changed during a locked refresh; storing the newest pair",
          );
        }
        return await this.deps.prisma.oaToken.upsert({
          where: { id: ROW_ID },
          create: { id: ROW_ID, ...data },
          update: { ...data, version: { increment: 1 } },
        });
      } catch (error) {
        if (attempt >= STORE_ATTEMPTS) {
          await this.raiseAlert(error, "store");
          throw error;
        }
        await sleep(200 * attempt);
      }
    }
  }

  /** The row, seeded from ZALO_OA_ACCESS_TOKEN/REFRESH_TOKEN the first time (ON CONFLICT DO NOTHING: races are harmless). */
  private async readRow(): Promise<OaToken | null> {
    const row = await this.deps.prisma.oaToken.findUnique({ where: { id: ROW_ID } });
    if (row) return row;
    const { ZALO_OA_ACCESS_TOKEN: access, ZALO_OA_REFRESH_TOKEN: refresh } = this.deps.config;
    if (!access || !refresh) return null;
    const now = this.now().getTime();
    // The environment does not say how old its token is; assume fresh. If it is not, the first send gets
    // -216/-220 and refreshes it, which is the same path as any other expired token.
    await this.deps.prisma.oaToken.createMany({
      data: [
        {
          id: ROW_ID,
          accessTokenEnc: this.cipher.encrypt(access, "access"),
          refreshTokenEnc: this.cipher.encrypt(refresh, "refresh"),
          accessExpiresAt: new Date(now + 90_000 * 1000),
          refreshExpiresAt: new Date(now + REFRESH_TOKEN_TTL_MS),
        },
      ],
      skipDuplicates: true,
    });
    this.deps.log.info("OA token pair seeded from the environment");
    return this.deps.prisma.oaToken.findUnique({ where: { id: ROW_ID } });
  }

  private remember(row: OaToken): OaAccessToken {
    const token = this.cipher.decrypt(row.accessTokenEnc, "access");
    this.cached = { token, version: row.version, readAtMs: Date.now() };
    return { token, version: row.version };
  }

  private async raiseAlert(error: unknown, during: RefreshReason | "store"): Promise<void> {
    const code = error instanceof ZaloError ? error.code : null;
    this.deps.log.error(
      {
        during,
        code,
        kind: error instanceof Error ? error.name : typeof error,
        err: error instanceof Error ? error.message : String(error),
      },
      "OA token refresh failed",
    );
    const message =
      during === "store"
        ? "Zalo đã cấp mã truy cập mới cho OA nhưng hệ thống không lưu được. Quản trị viên cần kết nối lại OA."
        : error instanceof ZaloOAuthError
          ? "Zalo từ chối làm mới mã truy cập của OA. Quản trị viên cần kết nối lại OA để chatbot tiếp tục gửi tin."
          : "Chưa làm mới được mã truy cập của OA vì không liên lạc được với Zalo; hệ thống sẽ tự thử lại.";
    try {
      const recent = await this.deps.prisma.alert.findFirst({
        where: {
          kind: "TOKEN_REFRESH_FAILED",
          resolvedAt: null,
          createdAt: { gt: new Date(this.now().getTime() - ALERT_REPEAT_AFTER_MS) },
        },
        select: { id: true },
      });
      if (!recent) await this.deps.prisma.alert.create({ data: { kind: "TOKEN_REFRESH_FAILED", message } });
    } catch (alertError) {
      this.deps.log.error({ err: (alertError as Error).message }, "could not record the token refresh alert");
    }
  }

  /** A successful refresh or re-connect closes the alerts it made obsolete. */
  private async resolveAlerts(): Promise<void> {
    await this.deps.prisma.alert
      .updateMany({ where: { kind: "TOKEN_REFRESH_FAILED", resolvedAt: null }, data: { resolvedAt: this.now() } })
      .catch(() => undefined);
  }
}

function isDue(row: Pick<OaToken, "accessExpiresAt">, now: Date): boolean {
  return row.accessExpiresAt.getTime() - now.getTime() <= REFRESH_BEFORE_EXPIRY_MS;
}
