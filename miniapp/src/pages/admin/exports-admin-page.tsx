import type { ExportFormat, ExportJob } from "@xks/shared/api/exports";
import { useEffect, useState } from "react";
import { Button } from "zmp-ui";
import { api } from "../../api/api.ts";
import { apiUrl, describeError } from "../../api/api-client.ts";
import { Field } from "../../components/form-controls.tsx";
import { formatNumber, todayInVietnam } from "../../components/format.ts";
import { Card, ErrorText, Screen } from "../../components/screen.tsx";
import { useResource } from "../../components/use-resource.ts";
import { openDownload } from "../../platform/zalo-platform.ts";
import { useSession } from "../../session/session.tsx";

/** How often the status is asked while the worker builds the file. */
const POLL_MS = 1_500;

const STATUS_TEXT: Record<ExportJob["status"], string> = {
  QUEUED: "Đang chờ tạo báo cáo…",
  RUNNING: "Đang tạo báo cáo…",
  DONE: "Báo cáo đã sẵn sàng.",
  FAILED: "Không tạo được báo cáo.",
};

/** Weeks offered in the weekly report's picker: this one and the ones before. */
const WEEKS_OFFERED = 12;

/** Mondays (local calendar days, newest first) of this week in Vietnam and the WEEKS_OFFERED - 1 before it. */
function recentWeekStarts(): string[] {
  const today = todayInVietnam();
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  const sinceMonday = (weekday + 6) % 7;
  return Array.from({ length: WEEKS_OFFERED }, (_, i) => todayInVietnam(-sinceMonday - 7 * i));
}

/** "23/11 – 29/11/2026" for the Monday "2026-11-23". */
function weekLabel(monday: string): string {
  const start = new Date(`${monday}T00:00:00Z`);
  const end = new Date(start.getTime() + 6 * 86_400_000);
  const day = (d: Date) => `${String(d.getUTCDate()).padStart(2, "0")}/${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
  return `${day(start)} – ${day(end)}/${end.getUTCFullYear()}`;
}

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1048576).toFixed(1)} MB`;
}

/**
 * Reports for Excel: the weekly report (one workbook per week: summary per unit, comparison with the week before, raw
 * rows), and assistance logs by date range and unit, as XLSX or CSV (Vietnamese headers). The server
 * queues the report, the worker builds it (any size), this screen shows its progress, then a download that opens a
 * short-lived signed link (fetched fresh at each tap, so a link left on screen never expires under the finger).
 */
