import { SERVICE_LABELS, type ServiceCode } from "@xks/shared/labels";

/** Vietnamese formatting, always in the organisation's time zone whatever the phone says. */
const TIME_ZONE = "Asia/Ho_Chi_Minh";

const dateTime = new Intl.DateTimeFormat("vi-VN", {
  timeZone: TIME_ZONE,
  hour: "2-digit",
  minute: "2-digit",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
});
const number = new Intl.NumberFormat("vi-VN");

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** "02/03" for chart labels (a `YYYY-MM-DD` day); Intl's vi-VN writes "02-03", which reads oddly. */
export function formatDay(isoDate: string): string {
  const [, month, day] = isoDate.split("-");
  return `${day}/${month}`;
}

export function formatNumber(n: number): string {
  return number.format(n);
}

export function formatPercent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

export function serviceLabel(code: string): string {
  return SERVICE_LABELS[code as ServiceCode] ?? code;
}

/** Short chip labels: the full ones wrap on a 360 px screen. */
export const SERVICE_SHORT_LABELS: Record<ServiceCode, string> = {
  VNEID: "VNeID",
  CHIP_ID: "Căn cước gắn chip",
  PUBLIC_SERVICES: "Dịch vụ công",
  CASHLESS: "Thanh toán số",
  ONLINE_SAFETY: "Chống lừa đảo",
  ECOMMERCE: "Bán hàng online",
  OTHER: "Khác",
};

/** Today in Vietnam as `YYYY-MM-DD`. */
export function todayInVietnam(offsetDays = 0): string {
  const shifted = new Date(Date.now() + 7 * 3_600_000 + offsetDays * 86_400_000);
  return shifted.toISOString().slice(0, 10);
}

/** The phone's local time as ISO 8601 with its offset, e.g. "2026-11-28T09:15:00+07:00". */
export function nowWithOffset(date = new Date()): string {
  const pad = (n: number) => String(Math.abs(n)).padStart(2, "0");
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
  );
}

const WEEKDAYS = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"] as const;

/**
 * What a date or date-time input holds, in words: "Thứ Sáu, 04/12/2026" (and " lúc 07:30" when it has a time).
 * Phones show the native picker's value in their own format (some as 12/04/2026, month first); this line under it
 * leaves no doubt. Empty for an empty or wrong value.
 */
export function describeInputDay(value: string): string {
  const [day = "", time = ""] = value.split("T");
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return "";
  const [, y, m, d] = match;
  const weekday = WEEKDAYS[new Date(Number(y), Number(m) - 1, Number(d)).getDay()];
  return `${weekday}, ${d}/${m}/${y}${/^\d{2}:\d{2}/.test(time) ? ` lúc ${time.slice(0, 5)}` : ""}`;
}
