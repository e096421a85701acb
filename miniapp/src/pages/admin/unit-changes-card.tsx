import type { Unit } from "@xks/shared/api/units";
import { useState } from "react";
import { Button } from "zmp-ui";
import { api } from "../../api/api.ts";
import { describeError } from "../../api/api-client.ts";
import { Field } from "../../components/form-controls.tsx";
import { Card } from "../../components/screen.tsx";
import { useToast } from "../../components/toast.tsx";

const ROOT = "";

/**
 * Rename, re-parent, merge or retire one unit (organisation admins). The server checks every change (no merge
 * into a retired unit or a sub-unit, no loop in the tree) and writes it to the audit log; a merge asks for a
 * second tap because it cannot be undone.
 */
export function UnitChangesCard({ units, onChanged }: { units: readonly Unit[]; onChanged: () => void }) {
  const toast = useToast();
  const active = units.filter((u) => !u.retired && !u.mergedIntoCode);
  const changeable = units.filter((u) => !u.mergedIntoCode);
  const [code, setCode] = useState("");
  const unit = changeable.find((u) => u.code === code);
  const [name, setName] = useState("");
  const [parentCode, setParentCode] = useState(ROOT);
  const [intoCode, setIntoCode] = useState("");
  const [confirmMerge, setConfirmMerge] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);

  const pick = (next: string) => {
    const picked = changeable.find((u) => u.code === next);
    setCode(next);
    setName(picked?.name ?? "");
    setParentCode(picked?.parentCode ?? ROOT);
    setIntoCode("");
    setConfirmMerge(false);
  };

  const run = async (what: string, action: () => Promise<string>) => {
    setBusy(what);
    try {
      toast.show(await action(), "success");
      onChanged();
    } catch (err) {
      toast.show(describeError(err), "error");
    } finally {
      setBusy(null);
    }
  };

  const others = active.filter((u) => u.code !== code);
  const into = active.find((u) => u.code === intoCode);
  return (
    <Card title="Sáp nhập, đổi tên, giải thể đơn vị">
      <p className="muted">Theo sắp xếp đơn vị hành chính 2025: chọn đơn vị cần thay đổi.</p>
      <Field label="Đơn vị">
        <select
          className="native-select"
          value={code}
          onChange={(e) => pick(e.target.value)}
          aria-label="Đơn vị cần thay đổi"
        >
          <option value="">— Chọn đơn vị —</option>
          {changeable.map((u) => (
            <option key={u.code} value={u.code}>
              {"\u00a0".repeat(u.depth * 2)}
              {u.name}
              {u.retired ? " (đã giải thể)" : ""}
            </option>
          ))}
        </select>
      </Field>
      {unit ? (
        <div className="unit-changes" data-testid="unit-changes">
          <Field label="Tên mới">
            <div className="inline-action">
              <input
                className="text-input"
                value={name}
                onChange={(e) => setName(e.target.value)}
                aria-label={`Tên mới của ${unit.name}`}
              />
              <Button
                size="small"
                disabled={!name.trim() || name.trim() === unit.name}
                loading={busy === "rename"}
                onClick={() =>
                  run("rename", async () => {
                    const saved = await api.updateUnit(unit.code, { name: name.trim() });
                    return `Đã đổi tên thành ${saved.name}.`;
                  })
                }
              >
                Đổi tên
              </Button>
            </div>
          </Field>
          <Field label="Đơn vị cấp trên">
            <div className="inline-action">
              <select
                className="native-select"
                value={parentCode}
                onChange={(e) => setParentCode(e.target.value)}
                aria-label={`Cấp trên của ${unit.name}`}
              >
                <option value={ROOT}>(Không có – cấp cao nhất)</option>
                {others.map((u) => (
                  <option key={u.code} value={u.code}>
                    {u.name}
                  </option>
                ))}
              </select>
              <Button
                size="small"
                disabled={parentCode === (unit.parentCode ?? ROOT)}
                loading={busy === "parent"}
                onClick={() =>
                  run("parent", async () => {
                    await api.updateUnit(unit.code, { parentCode: parentCode === ROOT ? null : parentCode });
                    return `Đã chuyển ${unit.name} sang cấp trên mới.`;
                  })
                }
              >
                Chuyển
              </Button>
            </div>
          </Field>
          {unit.retired ? null : (
            <Field
              label="Sáp nhập vào"
              hint="Người dân, đoàn viên, yêu cầu đang mở và chỉ tiêu chuyển sang đơn vị mới; nhật ký hỗ trợ cũ được giữ và tính cho đơn vị mới."
            >
              <div className="inline-action">
                <select
                  className="native-select"
                  value={intoCode}
                  onChange={(e) => {
                    setIntoCode(e.target.value);
                    setConfirmMerge(false);
                  }}
                  aria-label={`Sáp nhập ${unit.name} vào`}
                >
                  <option value="">— Chọn đơn vị mới —</option>
                  {others.map((u) => (
                    <option key={u.code} value={u.code}>
                      {u.name}
                    </option>
                  ))}
                </select>
                <Button
                  size="small"
                  variant={confirmMerge ? "primary" : "secondary"}
                  disabled={!into}
                  loading={busy === "merge"}
                  onClick={() => {
                    if (!into) return;
                    if (!confirmMerge) {
                      setConfirmMerge(true);
                      return;
                    }
                    void run("merge", async () => {
                      const result = await api.mergeUnit(unit.code, { intoCode: into.code });
                      pick("");
                      return `Đã sáp nhập ${unit.name} vào ${result.successor.name}: chuyển ${result.moved.residents} người dân, ${result.moved.members} đoàn viên, ${result.moved.openHelpRequests} yêu cầu.`;
                    });
                  }}
                >
                  {confirmMerge ? "Xác nhận" : "Sáp nhập"}
                </Button>
              </div>
              {confirmMerge && into ? (
                <p className="warning-text" role="alert">
                  Sáp nhập {unit.name} vào {into.name}? Không thể hoàn tác. Bấm “Xác nhận” để tiếp tục.
                </p>
              ) : null}
            </Field>
          )}
          <p className="muted">Giải thể: đơn vị không còn, không có đơn vị kế thừa (khác với sáp nhập).</p>
          <Button
            fullWidth
            variant="secondary"
            loading={busy === "retire"}
            onClick={() =>
              run("retire", async () => {
                const saved = await api.updateUnit(unit.code, { retired: !unit.retired });
                return saved.retired
                  ? `${saved.name} đã giải thể: không còn hiện cho người dân và trong các biểu mẫu.`
                  : `${saved.name} đã hoạt động trở lại.`;
              })
            }
          >
            {unit.retired ? "Khôi phục đơn vị" : "Giải thể đơn vị"}
          </Button>
        </div>
      ) : null}
    </Card>
  );
}
