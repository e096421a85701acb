import type { BroadcastAudience, BroadcastStatus } from "@xks/shared/api/broadcasts";
import type { Unit } from "@xks/shared/api/units";
import { findChecklist } from "@xks/shared/checklists/index";

/** What a union secretary reads for each state of a notice. */
export const BROADCAST_STATUS_LABELS: Record<BroadcastStatus, string> = {
  scheduled: "Đã lên lịch",
  sending: "Đang gửi",
  done: "Đã xong",
  cancelled: "Đã hủy",
};

/** Still moving: the status screen keeps polling and offers "Hủy gửi". */
export function isBroadcastOpen(status: BroadcastStatus): boolean {
  return status === "scheduled" || status === "sending";
}

/** "Người dân · Xã Hoằng Đạo, Xã Hoằng Cát": units by the names people know, never by code. */
export function describeAudience(audience: BroadcastAudience, units: readonly Unit[] | null): string {
  const checklist = audience.unfinishedChecklist ? findChecklist(audience.unfinishedChecklist) : undefined;
  const who =
    audience.kind === "residents"
      ? audience.unfinishedChecklist
        ? `Người dân chưa xong “${checklist?.title ?? "hướng dẫn"}”`
        : "Người dân"
      : "Đoàn viên";
  const codes = audience.unitCodes ?? [];
  if (codes.length === 0) return `${who} · tất cả xã/phường`;
  if (!units) return `${who} · ${codes.length} xã/phường`;
  const names = codes.map((code) => units.find((u) => u.code === code)?.name ?? code);
  const shown = names.length > 3 ? `${names.slice(0, 3).join(", ")} và ${names.length - 3} nơi khác` : names.join(", ");
  return `${who} · ${shown}`;
}
