import type { Broadcast } from "@xks/shared/api/broadcasts";
import { useEffect, useState } from "react";
import { Button, useNavigate, useParams } from "zmp-ui";
import { api } from "../../api/api.ts";
import { describeError } from "../../api/api-client.ts";
import { formatDateTime, formatNumber } from "../../components/format.ts";
import { Card, ErrorText, Loading, Screen } from "../../components/screen.tsx";
import { useResource } from "../../components/use-resource.ts";
import { BROADCAST_STATUS_LABELS, describeAudience, isBroadcastOpen } from "./broadcast-labels.ts";

/** How often the counts are refreshed while a notice is scheduled or sending. */
const POLL_MS = 2_000;

/**
 * One notice on its way: its state, how many it is for, and the four counts the server keeps per recipient
 * (waiting, sent, failed, skipped), refreshed every 2 seconds until it is done or cancelled. While it has not
 * finished, the admin can stop it.
 */
export function BroadcastStatusPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const units = useResource(() => api.units(), []);
  const [broadcast, setBroadcast] = useState<Broadcast | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const [cancelling, setCancelling] = useState(false);

  const open = broadcast ? isBroadcastOpen(broadcast.status) : true;
  useEffect(() => {
    if (!open) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const latest = await api.broadcast(id);
        if (stopped) return;
        setBroadcast(latest);
        setError(null);
        if (!isBroadcastOpen(latest.status)) return;
      } catch (err) {
        if (stopped) return;
        // Keep the last counts on screen on a weak network and try again at the next tick.
        setError(describeError(err));
      }
      timer = setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [id, open]);

  const cancel = async () => {
    setCancelling(true);
    setError(null);
    try {
      setBroadcast(await api.cancelBroadcast(id));
      setConfirmingCancel(false);
    } catch (err) {
      setError(describeError(err));
      // A notice that finished meanwhile answers 409: show its real state.
      await api
        .broadcast(id)
        .then(setBroadcast)
        .catch(() => undefined);
    } finally {
      setCancelling(false);
    }
  };

  return (
    <Screen title="Tình hình gửi" back testId="broadcast-status-page">
      {!broadcast ? (
        error ? (
          <ErrorText>{error}</ErrorText>
        ) : (
          <Loading />
        )
      ) : (
        <>
          <Card>
            <div className="bstatus-head">
              <span
                className={`bstatus-badge bstatus-${broadcast.status}`}
                data-testid="broadcast-status"
                data-status={broadcast.status}
              >
                {BROADCAST_STATUS_LABELS[broadcast.status]}
              </span>
              {broadcast.urgent ? <span className="tag tag-waiting">Khẩn cấp</span> : null}
            </div>
            <h2 className="bstatus-title">{broadcast.title}</h2>
            <p className="muted">{describeAudience(broadcast.audience, units.data?.items ?? null)}</p>
            <p className="bstatus-summary" data-testid="broadcast-summary">
              {summarise(broadcast)}
            </p>
            <Progress broadcast={broadcast} />
            <Counts broadcast={broadcast} />
            <Timeline broadcast={broadcast} />
            <details className="bstatus-text">
              <summary>Xem nội dung thông báo</summary>
              <p>{broadcast.text}</p>
              {broadcast.linkUrl ? <p className="muted">Đường dẫn: {broadcast.linkUrl}</p> : null}
            </details>
            {broadcast.repeated > 0 ? (
              <p className="bstatus-note">
                {formatNumber(broadcast.repeated)} tin có thể đã tới người nhận hai lần do máy chủ gặp sự cố lúc đang
                gửi.
              </p>
            ) : null}
            <ErrorText>{error}</ErrorText>
          </Card>
          {isBroadcastOpen(broadcast.status) ? (
            <div className="sticky-actions">
              {confirmingCancel ? (
                <div className="confirm-box confirm-danger">
                  <p>Dừng gửi thông báo này? Những người chưa nhận sẽ không nhận được nữa.</p>
                  <div className="row-actions">
                    <Button type="danger" loading={cancelling} onClick={cancel}>
                      Xác nhận hủy
                    </Button>
                    <Button variant="tertiary" onClick={() => setConfirmingCancel(false)}>
                      Tiếp tục gửi
                    </Button>
                  </div>
                </div>
              ) : (
                <Button
                  fullWidth
                  size="large"
                  variant="secondary"
                  type="danger"
                  onClick={() => setConfirmingCancel(true)}
                >
                  Hủy gửi
                </Button>
              )}
            </div>
          ) : (
            <Button fullWidth size="large" variant="secondary" onClick={() => navigate("/admin/broadcast")}>
              Về danh sách thông báo
            </Button>
          )}
        </>
      )}
    </Screen>
  );
}

/**
 * Before the audience is read (scheduled, or the first page not planned yet) no delivery exists: everyone not yet
 * accounted for is waiting, so "Chờ gửi" never reads 0 for a notice that has not started.
 */
