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

/** What can happen to a resident's help request, and why a member may close one. */
export const HELP_EVENT_KINDS = [
  "CREATED",
  "CLAIMED",
  "RELEASED",
  "HANDED_OVER",
  "MOVED",
  "CANCELLED",
  "DONE",
] as const;
export type HelpEventKind = (typeof HELP_EVENT_KINDS)[number];

/** Why a request closed; the last one is the resident's own doing, in the chat, never a member's choice. */
export const HELP_CANCEL_REASONS = ["NO_ANSWER", "ALREADY_SOLVED", "WRONG_UNIT", "RESIDENT_WITHDREW"] as const;
export type HelpCancelReason = (typeof HELP_CANCEL_REASONS)[number];
/** The reasons a member may give when closing a request in the mini-app. */
export const MEMBER_CANCEL_REASONS = [
  "NO_ANSWER",
  "ALREADY_SOLVED",
  "WRONG_UNIT",
] as const satisfies readonly HelpCancelReason[];
export type MemberCancelReason = (typeof MEMBER_CANCEL_REASONS)[number];

export const HELP_CANCEL_REASON_LABELS: Record<HelpCancelReason, string> = {
  NO_ANSWER: "Người dân không trả lời",
  ALREADY_SOLVED: "Người dân đã tự làm được",
  WRONG_UNIT: "Người dân ở xã/phường khác",
  RESIDENT_WITHDREW: "Người dân tự hủy yêu cầu",
};

export const HELP_EVENT_LABELS: Record<HelpEventKind, string> = {
  CREATED: "Người dân gửi yêu cầu",
  CLAIMED: "Nhận hỗ trợ",
  RELEASED: "Trả lại yêu cầu",
  HANDED_OVER: "Chuyển cho đoàn viên khác",
  MOVED: "Chuyển sang đơn vị khác",
  CANCELLED: "Đóng yêu cầu",
  DONE: "Hoàn thành",
};
