import { z } from "zod";

/**
 * The weekly report the union's secretary sends: one workbook per Monday-to-Sunday week (local time), built by the
 * export worker like every export (`POST /api/exports/weekly-report` → `202` with the export; poll
 * `GET /api/exports/{id}`; open its signed `download.url`). An organisation admin gets every unit, a unit lead their
 * unit and its sub-units; `unitCode` narrows either to one part of the tree.
 *
 * Sheets: «Tổng hợp» (one row per unit in the tree's order, units merged into another counted under their
 * successor), «So với tuần trước», then the raw rows «Nhật ký hỗ trợ» and «Yêu cầu hỗ trợ».
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Ngày phải có dạng YYYY-MM-DD.");

/** True when `YYYY-MM-DD` is a real calendar day and a Monday. */
export function isMonday(value: string): boolean {
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return (
    date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && date.getUTCDay() === 1
  );
}

export const requestWeeklyReportBodySchema = z.object({
  /** The Monday the week starts on (local calendar day). */
  weekStart: isoDate.refine(isMonday, "Tuần phải bắt đầu từ thứ Hai."),
  unitCode: z.string().trim().min(1).max(64).optional(),
});
export type RequestWeeklyReportBody = z.input<typeof requestWeeklyReportBodySchema>;

export const WEEKLY_REPORT_SHEETS = {
  summary: "Tổng hợp",
  comparison: "So với tuần trước",
  logs: "Nhật ký hỗ trợ",
  requests: "Yêu cầu hỗ trợ",
} as const;

/** Columns of «Tổng hợp» before and after the one column per service («Người được hỗ trợ: <dịch vụ>»). */
export const WEEKLY_SUMMARY_HEADERS_BEFORE_SERVICES = [
  "Đơn vị",
  "Mã đơn vị",
  "Chỉ tiêu tuần (người)",
  "Người được hỗ trợ",
  "Đạt chỉ tiêu (%)",
  "Lượt hỗ trợ",
] as const;
export const WEEKLY_SUMMARY_HEADERS_AFTER_SERVICES = [
  "Yêu cầu hỗ trợ nhận được",
  "Yêu cầu đã có người nhận",
  "Yêu cầu đã hoàn thành",
  "Thời gian phản hồi trung vị (giờ)",
  "Người quan tâm OA mới",
  "Hướng dẫn đã hoàn thành",
] as const;
export const WEEKLY_SERVICE_HEADER_PREFIX = "Người được hỗ trợ: ";

/** «So với tuần trước»: each figure this week, last week and the change. */
export const WEEKLY_COMPARISON_FIGURES = [
  "Người được hỗ trợ",
  "Yêu cầu hỗ trợ nhận được",
  "Yêu cầu đã hoàn thành",
  "Người quan tâm OA mới",
  "Hướng dẫn đã hoàn thành",
] as const;

export const WEEKLY_REQUEST_HEADERS = [
  "Thời gian gửi",
  "Đơn vị",
  "Mã đơn vị",
  "Nội dung",
  "Trạng thái",
  "Thời gian nhận",
  "Thời gian hoàn thành",
  "Phản hồi sau (giờ)",
] as const;

/** The row of residents whose commune is not known yet (only in an organisation admin's report). */
export const UNKNOWN_UNIT_LABEL = "Chưa rõ xã/phường";
export const TOTAL_ROW_LABEL = "Tổng cộng";
