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

/** Matches with or without diacritics ("hoang dao" finds "Hoằng Đạo"). */
export function foldVietnamese(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase();
}
