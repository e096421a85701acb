/**
 * The services residents are helped with: the six checklists plus "other". Shared by the chatbot (each checklist
 * names its service), the mini-app's assistance log and the weekly reports. The codes match Prisma's `ServiceCode`.
 */
export const SERVICE_CODES = [
  "VNEID",
  "CHIP_ID",
  "PUBLIC_SERVICES",
  "CASHLESS",
  "ONLINE_SAFETY",
  "ECOMMERCE",
  "OTHER",
] as const;

export type ServiceCode = (typeof SERVICE_CODES)[number];

/** The words members and the weekly reports see (mini-app chips and lists, XLSX/CSV exports). */
export const SERVICE_LABELS: Readonly<Record<ServiceCode, string>> = {
  VNEID: "Định danh điện tử VNeID",
  CHIP_ID: "Căn cước gắn chip",
  PUBLIC_SERVICES: "Dịch vụ công trực tuyến",
  CASHLESS: "Thanh toán không dùng tiền mặt",
  ONLINE_SAFETY: "An toàn thông tin, phòng chống lừa đảo",
  ECOMMERCE: "Thương mại điện tử",
  OTHER: "Khác",
};

export function isServiceCode(value: string): value is ServiceCode {
  return (SERVICE_CODES as readonly string[]).includes(value);
}
