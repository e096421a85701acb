/**
 * The fixed code lists people pick from, with the Vietnamese words the mini-app and the exports show for them.
 * Zod-free on purpose: the mini-app's first screens import these, and zod (≈ 26 KB gzipped) would otherwise ride
 * in its initial JavaScript. The API schemas in `api/` build their enums from these lists.
 */
export { isServiceCode, SERVICE_CODES, SERVICE_LABELS, type ServiceCode } from "./services.ts";

/** How an assistance ended. */
export const OUTCOMES = ["DONE", "FOLLOW_UP", "REFERRED"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
  DONE: "Đã xong",
  FOLLOW_UP: "Cần hỗ trợ tiếp",
  REFERRED: "Chuyển Công an xã",
};

/** What the union publishes in the content feed. */
export const CONTENT_KINDS = ["GUIDE", "INFOGRAPHIC", "QR", "NOTICE"] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

export const CONTENT_KIND_LABELS: Readonly<Record<ContentKind, string>> = {
  GUIDE: "Hướng dẫn",
  INFOGRAPHIC: "Infographic",
  QR: "Mã QR cuộc thi",
  NOTICE: "Thông báo",
};

/** The columns of an assistance-log export (XLSX and CSV), in order; here so the export's build thread loads no zod. */
export const ASSISTANCE_LOG_EXPORT_HEADERS = [
  "Thời gian hỗ trợ",
  "Đơn vị",
  "Mã đơn vị",
  "Đoàn viên",
  "Thôn/xóm",
  "Dịch vụ",
  "Số người",
  "Số phút",
  "Kết quả",
  "Ghi chú",
  "Mã yêu cầu hỗ trợ",
  "Ngày ghi nhận",
  "Sự kiện",
] as const;
