import type { EventRegistration } from "@xks/shared/api/events";
import { SERVICE_CODES, type ServiceCode } from "@xks/shared/labels";
import { useState } from "react";
import { Button, useNavigate, useParams } from "zmp-ui";
import { describeError } from "../../api/api-client.ts";
import { eventsApi } from "../../api/events-api.ts";
import { Chip, Field, Stepper } from "../../components/form-controls.tsx";
import { formatDateTime, nowWithOffset, SERVICE_SHORT_LABELS } from "../../components/format.ts";
import { QrPoster } from "../../components/qr-poster.tsx";
import { Card, EmptyState, ErrorText, Loading, Screen } from "../../components/screen.tsx";
import { useToast } from "../../components/toast.tsx";
import { useAction } from "../../components/use-action.ts";
import { useResource } from "../../components/use-resource.ts";
import { newClientId } from "../../outbox/outbox.ts";
import { useOutbox } from "../../outbox/use-outbox.tsx";
import { EventFacts, EventStat } from "./events-page.tsx";

/**
 * One registration day: its figures (registered, checked in, level-2 activations logged), checking residents in at
 * the door by their sign-up number or name, and logging the help given in bulk. The bulk log is one assistance
 * entry per service, saved to the phone's outbox like any entry (so it survives a courtyard without signal) and
 * linked to the event.
 */
export function EventPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const event = useResource(() => eventsApi.get(id), [id]);
  const manage = useAction(() => void event.reload());
  const [confirmCancel, setConfirmCancel] = useState(false);
  const e = event.data;
  const signedUp = e ? e.counts.registered + e.counts.remindOnly : 0;
  return (
    <Screen title="Buổi đăng ký" back testId="event-page">
      <ErrorText>{event.error && !e ? event.error : null}</ErrorText>
      {event.loading && !e ? <Loading /> : null}
      {e ? (
        <>
          <EventFacts event={e} />
          <Card title="Số liệu">
            <div className="stat-row">
              <EventStat label={`Đăng ký / ${e.capacity} chỗ`} value={e.counts.registered} testId="count-registered" />
              <EventStat label="Đã đến" value={e.counts.checkedIn} testId="count-checked-in" />
              <EventStat label="Kích hoạt VNeID mức 2" value={e.counts.vneidActivations} testId="count-vneid" />
            </div>
            <p className="muted">
              {e.counts.peopleHelped} người được hỗ trợ tại buổi · {e.counts.remindOnly} người chỉ nhờ nhắc ·{" "}
              {e.counts.cancelled} người đã hủy
            </p>
          </Card>
          {e.status === "OPEN" ? <CheckInCard eventId={e.id} onChange={() => void event.reload()} /> : null}
          {e.status === "OPEN" ? (
            <BulkLogCard eventId={e.id} place={e.place} onSaved={() => void event.reload()} />
          ) : null}
          {e.editable ? (
            <Card title="Quản lý">
              <ErrorText>{manage.error}</ErrorText>
              <Button
                fullWidth
                variant="secondary"
                onClick={() => navigate(`/events/${encodeURIComponent(e.id)}/edit`)}
                data-testid="edit-event"
              >
                Sửa thông tin buổi
              </Button>
              {e.announced ? null : (
                <Button
                  fullWidth
                  loading={manage.busy}
                  onClick={() => manage.act(() => eventsApi.announce(e.id), "Đã gửi thông báo qua OA.")}
                >
                  Thông báo qua OA
                </Button>
              )}
              {confirmCancel ? (
                <div className="confirm-box confirm-danger" data-testid="cancel-confirm">
                  <p>
                    Hủy buổi này?{" "}
                    {signedUp > 0
                      ? `${signedUp} người đã đăng ký sẽ được báo qua Zalo rằng buổi đã hủy.`
                      : "Chưa có ai đăng ký."}{" "}
                    Không hoàn tác được.
                  </p>
                  <div className="row-actions">
                    <Button
                      type="danger"
                      loading={manage.busy}
                      onClick={() => void manage.act(() => eventsApi.cancel(e.id), "Đã hủy buổi đăng ký.")}
                      data-testid="confirm-cancel-event"
                    >
                      Xác nhận hủy
                    </Button>
                    <Button variant="tertiary" onClick={() => setConfirmCancel(false)}>
                      Không hủy
                    </Button>
                  </div>
                </div>
              ) : (
                <Button
                  fullWidth
                  variant="secondary"
                  type="danger"
                  onClick={() => setConfirmCancel(true)}
                  data-testid="cancel-event"
                >
                  Hủy buổi này
                </Button>
              )}
            </Card>
          ) : null}
          {e.editable && e.status === "OPEN" ? (
            <Card title="Mã QR cho áp phích">
              <QrPoster kind="event" id={e.id} />
            </Card>
          ) : null}
        </>
      ) : null}
    </Screen>
  );
}