export function ExportsAdminPage() {
  const { member } = useSession();
  const units = useResource(() => api.units(), []);
  const [from, setFrom] = useState(todayInVietnam(-6));
  const [to, setTo] = useState(todayInVietnam());
  const [unitCode, setUnitCode] = useState(member?.role === "ORG_ADMIN" ? "" : (member?.unit?.code ?? ""));
  const weeks = recentWeekStarts();
  // Last week by default: the secretary sends the report once the week is over.
  const [weekStart, setWeekStart] = useState(weeks[1] ?? weeks[0] ?? "");
  const [requesting, setRequesting] = useState<ExportFormat | "weekly" | null>(null);
  const [job, setJob] = useState<ExportJob | null>(null);
  const [downloading, setDownloading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const building = job !== null && (job.status === "QUEUED" || job.status === "RUNNING");
  const jobId = job?.id;
  useEffect(() => {
    if (!building || !jobId) return;
    let stopped = false;
    const timer = window.setInterval(() => {
      api
        .exportStatus(jobId)
        .then((latest) => {
          if (!stopped) setJob(latest);
        })
        // A weak network: keep the last progress on screen and ask again at the next tick.
        .catch(() => undefined);
    }, POLL_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [building, jobId]);

  const request = async (format: ExportFormat) => {
    setRequesting(format);
    setError(null);
    try {
      setJob(await api.requestExport({ format, from, to, ...(unitCode ? { unitCode } : {}) }));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setRequesting(null);
    }
  };

  const requestWeekly = async () => {
    setRequesting("weekly");
    setError(null);
    try {
      setJob(await api.requestWeeklyReport({ weekStart, ...(unitCode ? { unitCode } : {}) }));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setRequesting(null);
    }
  };

  const download = async () => {
    if (!job) return;
    setDownloading(true);
    setError(null);
    try {
      const fresh = await api.exportStatus(job.id);
      setJob(fresh);
      if (fresh.download) await openDownload(apiUrl(fresh.download.url));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setDownloading(false);
    }
  };

  const percent =
    job?.status === "DONE"
      ? 100
      : job?.rowsTotal
        ? Math.min(100, Math.round((job.rowsWritten / job.rowsTotal) * 100))
        : 0;

  return (
    <Screen title="Xuất báo cáo" back testId="exports-admin-page">
      <Card>
        <Field label="Đơn vị" hint="Gồm cả các đơn vị trực thuộc.">
          <select
            className="native-select"
            value={unitCode}
            onChange={(e) => setUnitCode(e.target.value)}
            aria-label="Đơn vị"
          >
            {member?.role === "ORG_ADMIN" ? <option value="">Toàn tổ chức</option> : null}
            {(units.data?.items ?? []).map((u) => (
              <option key={u.code} value={u.code}>
                {"\u00a0\u00a0".repeat(u.depth)}
                {u.name}
              </option>
            ))}
          </select>
        </Field>
        <ErrorText>{error}</ErrorText>
      </Card>
      <Card title="Báo cáo tuần">
        <p className="muted">
          Tổng hợp theo đơn vị (người được hỗ trợ so với chỉ tiêu, yêu cầu hỗ trợ, người quan tâm OA mới), so sánh với
          tuần trước và số liệu chi tiết, trong một tệp Excel.
        </p>
        <Field label="Tuần">
          <select
            className="native-select"
            value={weekStart}
            onChange={(e) => setWeekStart(e.target.value)}
            aria-label="Tuần"
            data-testid="weekly-report-week"
          >
            {weeks.map((monday, i) => (
              <option key={monday} value={monday}>
                {weekLabel(monday)}
                {i === 0 ? " (tuần này)" : i === 1 ? " (tuần trước)" : ""}
              </option>
            ))}
          </select>
        </Field>
        <div className="row-actions">
          <Button loading={requesting === "weekly"} disabled={building} onClick={() => void requestWeekly()}>
            Tạo báo cáo tuần (.xlsx)
          </Button>
        </div>
      </Card>
      <Card title="Nhật ký hỗ trợ theo khoảng ngày">
        <div className="field-pair">
          <Field label="Từ ngày">
            <input className="text-input" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </Field>
          <Field label="Đến ngày">
            <input className="text-input" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </Field>
        </div>
        <div className="row-actions">
          <Button loading={requesting === "xlsx"} disabled={building} onClick={() => request("xlsx")}>
            Tạo báo cáo Excel (.xlsx)
          </Button>
          <Button variant="secondary" loading={requesting === "csv"} disabled={building} onClick={() => request("csv")}>
            Tạo báo cáo CSV
          </Button>
        </div>
      </Card>
      {job ? (
        <Card title={job.fileName}>
          <div data-testid="export-status" data-status={job.status}>
            <p>{STATUS_TEXT[job.status]}</p>
            {job.status === "FAILED" ? <ErrorText>{job.error}</ErrorText> : null}
            {job.status !== "FAILED" ? (
              <div
                className="progress"
                role="progressbar"
                aria-valuenow={percent}
                aria-valuemin={0}
                aria-valuemax={100}
              >
                <span className="progress-fill" style={{ width: `${percent}%` }} />
                <span className="progress-text">
                  {job.rowsTotal === null
                    ? "…"
                    : `${formatNumber(job.rowsWritten)} / ${formatNumber(job.rowsTotal)} dòng`}
                </span>
              </div>
            ) : null}
            {job.status === "DONE" ? (
              <div className="row-actions">
                <Button loading={downloading} onClick={() => void download()}>
                  Tải về{job.bytes ? ` (${formatBytes(job.bytes)})` : ""}
                </Button>
              </div>
            ) : null}
          </div>
        </Card>
      ) : null}
    </Screen>
  );
}
