import type { RequestWeeklyReportBody } from "@xks/shared/api/weekly-report";
import type { MemberWithUnit } from "../auth/request-auth.ts";
import { unitScopeOf } from "../auth/unit-scope.ts";
import type { PrismaClient } from "../db.ts";
import type { ExportJob } from "../generated/prisma/client.ts";
import { enqueueExportBuild, type Queues } from "../queues/queues.ts";
import { writeAuditLog } from "../services/audit-log.ts";
import type { WeeklyReportFilter } from "./build-weekly-report.ts";

/** `ExportJob.kind` of the weekly report (the assistance-log export is `assistance-logs`). */
export const WEEKLY_REPORT_KIND = "weekly-report";

/** `bao-cao-tuan_2026-11-23.xlsx` (`_hoang_dao` when narrowed): ASCII only, like every export's name. */
export function weeklyReportFileName(filter: WeeklyReportFilter): string {
  return `${["bao-cao-tuan", filter.weekStart, filter.unitCode?.toLowerCase()].filter(Boolean).join("_")}.xlsx`;
}

export function readWeeklyReportFilter(stored: unknown): WeeklyReportFilter {
  const f = (stored ?? {}) as Partial<WeeklyReportFilter>;
  return { weekStart: String(f.weekStart ?? ""), ...(f.unitCode ? { unitCode: f.unitCode } : {}) };
}

/**
 * Records the request of a weekly report and queues its build. The unit is checked against the requester's scope
 * now (403/404 at once rather than a failed job), and again by the worker.
 */
export async function requestWeeklyReport(
  deps: { prisma: PrismaClient; queues: Queues },
  actor: MemberWithUnit,
  body: RequestWeeklyReportBody,
): Promise<ExportJob> {
  const filter: WeeklyReportFilter = {
    weekStart: body.weekStart,
    ...(body.unitCode ? { unitCode: body.unitCode } : {}),
  };
  if (filter.unitCode) await unitScopeOf(deps.prisma, actor, filter.unitCode);
  const row = await deps.prisma.exportJob.create({
    data: {
      requestedById: actor.id,
      kind: WEEKLY_REPORT_KIND,
      format: "xlsx",
      filter: { ...filter },
      fileName: weeklyReportFileName(filter),
    },
  });
  await writeAuditLog(deps.prisma, {
    actorId: actor.id,
    action: "export.weekly-report",
    targetType: "ExportJob",
    targetId: row.id,
    details: { ...filter },
  });
  await enqueueExportBuild(deps.queues, row.id);
  return row;
}
