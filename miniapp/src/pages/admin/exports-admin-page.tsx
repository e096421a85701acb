import { useState } from "react";
import { Button } from "zmp-ui";
import { api } from "../../api/api.ts";
import { describeError } from "../../api/api-client.ts";
import { downloadExport } from "../../api/download.ts";
import { Field } from "../../components/form-controls.tsx";
import { todayInVietnam } from "../../components/format.ts";
import { Card, ErrorText, Screen } from "../../components/screen.tsx";
import { useResource } from "../../components/use-resource.ts";
import { useSession } from "../../session/session.tsx";

/** Weekly reports for Excel: assistance logs by date range and unit, as XLSX or CSV (Vietnamese headers). */
export function ExportsAdminPage() {
  const { member } = useSession();
  const units = useResource(() => api.units(), []);
  const [from, setFrom] = useState(todayInVietnam(-6));
  const [to, setTo] = useState(todayInVietnam());
  const [unitCode, setUnitCode] = useState(member?.role === "ORG_ADMIN" ? "" : (member?.unit?.code ?? ""));
  const [busy, setBusy] = useState<"xlsx" | "csv" | null>(null);
  const [error, setError] = useState<string | null>(null);

  const download = async (format: "xlsx" | "csv") => {
    setBusy(format);
    setError(null);
    try {
      await downloadExport(
        `/api/exports/assistance-logs.${format}`,
        { from, to, unitCode: unitCode || undefined },
        `ho-tro-${from}-den-${to}.${format}`,
      );
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Screen title="Xuất báo cáo" back testId="exports-admin-page">
      <Card>
        <div className="field-pair">
          <Field label="Từ ngày">
            <input className="text-input" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </Field>
          <Field label="Đến ngày">
            <input className="text-input" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </Field>
        </div>
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
        <div className="row-actions">
          <Button loading={busy === "xlsx"} onClick={() => download("xlsx")}>
            Tải Excel (.xlsx)
          </Button>
          <Button variant="secondary" loading={busy === "csv"} onClick={() => download("csv")}>
            Tải CSV
          </Button>
        </div>
      </Card>
    </Screen>
  );
}
