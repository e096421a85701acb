import { assistanceLogFilterSchema } from "./assistance-logs.ts";

/**
 * `GET /api/exports/assistance-logs.xlsx` and `GET /api/exports/assistance-logs.csv` take the same filters as
 * `GET /api/assistance-logs` (no paging) and are scoped the same way. Vietnamese headers, times in
 * Asia/Ho_Chi_Minh; the CSV is UTF-8 with a BOM so Excel shows the diacritics. The mini-app downloads them with
 * `Authorization` and saves or shares the blob.
 */
export const exportAssistanceLogsQuerySchema = assistanceLogFilterSchema;

/** More rows than this: narrow the date range (400 EXPORT_TOO_LARGE). */
export const EXPORT_MAX_ROWS = 50_000;

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
] as const;
