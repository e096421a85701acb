import type { AssistanceLog, CreateAssistanceLogBody } from "@xks/shared/api/assistance-logs";
import type { HelpRequest } from "@xks/shared/api/help-requests";
import { OUTCOME_LABELS, OUTCOMES, type Outcome, SERVICE_CODES, type ServiceCode } from "@xks/shared/labels";
import { useEffect, useMemo, useState } from "react";
import { Button, useLocation, useNavigate, useParams } from "zmp-ui";
import { api } from "../api/api.ts";
import { describeError } from "../api/api-client.ts";
import { Chip, Field, Segmented, Stepper } from "../components/form-controls.tsx";
import { nowWithOffset, SERVICE_SHORT_LABELS } from "../components/format.ts";
import { ErrorText, Loading, Screen } from "../components/screen.tsx";
import { useToast } from "../components/toast.tsx";
import { useResource } from "../components/use-resource.ts";
import { newClientId } from "../outbox/outbox.ts";
import { useOutbox } from "../outbox/use-outbox.tsx";
import { storage } from "../platform/zalo-platform.ts";
import { useSession } from "../session/session.tsx";

const MINUTE_CHOICES = [10, 15, 30, 45, 60, 90] as const;
const HAMLETS_KEY = "xks.hamlets.v1";
const RECENT_HAMLETS = 4;

function recentHamlets(): string[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(HAMLETS_KEY) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter((h): h is string => typeof h === "string") : [];
  } catch {
    return [];
  }
}

function rememberHamlet(hamlet: string): void {
  const list = [hamlet, ...recentHamlets().filter((h) => h !== hamlet)].slice(0, RECENT_HAMLETS);
  storage.setItem(HAMLETS_KEY, JSON.stringify(list));
}

interface FormState {
  services: ServiceCode[];
  people: number;
  minutes: number;
  hamlet: string;
  outcome: Outcome;
  note: string;
  helpRequestId: string;
}

/**
 * Log an assistance in under 30 seconds: everything has a sensible default except the services, the hamlet is
 * remembered, and saving never waits for the network (the entry goes to the outbox first).
 * `/log/:id` corrects one of the member's own entries within 24 hours (needs the network).
 */
