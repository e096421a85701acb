import type { Unit } from "@xks/shared/api/units";
import { useState } from "react";
import { Button } from "zmp-ui";
import { api } from "../../api/api.ts";
import { ApiRequestError, describeError } from "../../api/api-client.ts";
import { FilePicker } from "../../components/form-controls.tsx";
import { Card, ErrorText, ResourceStatus, Screen } from "../../components/screen.tsx";
import { useToast } from "../../components/toast.tsx";
import { useResource } from "../../components/use-resource.ts";
import { UnitChangesCard } from "./unit-changes-card.tsx";

/** Import the unit tree from CSV (as exported from Excel), merge, rename, re-parent or retire units, set targets. */
export function UnitsAdminPage() {
  const toast = useToast();
  const units = useResource(() => api.units("all"), []);
  const [csv, setCsv] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const importCsv = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.importUnits(csv);
      toast.show(
        `Đã nhập: ${result.created} đơn vị mới, ${result.updated} cập nhật, ${result.merged} sáp nhập, ${result.retired} giải thể.`,
        "success",
      );
      setCsv("");
      void units.reload();
    } catch (err) {
      const lines =
        err instanceof ApiRequestError && Array.isArray(err.details)
          ? (err.details as { line?: number; message?: string }[])
              .slice(0, 5)
              .map((d) => `Dòng ${d.line}: ${d.message}`)
              .join("; ")
          : "";
      setError(`${describeError(err)} ${lines}`.trim());
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen title="Đơn vị và chỉ tiêu" back testId="units-admin-page">
      <Card title="Nhập từ tệp CSV">
        <p className="muted">
          Cột: code, name, kind, parent_code, target_people_per_week, merged_into (mã đơn vị được sáp nhập vào), retired
          (1 = đã giải thể). Đơn vị đã có sẽ được cập nhật; tệp có lỗi thì không có gì thay đổi.
        </p>
        <FilePicker
          label="Chọn tệp CSV…"
          accept=".csv,text/csv"
          onFile={async (file) => {
            setFileName(file.name);
            setCsv(await file.text());
          }}
          fileName={fileName}
        />
        <textarea
          className="text-input"
          rows={4}
          value={csv}
          onChange={(e) => setCsv(e.target.value)}
          placeholder="Hoặc dán nội dung CSV vào đây"
          aria-label="Nội dung CSV"
        />
        <ErrorText>{error}</ErrorText>
        <Button fullWidth loading={busy} disabled={!csv.trim()} onClick={importCsv}>
          Nhập danh sách đơn vị
        </Button>
      </Card>
      {units.data ? <UnitChangesCard units={units.data.items} onChanged={() => void units.reload()} /> : null}
      <Card title="Chỉ tiêu tuần (số người được giúp)">
        <ResourceStatus resource={units} />
        <ul className="plain-list">
          {(units.data?.items ?? []).map((unit) =>
            unit.mergedIntoCode || unit.retired ? (
              <InactiveRow key={unit.code} unit={unit} units={units.data?.items ?? []} />
            ) : (
              // Keyed by the target too: a merge adds to the successor's target and the row must show the new one.
              <TargetRow key={`${unit.code}:${unit.targetPeoplePerWeek}`} unit={unit} />
            ),
          )}
        </ul>
      </Card>
    </Screen>
  );
}

/** A merged or retired unit, kept for history: no target to set. */
function InactiveRow({ unit, units }: { unit: Unit; units: readonly Unit[] }) {
  const successor = units.find((u) => u.code === unit.mergedIntoCode);
  return (
    <li className="target-row inactive-unit" style={{ paddingLeft: `${unit.depth * 12}px` }}>
      <span className="target-name">{unit.name}</span>
      <span className="muted unit-state">
        {unit.mergedIntoCode ? `Đã sáp nhập vào ${successor?.name ?? unit.mergedIntoCode}` : "Đã giải thể"}
      </span>
    </li>
  );
}

function TargetRow({ unit }: { unit: Unit }) {
  const toast = useToast();
  const [target, setTarget] = useState(String(unit.targetPeoplePerWeek));
  const [saved, setSaved] = useState(unit.targetPeoplePerWeek);
  const [busy, setBusy] = useState(false);
  const value = Number(target);
  const changed = Number.isInteger(value) && value >= 0 && value !== saved;
  return (
    <li className="target-row" style={{ paddingLeft: `${unit.depth * 12}px` }}>
      <span className="target-name">{unit.name}</span>
      <input
        type="number"
        inputMode="numeric"
        min={0}
        value={target}
        aria-label={`Chỉ tiêu của ${unit.name}`}
        onChange={(e) => setTarget(e.target.value)}
      />
      <Button
        size="small"
        disabled={!changed}
        loading={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await api.updateUnit(unit.code, { targetPeoplePerWeek: value });
            setSaved(value);
            toast.show(`Đã đặt chỉ tiêu ${unit.name}: ${value} người/tuần.`, "success");
          } catch (err) {
            toast.show(describeError(err), "error");
          } finally {
            setBusy(false);
          }
        }}
      >
        Lưu
      </Button>
    </li>
  );
}
