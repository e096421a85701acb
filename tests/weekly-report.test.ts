import { SERVICE_CODES, SERVICE_LABELS } from "@xks/shared/api/common";
import type { ExportJob } from "@xks/shared/api/exports";
import {
  TOTAL_ROW_LABEL,
  WEEKLY_REPORT_SHEETS,
  WEEKLY_SERVICE_HEADER_PREFIX,
  WEEKLY_SUMMARY_HEADERS_AFTER_SERVICES,
  WEEKLY_SUMMARY_HEADERS_BEFORE_SERVICES,
} from "@xks/shared/api/weekly-report";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorkers, type WorkerRuntime } from "../bot/src/worker-runtime.ts";
import { type ApiKit, createApiTestKit } from "./support/api-test-kit.ts";

/**
 * The weekly report end to end: the API records the request, the worker builds the workbook, the signed link
 * streams it, and exceljs reads it back here. Seeded in the week of Monday 23/11/2026 (local time, UTC+7) and the
 * week before, with a unit merged into HOANG_DAO (its logs and requests count under HOANG_DAO), a sub-unit, another
 * commune, and instants on both sides of the local week's edges.
 */
const WEEK = "2026-11-23";
const HOUR = 3_600_000;

let kit: ApiKit;
let worker: WorkerRuntime;

beforeAll(async () => {
  kit = await createApiTestKit();
  worker = await startWorkers({ config: kit.t.config, queues: ["exports"], recurring: false });
  const p = kit.prisma;
  const old = await p.unit.create({
    data: {
      code: "HOANG_DAO_CU",
      name: "Xã Hoằng Đạo (cũ)",
      kind: "COMMUNE",
      parentId: kit.units.root,
      mergedIntoId: kit.units.dao,
      mergedAt: new Date("2025-07-01T00:00:00Z"),
    },
  });
  const member = kit.memberIds.member;
  let n = 0;
  const log = (unitId: string, at: string, people: number, services: (typeof SERVICE_CODES)[number][]) =>
    p.assistanceLog.create({
      data: {
        clientId: `weekly-${++n}`,
        memberId: member,
        unitId,
        happenedAt: new Date(at),
        services,
        people,
        minutes: 20,
        hamlet: "Thôn Đông",
        outcome: "DONE",
      },
    });
  // This week in HOANG_DAO: 3 + 2 + 1, and 4 in the merged unit → 10 people, 6 of them for VNeID.
  await log(kit.units.dao, "2026-11-24T02:00:00Z", 3, ["VNEID"]);
  await log(kit.units.dao, "2026-11-29T16:30:00Z", 2, ["VNEID", "CASHLESS"]); // Sunday 23:30 local
  await log(kit.units.dao, "2026-11-22T23:30:00Z", 1, ["VNEID"]); // Monday 06:30 local (Sunday in UTC)
  await log(old.id, "2026-11-25T03:00:00Z", 4, ["PUBLIC_SERVICES"]);
  await log(kit.units.dao, "2026-11-29T17:30:00Z", 9, ["VNEID"]); // next Monday 00:30 local: not this week
  await log(kit.units.daoSchool, "2026-11-26T03:00:00Z", 5, ["ONLINE_SAFETY"]);
  await log(kit.units.cat, "2026-11-26T03:00:00Z", 7, ["CHIP_ID"]);
  await log(kit.units.dao, "2026-11-17T03:00:00Z", 6, ["VNEID"]); // the week before

  const request = (unitId: string, createdAt: string, claimAfterH: number | null, doneAfterH: number | null) => {
    const created = new Date(createdAt);
    return p.helpRequest.create({
      data: {
        unitId,
        topic: "Cài VNeID mức 2",
        preferredTime: "Sáng thứ Bảy",
        createdAt: created,
        status: doneAfterH !== null ? "DONE" : claimAfterH !== null ? "CLAIMED" : "OPEN",
        ...(claimAfterH !== null ? { claimedAt: new Date(created.getTime() + claimAfterH * HOUR) } : {}),
        ...(doneAfterH !== null ? { doneAt: new Date(created.getTime() + doneAfterH * HOUR) } : {}),
      },
    });
  };
  // Response times 2 h, 4 h, 6 h → median 4 h; one done this week.
  await request(kit.units.dao, "2026-11-24T01:00:00Z", 2, 24);
  await request(kit.units.dao, "2026-11-25T01:00:00Z", 4, null);
  await request(old.id, "2026-11-26T01:00:00Z", 6, null);
  await request(kit.units.dao, "2026-11-18T01:00:00Z", null, null); // last week, never claimed

  for (const [i, at] of ["2026-11-24T05:00:00Z", "2026-11-27T05:00:00Z", "2026-11-19T05:00:00Z"].entries()) {
    const resident = await p.resident.create({ data: { oaUserId: `weekly-follower-${i}`, unitId: kit.units.dao } });
    await p.inboundEvent.create({
      data: {
        dedupKey: `weekly-follow-${i}`,
        eventName: "follow",
        oaUserId: resident.oaUserId,
        payload: {},
        status: "PROCESSED",
        receivedAt: new Date(at),
      },
    });
    if (i === 0) {
      await p.checklistProgress.create({
        data: {
          residentId: resident.id,
          checklistId: "vneid",
          checklistVersion: 1,
          stepId: "done",
          status: "DONE",
          completedAt: new Date("2026-11-26T05:00:00Z"),
        },
      });
    }
  }
});