function waitingCount(b: Broadcast): number {
  const settled = b.counts.sent + b.counts.failed + b.counts.skipped;
  return isBroadcastOpen(b.status) ? Math.max(b.counts.queued, b.total - settled) : b.counts.queued;
}

/** The one sentence a secretary needs: how many it has reached, and what is left. */
function summarise(b: Broadcast): string {
  const sent = formatNumber(b.counts.sent);
  const missed = b.counts.failed + b.counts.skipped;
  const missedText = missed > 0 ? ` ${formatNumber(missed)} người không nhận được.` : "";
  switch (b.status) {
    case "scheduled":
      return new Date(b.sendAt).getTime() > Date.now()
        ? `Sẽ gửi lúc ${formatDateTime(b.sendAt)}.`
        : "Sắp bắt đầu gửi (tin thường gửi trong giờ nghỉ đêm sẽ chờ đến sáng).";
    case "sending":
      return `Đã tới ${sent} người, còn ${formatNumber(waitingCount(b))} người chờ gửi.`;
    case "done":
      return `Đã tới ${sent} người.${missedText}`;
    case "cancelled":
      return b.counts.sent === 0
        ? "Đã hủy, chưa ai nhận được thông báo này."
        : `Đã dừng gửi. ${sent} người đã nhận được trước khi hủy.`;
  }
}

/** Share of the recipients already dealt with (sent, failed or skipped). */
function Progress({ broadcast: b }: { broadcast: Broadcast }) {
  const settled = b.counts.sent + b.counts.failed + b.counts.skipped;
  const whole = Math.max(b.total, settled + b.counts.queued);
  const percent = Math.round((whole > 0 ? Math.min(1, settled / whole) : b.status === "done" ? 1 : 0) * 100);
  return (
    <div className="bstatus-progress-block">
      <p className="bstatus-progress-label">
        <span>
          Đã xử lý {formatNumber(settled)}/{formatNumber(whole)} người
        </span>
        <b>{percent}%</b>
      </p>
      <div
        className="progress bstatus-progress"
        role="progressbar"
        aria-label="Tiến độ gửi"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%`}
      >
        <span className={`progress-fill bstatus-fill-${b.status}`} style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

function Counts({ broadcast: b }: { broadcast: Broadcast }) {
  const items = [
    { key: "queued", label: "Chờ gửi", value: waitingCount(b) },
    { key: "sent", label: "Đã gửi", value: b.counts.sent },
    { key: "failed", label: "Lỗi", value: b.counts.failed },
    { key: "skipped", label: "Bỏ qua", value: b.counts.skipped },
  ] as const;
  return (
    <>
      <p className="bstatus-total">
        Tổng số trong danh sách: <b data-testid="count-total">{formatNumber(b.total)}</b>
      </p>
      <dl className="bstatus-counts">
        {items.map((item) => (
          <div
            key={item.key}
            className={`bstatus-count bstatus-count-${item.key}${item.value === 0 ? " bstatus-count-zero" : ""}`}
          >
            <dt>{item.label}</dt>
            <dd data-testid={`count-${item.key}`}>{formatNumber(item.value)}</dd>
          </div>
        ))}
      </dl>
      {b.counts.leftOut.paidBand > 0 ? (
        <p className="muted" data-testid="left-out-paid">
          {formatNumber(b.counts.leftOut.paidBand)} người không được gửi vì đã quá 48 giờ không nhắn OA (tin tính phí,
          chưa bật gửi tin tính phí).
        </p>
      ) : null}
      {b.counts.sentPaid > 0 ? (
        <p className="muted">{formatNumber(b.counts.sentPaid)} tin đã gửi là tin tính phí (48 giờ – 7 ngày).</p>
      ) : null}
      {b.counts.skipped > 0 || b.counts.failed > 0 ? (
        <p className="muted">
          {b.counts.skipped > 0 ? "Bỏ qua: người đã tắt nhận tin, bỏ quan tâm OA hoặc quá 7 ngày không nhắn OA. " : ""}
          {b.counts.failed > 0 ? "Lỗi: Zalo từ chối (người nhận chặn OA…) hoặc gửi nhiều lần không được." : ""}
        </p>
      ) : null}
    </>
  );
}

function Timeline({ broadcast: b }: { broadcast: Broadcast }) {
  const rows: [string, string][] = [];
  if (b.status === "scheduled") rows.push(["Gửi lúc", formatDateTime(b.sendAt)]);
  if (b.startedAt) rows.push(["Bắt đầu", formatDateTime(b.startedAt)]);
  if (b.finishedAt) rows.push([b.status === "cancelled" ? "Hủy lúc" : "Xong lúc", formatDateTime(b.finishedAt)]);
  if (rows.length === 0) return null;
  return (
    <dl className="bstatus-times">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
