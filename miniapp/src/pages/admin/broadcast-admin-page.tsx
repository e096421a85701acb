import type { BroadcastAudience, BroadcastSummary } from "@xks/shared/api/broadcasts";
import type { Unit } from "@xks/shared/api/units";
import { CHECKLISTS } from "@xks/shared/checklists/index";
import { describePrivacyWarning } from "@xks/shared/privacy/detect-sensitive-kinds";
import { useMemo, useState } from "react";
import { Button, useNavigate } from "zmp-ui";
import { api, publicApiUrl } from "../../api/api.ts";
import { describeError } from "../../api/api-client.ts";
import { DateTimeInput, Field, FilePicker, Segmented } from "../../components/form-controls.tsx";
import { formatDateTime, formatNumber } from "../../components/format.ts";
import { PrivacyNotice } from "../../components/privacy-notice.tsx";
import { quietHoursWaitUntil } from "../../components/quiet-hours.ts";
import { Card, EmptyState, ErrorText, Loading, Screen } from "../../components/screen.tsx";
import { useToast } from "../../components/toast.tsx";
import { UnitMultiPicker } from "../../components/unit-multi-picker.tsx";
import { useResource } from "../../components/use-resource.ts";
import { isoToVietnamLocal, vietnamLocalToIso } from "../../components/vietnam-time.ts";
import { BROADCAST_STATUS_LABELS, describeAudience } from "./broadcast-labels.ts";

type Scope = "all" | "some";
type When = "now" | "later";

/**
 * Compose a notice, see how many people an OA message can reach (Zalo's 7-day window), send, then watch it go
 * out on its status screen. The server fans it out in the background, around quiet hours and Zalo's quotas.
 * Below the composer: the recent notices, each opening its status.
 */
