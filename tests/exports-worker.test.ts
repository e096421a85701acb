import { existsSync } from "node:fs";
import { ASSISTANCE_LOG_EXPORT_HEADERS, type ExportJob } from "@xks/shared/api/exports";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DownloadLinkSigner, EXPORT_LINK_TTL_MS } from "../bot/src/auth/download-link-signer.ts";
import { EXPORT_BATCH_ROWS } from "../bot/src/exports/write-export-file.ts";
import { purgeOldExports } from "../bot/src/jobs/cron.purge-exports.ts";
import { exportFilePath } from "../bot/src/services/exports-service.ts";
import { startWorkers, type WorkerRuntime } from "../bot/src/worker-runtime.ts";
import { type ApiKit, createApiTestKit, newAssistanceLog } from "./support/api-test-kit.ts";

/**
 * Exports end to end: the API records the request (202), the worker (in-process, on the same queue prefix and
 * database) streams the workbook to disk, the status hands out a signed link, and a plain GET of that link (no
 * Authorization header, as in Zalo's webview) streams the file back, read again here with exceljs.
 */
describe("exports built by the worker, downloaded by a signed link", () => {
  let kit: ApiKit;
  let worker: WorkerRuntime;
  beforeAll(async () => {
    kit = await createApiTestKit();
    worker = await startWorkers({ config: kit.t.config, queues: ["exports"], recurring: false });
  });
  afterAll(async () => {
    await worker.close();
    await kit.close();
  });

  async function waitForExport(role: "leadHere" | "admin" | "leadOther", id: string): Promise<ExportJob> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await kit.as(role, { method: "GET", url: `/api/exports/${id}` });
      expect(res.statusCode).toBe(200);
      const job = res.json() as ExportJob;
      if (job.status === "DONE" || job.status === "FAILED") return job;
      if (Date.now() > deadline) throw new Error(`export ${id} still ${job.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function workbookFrom(payload: Buffer): Promise<unknown[][]> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(payload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.name).toBe("Nhật ký hỗ trợ");
    const rows: unknown[][] = [];
    sheet?.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1));
    });
    return rows;
  }

  it("builds a lead's XLSX in the worker, scoped to their unit, with local times and Vietnamese labels", async () => {
    const happenedAt = new Date(Date.now() - 2 * 86_400_000);
    happenedAt.setUTCHours(1, 30, 0, 0); // 08:30 in Hà Nội
    const entry = newAssistanceLog({ happenedAt: happenedAt.toISOString(), hamlet: "Thôn Đông", note: "=1+1" });
    expect((await kit.as("member", { method: "POST", url: "/api/assistance-logs", payload: entry })).statusCode).toBe(
      201,
    );
    await kit.as("leadOther", {
      method: "POST",
      url: "/api/assistance-logs",
      payload: newAssistanceLog({ hamlet: "Thôn Cát" }),
    });
    // More than one keyset page, and a whole local day (the CSV test below exports 2025-01-01), written straight
    // to the table (the API refuses entries older than 60 days).
    const bulk = Math.max(EXPORT_BATCH_ROWS, 24 * 60) + 37;
    const member = kit.memberIds.member;
    // The first row was given at a registration day: the export names it.
    const registrationDay = await kit.prisma.registrationEvent.create({
      data: {
        title: "Ngày hội định danh mức 2",
        place: "Hội trường xã",
        startsAt: new Date(Date.UTC(2025, 0, 1, 0, 30)),
        endsAt: new Date(Date.UTC(2025, 0, 1, 4, 0)),
        capacity: 50,
        units: { create: [{ unitId: kit.units.dao }] },
      },
    });
    await kit.prisma.assistanceLog.createMany({
      data: Array.from({ length: bulk }, (_, i) => ({
        clientId: `bulk-${i}`,
        memberId: member,
        unitId: kit.units.daoSchool,
        happenedAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000),
        services: ["VNEID" as const],
        people: 1,
        minutes: 10,
        hamlet: `Thôn số ${i}`,
        outcome: "DONE" as const,
        eventId: i === 0 ? registrationDay.id : null,
      })),
    });

    const requested = await kit.as("leadHere", { method: "POST", url: "/api/exports", payload: { format: "xlsx" } });
    expect(requested.statusCode).toBe(202);
    const queued = requested.json() as ExportJob;
    expect(queued).toMatchObject({ status: "QUEUED", download: null, format: "xlsx" });

    const done = await waitForExport("leadHere", queued.id);
    expect(done.status).toBe("DONE");
    expect(done.rowsWritten).toBe(bulk + 1);
    expect(done.rowsTotal).toBe(bulk + 1);
    expect(done.download?.url).toMatch(new RegExp(`^/api/exports/${done.id}/file\\?`));
    const expiresIn = Date.parse(done.download?.expiresAt ?? "") - Date.now();
    expect(expiresIn).toBeGreaterThan(0);
    expect(expiresIn).toBeLessThanOrEqual(EXPORT_LINK_TTL_MS);

    // A plain GET: no Authorization header, as Zalo's webview or downloadFile would open it.
    const file = await kit.t.app.inject({ method: "GET", url: done.download?.url ?? "" });
    expect(file.statusCode).toBe(200);
    expect(file.headers["content-type"]).toContain("spreadsheetml");
    expect(file.headers["content-disposition"]).toMatch(/attachment; filename="nhat-ky-ho-tro.*\.xlsx"/);
    expect(Number(file.headers["content-length"])).toBe(done.bytes);

    const rows = await workbookFrom(file.rawPayload);
    expect(rows[0]).toEqual([...ASSISTANCE_LOG_EXPORT_HEADERS]);
    const data = rows.slice(1);
    expect(data).toHaveLength(bulk + 1);
    expect(data.every((r) => r[2] === "HOANG_DAO" || r[2] === "THCS_HOANG_DAO")).toBe(true);
    expect(data.some((r) => r[4] === "Thôn Cát")).toBe(false);
    // Oldest first: the bulk rows of 2025, then the recent one.
    expect(data[0]?.[0]).toBe("01/01/2025 07:00");
    expect(data[0]?.[4]).toBe("Thôn số 0");
    expect(data[0]?.[12]).toBe("Ngày hội định danh mức 2 (01/01/2025 07:30)");
    expect(data[1]?.[12] ?? "").toBe("");
    const mine = data.find((r) => r[4] === "Thôn Đông");
    const pad = (n: number) => String(n).padStart(2, "0");
    const local = new Date(happenedAt.getTime() + 7 * 3_600_000);
    expect(mine?.[0]).toBe(
      `${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} 08:30`,
    );
    expect(mine?.[5]).toBe("Định danh điện tử VNeID; Thanh toán không dùng tiền mặt");
    expect(mine?.[6]).toBe(2);
    expect(mine?.[8]).toBe("Đã xong");
    expect(mine?.[9]).toBe("=1+1"); // a string cell in XLSX, never a formula
  });

  it("writes CSV with a UTF-8 BOM and CRLF, defuses formulas, and keeps the date filter", async () => {
    const requested = await kit.as("admin", {
      method: "POST",
      url: "/api/exports",
      payload: { format: "csv", unitCode: "HOANG_DAO", from: "2025-01-01", to: "2025-01-01" },
    });
    expect(requested.statusCode).toBe(202);
    const done = await waitForExport("admin", (requested.json() as ExportJob).id);
    expect(done.fileName).toBe("nhat-ky-ho-tro_hoang_dao_2025-01-01_2025-01-01.csv");
    const file = await kit.t.app.inject({ method: "GET", url: done.download?.url ?? "" });
    expect(file.statusCode).toBe(200);
    expect(file.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect([...file.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = file.rawPayload.subarray(3).toString("utf8").split("\r\n");
    expect(lines[0]).toBe(ASSISTANCE_LOG_EXPORT_HEADERS.join(","));
    // 2025-01-01 local: the bulk rows from 07:00 to 23:59 local (1,020 minutes), nothing else.
    expect(lines.filter(Boolean)).toHaveLength(1 + 17 * 60);
    expect(lines.every((l) => !l.includes("Thôn Cát"))).toBe(true);

    const formula = await kit.as("member", {
      method: "POST",
      url: "/api/assistance-logs",
      payload: newAssistanceLog({ note: '=HYPERLINK("x")' }),
    });
    expect(formula.statusCode).toBe(201);
    const recent = await kit.as("admin", {
      method: "POST",
      url: "/api/exports",
      payload: { format: "csv", unitCode: "HOANG_DAO", from: new Date().toISOString().slice(0, 10) },
    });
    const csv = await waitForExport("admin", (recent.json() as ExportJob).id);
    const text = (await kit.t.app.inject({ method: "GET", url: csv.download?.url ?? "" })).body;
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it("refuses a forged, altered or expired link with 403 and a code", async () => {
    const requested = await kit.as("leadHere", { method: "POST", url: "/api/exports", payload: { format: "csv" } });
    const done = await waitForExport("leadHere", (requested.json() as ExportJob).id);
    const url = new URL(done.download?.url ?? "", "http://x");
    const at = (change: (q: URLSearchParams) => void) => {
      const q = new URLSearchParams(url.search);
      change(q);
      return `${url.pathname}?${q}`;
    };

    const forged = await kit.t.app.inject({
      method: "GET",
      url: at((q) => q.set("sig", "A".repeat(43))),
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe("EXPORT_LINK_INVALID");

    // Stretching the expiry invalidates the signature.
    const stretched = await kit.t.app.inject({
      method: "GET",
      url: at((q) => q.set("exp", String(Number(q.get("exp")) + 3_600_000))),
    });
    expect(stretched.statusCode).toBe(403);
    expect(stretched.json().code).toBe("EXPORT_LINK_INVALID");

    // Another member's id in place of the requester's: invalid too.
    const swapped = await kit.t.app.inject({ method: "GET", url: at((q) => q.set("m", kit.memberIds.leadOther)) });
    expect(swapped.statusCode).toBe(403);
    expect(swapped.json().code).toBe("EXPORT_LINK_INVALID");

    // A link signed correctly but in the past.
    const signer = new DownloadLinkSigner(kit.t.config.SESSION_SECRET);
    const old = signer.sign(
      { kind: "export", exportId: done.id },
      kit.memberIds.leadHere,
      new Date(Date.now() - EXPORT_LINK_TTL_MS - 1_000),
    );
    const expired = await kit.t.app.inject({ method: "GET", url: old.url });
    expect(expired.statusCode).toBe(403);
    expect(expired.json().code).toBe("EXPORT_LINK_EXPIRED");

    const missing = await kit.t.app.inject({ method: "GET", url: url.pathname });
    expect(missing.statusCode).toBe(400);
  });

  it("does not let a lead of another unit see or download a lead's export, nor export that unit", async () => {
    const requested = await kit.as("leadHere", { method: "POST", url: "/api/exports", payload: { format: "xlsx" } });
    const done = await waitForExport("leadHere", (requested.json() as ExportJob).id);

    const status = await kit.as("leadOther", { method: "GET", url: `/api/exports/${done.id}` });
    expect(status.statusCode).toBe(404);
    expect(status.json().code).toBe("EXPORT_NOT_FOUND");

    // Even a correctly signed link naming the other lead is refused: the export is not theirs.
    const signer = new DownloadLinkSigner(kit.t.config.SESSION_SECRET);
    const theirs = signer.sign({ kind: "export", exportId: done.id }, kit.memberIds.leadOther);
    const download = await kit.t.app.inject({ method: "GET", url: theirs.url });
    expect(download.statusCode).toBe(404);
    expect(download.json().code).toBe("EXPORT_NOT_FOUND");

    const other = await kit.as("leadOther", {
      method: "POST",
      url: "/api/exports",
      payload: { format: "xlsx", unitCode: "HOANG_DAO" },
    });
    expect(other.statusCode).toBe(403);
    const bad = await kit.as("admin", { method: "POST", url: "/api/exports", payload: { format: "pdf" } });
    expect(bad.statusCode).toBe(400);
    const badRange = await kit.as("admin", {
      method: "POST",
      url: "/api/exports",
      payload: { format: "csv", from: "2026-02-01", to: "2026-01-01" },
    });
    expect(badRange.statusCode).toBe(400);
    expect(badRange.json().code).toBe("INVALID_DATE_RANGE");
  });

  it("stops a removed lead's finished export from downloading", async () => {
    const requested = await kit.as("leadOther", { method: "POST", url: "/api/exports", payload: { format: "csv" } });
    const done = await waitForExport("leadOther", (requested.json() as ExportJob).id);
    await kit.prisma.member.update({ where: { id: kit.memberIds.leadOther }, data: { status: "REMOVED" } });
    try {
      const res = await kit.t.app.inject({ method: "GET", url: done.download?.url ?? "" });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe("EXPORT_FORBIDDEN");
    } finally {
      await kit.prisma.member.update({ where: { id: kit.memberIds.leadOther }, data: { status: "ACTIVE" } });
    }
  });

  it("deletes exports past their retention, files first, and re-queues a request whose job was lost", async () => {
    const requested = await kit.as("admin", { method: "POST", url: "/api/exports", payload: { format: "csv" } });
    const done = await waitForExport("admin", (requested.json() as ExportJob).id);
    const path = exportFilePath(kit.t.config.EXPORTS_DIR, { id: done.id, format: "csv" });
    expect(existsSync(path)).toBe(true);
    await kit.prisma.exportJob.update({
      where: { id: done.id },
      data: { createdAt: new Date(Date.now() - 2 * 86_400_000) },
    });
    // A request recorded while Redis was away: a row with no job.
    const lost = await kit.prisma.exportJob.create({
      data: {
        requestedById: kit.memberIds.admin,
        format: "csv",
        filter: { from: null, to: null, unitCode: "HOANG_CAT", mine: false },
        fileName: "nhat-ky-ho-tro_hoang_cat.csv",
        createdAt: new Date(Date.now() - 10 * 60_000),
      },
    });
    const result = await purgeOldExports(worker.ctx);
    expect(result).toEqual({ purged: 1, requeued: 1 });
    expect(existsSync(path)).toBe(false);
    expect(await kit.prisma.exportJob.findUnique({ where: { id: done.id } })).toBeNull();
    const rebuilt = await waitForExport("admin", lost.id);
    expect(rebuilt.status).toBe("DONE");
  });
});