function CheckInCard({ eventId, onChange }: { eventId: string; onChange(): void }) {
  const toast = useToast();
  const [q, setQ] = useState("");
  const [submitted, setSubmitted] = useState("");
  const list = useResource(() => eventsApi.registrations(eventId, submitted), [eventId, submitted]);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const checkIn = async (registration: EventRegistration) => {
    setBusyId(registration.id);
    setError(null);
    try {
      const result = await eventsApi.checkIn(eventId, registration.id);
      const who = registration.displayName ?? `số ${registration.number ?? "?"}`;
      toast.show(result.checkedInNow ? `Đã ghi nhận ${who} đến.` : `${who} đã được ghi nhận đến trước đó.`, "success");
      await list.reload();
      onChange();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusyId(null);
    }
  };

  const items = list.data?.items ?? [];
  return (
    <Card title="Ghi nhận người đến">
      <form
        className="search-row"
        onSubmit={(ev) => {
          ev.preventDefault();
          setSubmitted(q.trim());
        }}
      >
        <input
          className="text-input"
          value={q}
          inputMode="search"
          placeholder="Số đăng ký (vd 12) hoặc tên Zalo"
          onChange={(ev) => setQ(ev.target.value)}
          data-testid="check-in-search"
        />
        <Button htmlType="submit" size="medium" data-testid="check-in-find">
          Tìm
        </Button>
      </form>
      <ErrorText>{error ?? (list.error && !list.data ? list.error : null)}</ErrorText>
      {list.data && items.length === 0 ? <EmptyState>Không tìm thấy người đăng ký nào.</EmptyState> : null}
      <ul className="plain-list">
        {items.map((r) => (
          <li key={r.id} className="registration-row" data-testid="registration-row">
            <div>
              <b>{r.number !== null ? `Số ${r.number}` : "Chưa giữ chỗ"}</b> · {r.displayName ?? "(không rõ tên)"}
              <br />
              <small className="muted">
                {r.status === "CANCELLED" ? "Đã hủy đăng ký · " : r.status === "REMIND_ONLY" ? "Chỉ nhờ nhắc · " : ""}
                {r.checkedInAt ? `Đã đến lúc ${formatDateTime(r.checkedInAt)}` : "Chưa đến"}
              </small>
            </div>
            {r.checkedInAt ? (
              <span className="event-badge-done">Đã đến</span>
            ) : (
              <Button size="small" loading={busyId === r.id} onClick={() => checkIn(r)} data-testid="check-in">
                Đã đến
              </Button>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}

const BULK_SERVICES: readonly ServiceCode[] = SERVICE_CODES;

function BulkLogCard({ eventId, place, onSaved }: { eventId: string; place: string; onSaved(): void }) {
  const outbox = useOutbox();
  const toast = useToast();
  const [people, setPeople] = useState<Partial<Record<ServiceCode, number>>>({});
  const [minutes, setMinutes] = useState(15);
  const [busy, setBusy] = useState(false);
  const chosen = BULK_SERVICES.filter((s) => (people[s] ?? 0) > 0);

  const save = async () => {
    setBusy(true);
    let waiting = 0;
    for (const service of chosen) {
      const result = await outbox.save({
        clientId: newClientId(),
        happenedAt: nowWithOffset(),
        services: [service],
        people: people[service] ?? 1,
        minutes: Math.min(24 * 60, minutes * (people[service] ?? 1)),
        hamlet: place.slice(0, 100),
        outcome: "DONE",
        eventId,
      });
      if (result === "waiting") waiting += 1;
    }
    setBusy(false);
    setPeople({});
    toast.show(
      waiting > 0
        ? `Đã lưu trên máy ${chosen.length} lượt; sẽ tự gửi khi có mạng.`
        : `Đã ghi nhận ${chosen.length} lượt hỗ trợ tại buổi.`,
      "success",
    );
    onSaved();
  };

  return (
    <Card title="Ghi nhận hỗ trợ tại buổi">
      <p className="muted">Chọn dịch vụ và số người đã được hỗ trợ xong (mỗi dịch vụ thành một lượt ghi nhận).</p>
      <div className="chips">
        {BULK_SERVICES.map((service) => (
          <Chip
            key={service}
            selected={(people[service] ?? 0) > 0}
            onToggle={() => setPeople((p) => ({ ...p, [service]: (p[service] ?? 0) > 0 ? 0 : 1 }))}
            testId={`bulk-${service}`}
          >
            {SERVICE_SHORT_LABELS[service]}
          </Chip>
        ))}
      </div>
      {chosen.map((service) => (
        <Field key={service} label={`Số người: ${SERVICE_SHORT_LABELS[service]}`}>
          <Stepper
            label={`Số người ${SERVICE_SHORT_LABELS[service]}`}
            value={people[service] ?? 1}
            onChange={(n) => setPeople((p) => ({ ...p, [service]: n }))}
            min={1}
            max={500}
          />
        </Field>
      ))}
      {chosen.length > 0 ? (
        <Field label="Số phút cho mỗi người">
          <Stepper label="Số phút" value={minutes} onChange={setMinutes} min={1} max={240} />
        </Field>
      ) : null}
      <Button
        fullWidth
        size="large"
        disabled={chosen.length === 0}
        loading={busy}
        onClick={save}
        data-testid="bulk-save"
      >
        Lưu {chosen.length > 0 ? `${chosen.length} lượt` : ""}
      </Button>
    </Card>
  );
}