export function LogPage() {
  const navigate = useNavigate();
  const toast = useToast();
  const { member } = useSession();
  const outbox = useOutbox();
  const { id: editId } = useParams();
  const location = useLocation();
  const editing = (location.state as { log?: AssistanceLog } | null)?.log ?? null;
  const search = new URLSearchParams(location.search);
  const retrying = outbox.waiting.find((e) => e.body.clientId === search.get("outbox"))?.body ?? null;
  const initialHamlets = useMemo(recentHamlets, []);

  // Opened from a completed help request: its services, one person, the resident's hamlet (works offline: the
  // request came along in the navigation state).
  const fromHelp = (location.state as { help?: HelpRequest } | null)?.help ?? null;
  const [form, setForm] = useState<FormState>(() => {
    const from = editing ?? retrying;
    return {
      services: from ? [...from.services] : fromHelp ? [...fromHelp.services] : [],
      people: from?.people ?? 1,
      minutes: from?.minutes ?? 15,
      hamlet: from?.hamlet ?? fromHelp?.contactAddress ?? initialHamlets[0] ?? "",
      outcome: from?.outcome ?? "DONE",
      note: from?.note ?? "",
      helpRequestId: from?.helpRequestId ?? fromHelp?.id ?? search.get("help") ?? "",
    };
  });
  // `/log?help=<id>` without the request at hand (page reloaded): prefill once it loads, if still untouched.
  const helpToLoad = !editing && !retrying && !fromHelp ? search.get("help") : null;
  useEffect(() => {
    if (!helpToLoad) return;
    let cancelled = false;
    api
      .helpRequest(helpToLoad)
      .then((help) => {
        if (cancelled) return;
        setForm((f) => ({
          ...f,
          services: f.services.length > 0 ? f.services : [...help.services],
          hamlet: help.contactAddress && f.hamlet === (initialHamlets[0] ?? "") ? help.contactAddress : f.hamlet,
        }));
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [helpToLoad, initialHamlets]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));

  const claimed = useResource(async () => {
    const list = await api.helpRequests("CLAIMED");
    return list.items.filter((h) => h.claimedBy?.id === member?.id);
  }, [member?.id]);

  const toggleService = (code: ServiceCode) =>
    set("services", form.services.includes(code) ? form.services.filter((s) => s !== code) : [...form.services, code]);

  const save = async () => {
    setError(null);
    if (form.services.length === 0) return setError("Vui lòng chọn ít nhất một dịch vụ đã hỗ trợ.");
    if (!form.hamlet.trim()) return setError("Vui lòng nhập thôn/xóm.");
    const fields = {
      services: form.services,
      people: form.people,
      minutes: form.minutes,
      hamlet: form.hamlet.trim(),
      outcome: form.outcome,
      ...(form.note.trim() ? { note: form.note.trim() } : {}),
      ...(form.helpRequestId ? { helpRequestId: form.helpRequestId } : {}),
    };
    rememberHamlet(fields.hamlet);
    setBusy(true);
    try {
      if (editId && editing) {
        await api.updateLog(editId, { ...fields, note: fields.note ?? null });
        toast.show("Đã lưu thay đổi.", "success");
        navigate("/my-logs", { replace: true });
        return;
      }
      if (retrying) {
        outbox.retry(retrying.clientId, { ...retrying, ...fields });
        toast.show("Đã sửa, đang gửi lại.", "info");
        navigate("/my-logs", { replace: true });
        return;
      }
      const body: CreateAssistanceLogBody = { clientId: newClientId(), happenedAt: nowWithOffset(), ...fields };
      const result = await outbox.save(body);
      toast.show(
        result === "sent" ? "Đã ghi nhận. Cảm ơn bạn!" : "Đã lưu trên máy, sẽ tự gửi khi có mạng.",
        result === "sent" ? "success" : "info",
      );
      navigate("/my-logs", { replace: true });
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  if (editId && !editing) {
    return (
      <Screen title="Sửa lượt hỗ trợ" back>
        <p className="lead">Mở lại lượt hỗ trợ từ danh sách "Đã ghi nhận" để sửa.</p>
        <Button onClick={() => navigate("/my-logs", { replace: true })}>Về danh sách</Button>
      </Screen>
    );
  }

  return (
    <Screen title={editId ? "Sửa lượt hỗ trợ" : "Ghi nhận hỗ trợ"} back={!!editId || !!retrying} testId="log-page">
      <Field label="Đã hỗ trợ dịch vụ gì? (chọn một hoặc nhiều)">
        <div className="chips">
          {SERVICE_CODES.map((code) => (
            <Chip
              key={code}
              selected={form.services.includes(code)}
              onToggle={() => toggleService(code)}
              testId={`service-${code}`}
            >
              {SERVICE_SHORT_LABELS[code]}
            </Chip>
          ))}
        </div>
      </Field>

      <div className="field-pair">
        <Field label="Số người được giúp">
          <Stepper value={form.people} onChange={(n) => set("people", n)} label="Số người được giúp" />
        </Field>
      </div>

      <Field label="Thời gian bỏ ra (phút)">
        <div className="chips">
          {MINUTE_CHOICES.map((m) => (
            <Chip key={m} selected={form.minutes === m} onToggle={() => set("minutes", m)}>
              {m}
            </Chip>
          ))}
          <input
            className="chip-input"
            type="number"
            inputMode="numeric"
            min={1}
            max={1440}
            aria-label="Số phút khác"
            value={form.minutes}
            onChange={(e) => set("minutes", Math.max(1, Math.round(Number(e.target.value) || 1)))}
          />
        </div>
      </Field>

      <Field label="Thôn/xóm">
        <input
          className="text-input"
          value={form.hamlet}
          onChange={(e) => set("hamlet", e.target.value)}
          placeholder="Ví dụ: Thôn 3"
          name="hamlet"
          maxLength={100}
        />
        {initialHamlets.length > 0 ? (
          <div className="chips chips-small">
            {initialHamlets.map((h) => (
              <Chip key={h} selected={form.hamlet === h} onToggle={() => set("hamlet", h)}>
                {h}
              </Chip>
            ))}
          </div>
        ) : null}
      </Field>

      <Field label="Kết quả">
        <Segmented
          stacked
          label="Kết quả"
          value={form.outcome}
          onChange={(v) => set("outcome", v)}
          options={OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))}
        />
      </Field>

      {editId ? null : (
        <Field label="Yêu cầu của người dân (nếu có)">
          {claimed.loading && !claimed.data ? <Loading /> : null}
          <select
            className="native-select"
            value={form.helpRequestId}
            onChange={(e) => set("helpRequestId", e.target.value)}
            aria-label="Yêu cầu của người dân"
            name="help-request"
          >
            <option value="">Không gắn với yêu cầu nào</option>
            {form.helpRequestId && !claimed.data?.some((h) => h.id === form.helpRequestId) ? (
              <option value={form.helpRequestId}>{fromHelp?.topic ?? "Yêu cầu đã chọn"}</option>
            ) : null}
            {(claimed.data ?? []).map((h) => (
              <option key={h.id} value={h.id}>
                {h.residentName ?? "Người dân"} — {h.topic}
              </option>
            ))}
          </select>
        </Field>
      )}

      <Field label="Ghi chú (không bắt buộc)" hint="Không ghi số CCCD, mã OTP, mật khẩu của người dân.">
        <textarea
          className="text-input"
          rows={2}
          value={form.note}
          maxLength={500}
          onChange={(e) => set("note", e.target.value)}
          name="note"
        />
      </Field>

      <ErrorText>{error}</ErrorText>
      <div className="sticky-actions">
        <Button fullWidth size="large" loading={busy} onClick={save} data-testid="save-log">
          {editId ? "Lưu thay đổi" : "Lưu"}
        </Button>
      </div>
    </Screen>
  );
}
