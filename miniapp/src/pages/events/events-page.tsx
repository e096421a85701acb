import type { RegistrationEvent } from "@xks/shared/api/events";
import { Button, useNavigate } from "zmp-ui";
import { eventsApi } from "../../api/events-api.ts";
import { formatDateTime, formatNumber } from "../../components/format.ts";

/** "07:30–11:00, 03/12/2026" when on one day; both full times otherwise. */
export function formatEventTime(startsAt: string, endsAt: string): string {
  const split = (iso: string) => {
    const parts = formatDateTime(iso).split(" ");
    return [parts.find((p) => p.includes("/")) ?? "", parts.find((p) => p.includes(":")) ?? ""] as const;
  };
  const [startDay, startTime] = split(startsAt);
  const [endDay, endTime] = split(endsAt);
  return startDay === endDay
    ? `${startTime}–${endTime}, ${startDay}`
    : `${formatDateTime(startsAt)} – ${formatDateTime(endsAt)}`;
}

import { Card, EmptyState, ErrorText, Loading, Screen } from "../../components/screen.tsx";
import { useResource } from "../../components/use-resource.ts";
import { isLeadOrAdmin, useSession } from "../../session/session.tsx";

/** Registration days of the member's units, soonest first; leads and admins create them here. */
export function EventsPage() {
  const navigate = useNavigate();
  const { member } = useSession();
  const events = useResource(() => eventsApi.list("upcoming"), []);
  const items = events.data?.items ?? [];
  return (
    <Screen title="Ngày đăng ký" back testId="events-page">
      {isLeadOrAdmin(member) ? (
        <Button fullWidth size="large" onClick={() => navigate("/events/new")} data-testid="new-event">
          Tạo buổi đăng ký mới
        </Button>
      ) : null}
      <ErrorText>{events.error && !events.data ? events.error : null}</ErrorText>
      {events.loading && !events.data ? <Loading /> : null}
      {events.data && items.length === 0 ? <EmptyState>Chưa có buổi đăng ký nào sắp tới.</EmptyState> : null}
      <ul className="plain-list">
        {items.map((event) => (
          <li key={event.id}>
            <EventCard event={event} onOpen={() => navigate(`/events/${encodeURIComponent(event.id)}`)} />
          </li>
        ))}
      </ul>
    </Screen>
  );
}

function EventCard({ event, onOpen }: { event: RegistrationEvent; onOpen(): void }) {
  return (
    <button
      type="button"
      className={event.status === "CANCELLED" ? "card menu-card event-card-cancelled" : "card menu-card"}
      onClick={onOpen}
      data-testid="event-card"
    >
      {event.status === "CANCELLED" ? <span className="event-badge-cancelled">Đã hủy</span> : null}
      <b>{event.title}</b>
      <span>
        {formatEventTime(event.startsAt, event.endsAt)} · {event.place}
      </span>
      <span>
        {formatNumber(event.counts.registered)}/{formatNumber(event.capacity)} đăng ký ·{" "}
        {formatNumber(event.counts.checkedIn)} đã đến · {event.units.map((u) => u.name).join(", ")}
      </span>
    </button>
  );
}

/** Shown on the event page and in tests: a figure with its label. */
export function EventStat({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <div className="stat">
      <span className="stat-value" data-testid={testId}>
        {formatNumber(value)}
      </span>
      <span className="stat-label">{label}</span>
    </div>
  );
}

export function EventFacts({ event }: { event: RegistrationEvent }) {
  return (
    <Card title={event.title}>
      {event.status === "CANCELLED" ? (
        <p className="confirm-box confirm-danger" data-testid="event-cancelled">
          Buổi này đã hủy. Người đã đăng ký được báo qua Zalo nếu còn trong khung 7 ngày.
        </p>
      ) : null}
      <p>
        <b>Thời gian:</b> {formatEventTime(event.startsAt, event.endsAt)}
      </p>
      <p>
        <b>Địa điểm:</b> {event.place}
      </p>
      {event.organisedWith ? (
        <p>
          <b>Phối hợp:</b> {event.organisedWith}
        </p>
      ) : null}
      {event.bring ? (
        <p>
          <b>Mang theo:</b> {event.bring}
        </p>
      ) : null}
      <p className="muted">
        Cho: {event.units.map((u) => u.name).join(", ")} · {formatNumber(event.capacity)} chỗ ·{" "}
        {event.announced ? "đã thông báo qua OA" : "chưa thông báo"}
      </p>
    </Card>
  );
}