export function BroadcastAdminPage() {
  const navigate = useNavigate();
  const toast = useToast();
  const units = useResource(() => api.units(), []);
  const recent = useResource(() => api.broadcasts(10), []);
  const [kind, setKind] = useState<BroadcastAudience["kind"]>("residents");
  const [scope, setScope] = useState<Scope>("all");
  const [unitCodes, setUnitCodes] = useState<string[]>([]);
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  const [linkUrl, setLinkUrl] = useState("");
  const [urgent, setUrgent] = useState(false);
  const [unfinishedChecklist, setUnfinishedChecklist] = useState("");
  const [when, setWhen] = useState<When>("now");
  /** ISO 8601, or "" until chosen. */
  const [sendAt, setSendAt] = useState("");
  const [image, setImage] = useState<{ id: string; url: string } | null>(null);
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  const audience: BroadcastAudience = useMemo(
    () => ({
      kind,
      ...(scope === "some" ? { unitCodes } : {}),
      // Residents only: members have no checklist progress.
      ...(kind === "residents" && unfinishedChecklist ? { unfinishedChecklist } : {}),
    }),
    [kind, scope, unitCodes, unfinishedChecklist],
  );
  const noUnitChosen = scope === "some" && unitCodes.length === 0;
  const preview = useResource(
    () => (noUnitChosen ? Promise.resolve(null) : api.previewBroadcast(audience)),
    [JSON.stringify(audience)],
  );
  const toggleUnit = (code: string) =>
    setUnitCodes((codes) => (codes.includes(code) ? codes.filter((c) => c !== code) : [...codes, code]));

  /** The scheduled time as ISO, or an error in Vietnamese; null when sending now. */
  const schedule = (): { sendAt: string } | { error: string } | null => {
    if (when === "now") return null;
    if (!sendAt) return { error: "Vui lòng chọn thời điểm gửi." };
    const at = new Date(sendAt);
    if (Number.isNaN(at.getTime())) return { error: "Thời điểm gửi không hợp lệ." };
    if (at.getTime() <= Date.now()) return { error: "Thời điểm gửi đã qua, vui lòng chọn một thời điểm sau bây giờ." };
    return { sendAt: at.toISOString() };
  };

  const upload = async (file: File) => {
    setUploading(true);
    setError(null);
    try {
      const uploaded = await api.uploadImage(file);
      setImage({ id: uploaded.id, url: uploaded.url });
    } catch (err) {
      setError(describeError(err));
    } finally {
      setUploading(false);
    }
  };

  const confirm = () => {
    const when = schedule();
    if (when && "error" in when) return setError(when.error);
    setError(null);
    setConfirming(true);
  };

  const send = async () => {
    const when = schedule();
    if (when && "error" in when) {
      setError(when.error);
      setConfirming(false);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { id, privacyWarnings } = await api.createBroadcast({
        title: title.trim(),
        text: text.trim(),
        audience,
        ...(urgent ? { urgent: true } : {}),
        ...(linkUrl.trim() ? { linkUrl: linkUrl.trim() } : {}),
        // Zalo fetches the image itself: an absolute URL of the public image route.
        ...(image ? { imageUrl: publicApiUrl(`/api/images/${encodeURIComponent(image.id)}`) } : {}),
        ...(when ?? {}),
      });
      const warning = describePrivacyWarning(privacyWarnings);
      if (warning) toast.show(`Đã gửi như bạn viết. ${warning}`, "error");
      navigate(`/admin/broadcast/${encodeURIComponent(id)}`);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };

  const reach = preview.data;
  // A notice that is not urgent and falls in the night-time pause waits for the morning: say so before it is sent.
  const dueAt = when === "later" && sendAt ? new Date(sendAt) : new Date();
  const waitsUntil = urgent ? null : quietHoursWaitUntil(dueAt, reach?.quietHours ?? null);
  return (
    <Screen title="Gửi thông báo" back testId="broadcast-admin-page">
      <Card>
        <Field label="Gửi tới">
          <Segmented
            label="Gửi tới"
            value={kind}
            onChange={(value) => {
              setKind(value);
              setConfirming(false);
            }}
            options={[
              { value: "residents", label: "Người dân" },
              { value: "members", label: "Đoàn viên" },
            ]}
          />
        </Field>
        <Field label="Xã/phường">
          <Segmented
            label="Xã/phường"
            value={scope}
            onChange={(value) => {
              setScope(value);
              setConfirming(false);
            }}
            options={[
              { value: "all", label: "Tất cả" },
              { value: "some", label: "Chọn một số" },
            ]}
          />
        </Field>
        {kind === "residents" ? (
          <Field label="Chỉ gửi người chưa hoàn thành hướng dẫn (không bắt buộc)">
            <select
              className="native-select"
              name="unfinished-checklist"
              aria-label="Chỉ gửi người chưa hoàn thành hướng dẫn"
              value={unfinishedChecklist}
              onChange={(e) => {
                setUnfinishedChecklist(e.target.value);
                setConfirming(false);
              }}
            >
              <option value="">Tất cả người dân</option>
              {CHECKLISTS.map((checklist) => (
                <option key={checklist.id} value={checklist.id}>
                  {checklist.title}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        {scope === "some" ? (
          <UnitMultiPicker
            communesOnly
            units={units.data?.items ?? null}
            loading={units.loading}
            error={units.error}
            selected={unitCodes}
            onToggle={(code) => {
              toggleUnit(code);
              setConfirming(false);
            }}
          />
        ) : null}
        <div className="reach" data-testid="broadcast-reach" aria-live="polite">
          {noUnitChosen ? (
            <p className="reach-hint">Chọn ít nhất một xã/phường.</p>
          ) : reach ? (
            <>
              <p className="reach-main">
                Gửi được tới <b>{formatNumber(reach.reachable)}</b> / {formatNumber(reach.total)} người
              </p>
              <p className="reach-hint" data-testid="broadcast-bands">
                Miễn phí (trong 48 giờ từ lần nhắn cuối): {formatNumber(reach.free)} · Tính phí (48 giờ – 7 ngày):{" "}
                {formatNumber(reach.paid)}
              </p>
              {reach.total > reach.reachable ? (
                <ul className="reach-why">
                  {reach.unreachable.paidBand > 0 ? (
                    <li>
                      {formatNumber(reach.unreachable.paidBand)} người đã quá 48 giờ không nhắn OA: tin đến họ sẽ tính
                      phí nên không gửi (chưa bật gửi tin tính phí).
                    </li>
                  ) : null}
                  {reach.unreachable.outsideWindow > 0 ? (
                    <li>
                      {formatNumber(reach.unreachable.outsideWindow)} người quá 7 ngày không nhắn OA nên Zalo không cho
                      gửi.
                    </li>
                  ) : null}
                  {reach.unreachable.optedOut > 0 ? (
                    <li>{formatNumber(reach.unreachable.optedOut)} người đã tắt nhận tin.</li>
                  ) : null}
                  {reach.unreachable.unfollowed > 0 ? (
                    <li>{formatNumber(reach.unreachable.unfollowed)} người đã bỏ quan tâm OA.</li>
                  ) : null}
                </ul>
              ) : null}
            </>
          ) : preview.loading ? (
            <p className="reach-hint">Đang đếm số người nhận…</p>
          ) : null}
          <ErrorText>{preview.error}</ErrorText>
        </div>
      </Card>
      <Card>
        <Field label="Tiêu đề">
          <input
            className="text-input"
            name="title"
            value={title}
            maxLength={120}
            onChange={(e) => setTitle(e.target.value)}
          />
        </Field>
        <Field label="Nội dung" hint={`${formatNumber([...text].length)}/2.000 ký tự (giới hạn của Zalo).`}>
          <textarea
            className="text-input"
            name="text"
            rows={5}
            value={text}
            maxLength={2000}
            onChange={(e) => setText(e.target.value)}
          />
          <PrivacyNotice text={`${title}\n${text}\n${linkUrl}`} />
        </Field>
        <Field label="Đường dẫn (không bắt buộc)">
          <input
            className="text-input"
            name="link"
            type="url"
            inputMode="url"
            placeholder="https://"
            value={linkUrl}
            onChange={(e) => setLinkUrl(e.target.value)}
          />
        </Field>
        <Field label="Ảnh (không bắt buộc, JPEG hoặc PNG, tối đa 1 MB)">
          <FilePicker
            label="Chọn ảnh…"
            accept="image/jpeg,image/png"
            onFile={(file) => void upload(file)}
            fileName={image ? "Đã tải ảnh lên" : null}
          />
          {uploading ? <Loading /> : null}
          {image ? (
            <div className="image-preview">
              <img src={publicApiUrl(image.url)} alt="Ảnh đã tải lên" />
              <Button size="small" variant="tertiary" onClick={() => setImage(null)}>
                Bỏ ảnh
              </Button>
            </div>
          ) : null}
        </Field>
        <Field label="Thời điểm gửi">
          <Segmented
            label="Thời điểm gửi"
            value={when}
            onChange={(value) => {
              setWhen(value);
              setError(null);
              setConfirming(false);
              // Start from a time an hour ahead, a valid choice to adjust, to the minute as the picker shows it.
              if (value === "later" && !sendAt)
                setSendAt(vietnamLocalToIso(isoToVietnamLocal(new Date(Date.now() + 3_600_000))));
            }}
            options={[
              { value: "now", label: "Gửi ngay" },
              { value: "later", label: "Hẹn giờ" },
            ]}
          />
          {when === "later" ? (
            <DateTimeInput
              label="Giờ gửi"
              name="send-at"
              min={new Date().toISOString()}
              value={sendAt}
              onChange={(iso) => {
                setSendAt(iso);
                setError(null);
                setConfirming(false);
              }}
            />
          ) : null}
        </Field>
        <label className="check-row">
          <input type="checkbox" name="urgent" checked={urgent} onChange={(e) => setUrgent(e.target.checked)} />
          <span>
            <b>Khẩn cấp</b>
            <small>Gửi ngay cả trong giờ nghỉ đêm. Không đánh dấu thì tin gửi buổi tối sẽ chờ đến sáng.</small>
          </span>
        </label>
        <ErrorText>{error}</ErrorText>
        {confirming ? (
          <div className="confirm-box">
            <p>
              Gửi “<b>{title.trim()}</b>” tới <b>{reach ? `${formatNumber(reach.reachable)} người` : "người nhận"}</b> (
              {describeAudience(audience, units.data?.items ?? null)})
              {when === "later" && sendAt ? (
                <>
                  {" "}
                  lúc <b>{formatDateTime(sendAt)}</b>
                </>
              ) : null}
              ?
            </p>
            {waitsUntil && reach?.quietHours ? (
              <p className="confirm-wait" data-testid="quiet-hours-wait">
                {when === "later" ? "Giờ hẹn" : "Bây giờ"} là giờ nghỉ đêm ({reach.quietHours.start}–
                {reach.quietHours.end}): tin sẽ chờ đến <b>{formatDateTime(waitsUntil)}</b> mới bắt đầu gửi. Cần gửi
                ngay thì đánh dấu «Khẩn cấp».
              </p>
            ) : null}
            <div className="row-actions">
              <Button loading={busy} onClick={send}>
                Xác nhận gửi
              </Button>
              <Button variant="tertiary" onClick={() => setConfirming(false)}>
                Chưa gửi
              </Button>
            </div>
          </div>
        ) : (
          <Button
            fullWidth
            size="large"
            disabled={!title.trim() || !text.trim() || noUnitChosen || uploading}
            onClick={confirm}
          >
            {when === "later" ? "Hẹn giờ gửi" : "Gửi thông báo"}
          </Button>
        )}
      </Card>
      <RecentBroadcasts
        items={recent.data?.items ?? null}
        loading={recent.loading}
        error={recent.error}
        units={units.data?.items ?? null}
        onOpen={(id) => navigate(`/admin/broadcast/${encodeURIComponent(id)}`)}
      />
    </Screen>
  );
}

function RecentBroadcasts({
  items,
  loading,
  error,
  units,
  onOpen,
}: {
  items: readonly BroadcastSummary[] | null;
  loading: boolean;
  error: string | null;
  units: readonly Unit[] | null;
  onOpen(id: string): void;
}) {
  return (
    <Card title="Thông báo gần đây">
      {loading && !items ? <Loading /> : null}
      <ErrorText>{error}</ErrorText>
      {items && items.length === 0 ? <EmptyState>Chưa gửi thông báo nào.</EmptyState> : null}
      <ul className="plain-list" data-testid="broadcast-list">
        {items?.map((b) => (
          <li key={b.id}>
            <button
              type="button"
              className="broadcast-row"
              data-testid="broadcast-row"
              data-broadcast-id={b.id}
              onClick={() => onOpen(b.id)}
            >
              <span className="broadcast-row-head">
                <b className="broadcast-row-title">{b.title}</b>
                <span className={`tag tag-status tag-${b.status}`}>{BROADCAST_STATUS_LABELS[b.status]}</span>
              </span>
              <small>{describeAudience(b.audience, units)}</small>
              <small>
                {formatDateTime(b.createdAt)} · {formatNumber(b.total)} người
              </small>
            </button>
          </li>
        ))}
      </ul>
    </Card>
  );
}
