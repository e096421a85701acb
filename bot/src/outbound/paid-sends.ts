import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { PrismaClient } from "../db.ts";
import { raiseAlertOnce } from "../services/alerts-service.ts";
import { fromLocal, toLocal } from "../time/local-time.ts";

export interface PaidSendsDeps {
  config: Pick<Config, "PAID_MESSAGES" | "QUEUE_PREFIX" | "TZ_NAME">;
  redis: Pick<Redis, "exists" | "set">;
  prisma: Pick<PrismaClient, "$transaction">;
  log: Pick<Logger, "warn" | "error">;
}

/** The local day (TZ_NAME) as YYYY-MM-DD: paid sends stop for the rest of it. */
function localDay(at: Date, timeZone: string): string {
  const { year, month, day } = toLocal(at, timeZone);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function stopKey(deps: PaidSendsDeps, at: Date): string {
  return `${deps.config.QUEUE_PREFIX}:zalo:paid-sends-stopped:${localDay(at, deps.config.TZ_NAME)}`;
}

/**
 * Whether a send in the billed band (48 h–7 d after the resident's last interaction) may go out now:
 * PAID_MESSAGES is on, and Zalo has not refused billing (-320/-321) earlier today. Redis away: answer no, the
 * cautious side (the send is skipped, not paid for).
 */
export async function paidSendsAllowed(deps: PaidSendsDeps, now: Date): Promise<boolean> {
  if (!deps.config.PAID_MESSAGES) return false;
  return !(await paidSendsStoppedToday(deps, now));
}

/** Whether Zalo refused billing earlier today (whatever PAID_MESSAGES says); Redis away counts as stopped. */
export async function paidSendsStoppedToday(deps: PaidSendsDeps, now: Date): Promise<boolean> {
  try {
    return (await deps.redis.exists(stopKey(deps, now))) === 1;
  } catch {
    return true;
  }
}

/**
 * Zalo refused a billed message: the OA has no Zalo Cloud Account (-320) or it ran out of money (-321). Every
 * worker stops billed sends until the next local day (the key expires at local midnight), and admins get one alert.
 */
export async function stopPaidSendsForToday(deps: PaidSendsDeps, now: Date, code: number | null): Promise<void> {
  const local = toLocal(now, deps.config.TZ_NAME);
  const midnight = fromLocal({ ...local, day: local.day + 1, hour: 0, minute: 0 }, deps.config.TZ_NAME);
  deps.log.warn({ code }, "Zalo refused a billed message; paid sends stop for today");
  await deps.redis
    .set(stopKey(deps, now), String(code ?? ""), "PXAT", midnight.getTime())
    .catch((error: Error) => deps.log.error({ err: error.message }, "could not record the paid-send stop"));
  await raiseAlertOnce(
    deps.prisma,
    "ZALO_BILLING_REFUSED",
    `Zalo từ chối tin nhắn tính phí (mã ${code ?? "?"}): OA chưa có Zalo Cloud Account hoặc tài khoản đã hết tiền. ` +
      "Hệ thống ngừng gửi tin tính phí (48 giờ – 7 ngày sau tương tác cuối) đến hết hôm nay; tin miễn phí vẫn gửi bình thường. " +
      "Nạp tiền cho Zalo Cloud Account, hoặc đặt PAID_MESSAGES=off.",
  ).catch((error: Error) => deps.log.error({ err: error.message }, "could not record the billing alert"));
}