afterAll(async () => {
  await worker.close();
  await kit.close();
});

async function buildReport(role: "admin" | "leadHere", body: Record<string, unknown>): Promise<ExcelJS.Workbook> {
  const requested = await kit.as(role, { method: "POST", url: "/api/exports/weekly-report", payload: body });
  expect(requested.statusCode).toBe(202);
  const { id } = requested.json() as ExportJob;
  const deadline = Date.now() + 30_000;
  let job: ExportJob;
  for (;;) {
    job = (await kit.as(role, { method: "GET", url: `/api/exports/${id}` })).json() as ExportJob;
    if (job.status === "DONE" || job.status === "FAILED") break;
    if (Date.now() > deadline) throw new Error(`weekly report still ${job.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(job.error).toBeNull();
  expect(job.fileName).toBe(`bao-cao-tuan_${WEEK}.xlsx`);
  const file = await kit.t.app.inject({ method: "GET", url: job.download?.url ?? "" });
  expect(file.statusCode).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
  return workbook;
}

function rowsOf(workbook: ExcelJS.Workbook, name: string): unknown[][] {
  const sheet = workbook.getWorksheet(name);
  expect(sheet, name).toBeDefined();
  const rows: unknown[][] = [];
  sheet?.eachRow({ includeEmpty: true }, (row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

/** The summary as objects by header, keyed by unit code (the total row under its label). */
function table(rows: unknown[][], headerRow: number): Map<string, Record<string, unknown>> {
  const headers = rows[headerRow - 1] as string[];
  const result = new Map<string, Record<string, unknown>>();
  for (const row of rows.slice(headerRow)) {
    const record = Object.fromEntries(headers.map((h, i) => [h, row[i] ?? null]));
    result.set((record["Mã đơn vị"] as string | null) || String(record["Đơn vị"]), record);
  }
  return result;
}

describe("the weekly report", () => {
  it("gives the admin every unit in the tree's order, merged units under their successor, local weeks", async () => {
    const workbook = await buildReport("admin", { weekStart: WEEK });
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      WEEKLY_REPORT_SHEETS.summary,
      WEEKLY_REPORT_SHEETS.comparison,
      WEEKLY_REPORT_SHEETS.logs,
      WEEKLY_REPORT_SHEETS.requests,
    ]);
    const summary = rowsOf(workbook, WEEKLY_REPORT_SHEETS.summary);
    expect(String(summary[0]?.[0])).toBe("Báo cáo tuần 23/11/2026 – 29/11/2026");
    expect(summary[3]).toEqual([
      ...WEEKLY_SUMMARY_HEADERS_BEFORE_SERVICES,
      ...SERVICE_CODES.map((c) => `${WEEKLY_SERVICE_HEADER_PREFIX}${SERVICE_LABELS[c]}`),
      ...WEEKLY_SUMMARY_HEADERS_AFTER_SERVICES,
    ]);
    const byUnit = table(summary, 4);
    const codes = [...byUnit.keys()];
    expect(codes[0]).toBe("HOANG_HOA");
    expect(codes.indexOf("THCS_HOANG_DAO")).toBe(codes.indexOf("HOANG_DAO") + 1);
    expect(codes).toContain("HOANG_CAT");
    expect(codes).not.toContain("HOANG_DAO_CU");
    expect(codes.at(-1)).toBe(TOTAL_ROW_LABEL);

    const dao = byUnit.get("HOANG_DAO");
    expect(dao).toMatchObject({
      "Chỉ tiêu tuần (người)": 40,
      "Người được hỗ trợ": 10,
      "Đạt chỉ tiêu (%)": 25,
      "Lượt hỗ trợ": 4,
      [`${WEEKLY_SERVICE_HEADER_PREFIX}${SERVICE_LABELS.VNEID}`]: 6,
      [`${WEEKLY_SERVICE_HEADER_PREFIX}${SERVICE_LABELS.PUBLIC_SERVICES}`]: 4,
      [`${WEEKLY_SERVICE_HEADER_PREFIX}${SERVICE_LABELS.CASHLESS}`]: 2,
      "Yêu cầu hỗ trợ nhận được": 3,
      "Yêu cầu đã có người nhận": 3,
      "Yêu cầu đã hoàn thành": 1,
      "Thời gian phản hồi trung vị (giờ)": 4,
      "Người quan tâm OA mới": 2,
      "Hướng dẫn đã hoàn thành": 1,
    });
    expect(byUnit.get("HOANG_CAT")).toMatchObject({ "Người được hỗ trợ": 7, "Đạt chỉ tiêu (%)": 23.3 });
    expect(byUnit.get("THCS_HOANG_DAO")).toMatchObject({ "Người được hỗ trợ": 5 });
    expect(byUnit.get(TOTAL_ROW_LABEL)).toMatchObject({ "Người được hỗ trợ": 22, "Yêu cầu hỗ trợ nhận được": 3 });

    const comparison = table(rowsOf(workbook, WEEKLY_REPORT_SHEETS.comparison), 4);
    expect(comparison.get("HOANG_DAO")).toMatchObject({
      "Người được hỗ trợ (tuần này)": 10,
      "Người được hỗ trợ (tuần trước)": 6,
      "Người được hỗ trợ (chênh lệch)": 4,
      "Yêu cầu hỗ trợ nhận được (tuần trước)": 1,
      "Người quan tâm OA mới (tuần trước)": 1,
    });

    const logs = rowsOf(workbook, WEEKLY_REPORT_SHEETS.logs);
    expect(logs.length - 1).toBe(6);
    expect(logs.map((r) => r[0])).toContain("23/11/2026 06:30");
    expect(logs.map((r) => r[0])).not.toContain("30/11/2026 00:30");
    expect(rowsOf(workbook, WEEKLY_REPORT_SHEETS.requests).length - 1).toBe(3);
  });

  it("gives a unit lead only their unit and its sub-units, their merged predecessor included", async () => {
    const workbook = await buildReport("leadHere", { weekStart: WEEK });
    const byUnit = table(rowsOf(workbook, WEEKLY_REPORT_SHEETS.summary), 4);
    expect([...byUnit.keys()]).toEqual(["HOANG_DAO", "THCS_HOANG_DAO", TOTAL_ROW_LABEL]);
    expect(byUnit.get("HOANG_DAO")).toMatchObject({ "Người được hỗ trợ": 10, "Yêu cầu hỗ trợ nhận được": 3 });
    expect(byUnit.get(TOTAL_ROW_LABEL)).toMatchObject({ "Người được hỗ trợ": 15, "Chỉ tiêu tuần (người)": 40 });
    const logs = rowsOf(workbook, WEEKLY_REPORT_SHEETS.logs);
    expect(logs.length - 1).toBe(5);
    expect(logs.slice(1).some((r) => r[2] === "HOANG_CAT")).toBe(false);
  });

  it("refuses another unit for a lead, a day that is not a Monday, and a unit that does not exist", async () => {
    const other = await kit.as("leadHere", {
      method: "POST",
      url: "/api/exports/weekly-report",
      payload: { weekStart: WEEK, unitCode: "HOANG_CAT" },
    });
    expect(other.statusCode).toBe(403);
    const tuesday = await kit.as("admin", {
      method: "POST",
      url: "/api/exports/weekly-report",
      payload: { weekStart: "2026-11-24" },
    });
    expect(tuesday.statusCode).toBe(400);
    expect(JSON.stringify(tuesday.json())).toContain("thứ Hai");
    const missing = await kit.as("admin", {
      method: "POST",
      url: "/api/exports/weekly-report",
      payload: { weekStart: WEEK, unitCode: "NOWHERE" },
    });
    expect(missing.statusCode).toBe(404);
  });
});
