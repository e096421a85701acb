import { useNavigate } from "zmp-ui";
import { api } from "../api/api.ts";
import { formatDateTime, formatNumber } from "../components/format.ts";
import { CalendarIcon, CloudOffIcon, PlusIcon, ShieldIcon } from "../components/icons.tsx";
import { OaLinkCard } from "../components/oa-link-card.tsx";
import { Card, ErrorText, Screen } from "../components/screen.tsx";
import { useResource } from "../components/use-resource.ts";
import { useOutbox } from "../outbox/use-outbox.tsx";
import { isLeadOrAdmin, useSession } from "../session/session.tsx";

const ROLE_LABELS = { MEMBER: "Đoàn viên", UNIT_LEAD: "Bí thư / Lãnh đạo đơn vị", ORG_ADMIN: "Ban Thường vụ" } as const;

/** What a member needs at a glance: log a new assistance, what is waiting, this week's numbers, alerts. */
export function HomePage() {
  const navigate = useNavigate();
  const { member } = useSession();
  const { waiting, online } = useOutbox();
  const dashboard = useResource(() => api.myDashboard(), []);
  const leader = isLeadOrAdmin(member);
  const alerts = useResource(() => (leader ? api.alerts() : Promise.resolve({ items: [] })), [leader]);
  const d = dashboard.data;
  const help = useResource(() => api.helpCounts(), []);

  return (
    <Screen title="Xung Kích Số" testId="home-page">
      <div className="hello">
        <p className="hello-name">Xin chào, {member?.name}</p>
        <p className="hello-unit">
          {member ? ROLE_LABELS[member.role] : ""} · {member?.unit?.name}
        </p>
      </div>

      {online ? null : (
        <div className="banner banner-offline">
          <CloudOffIcon /> Đang mất mạng. Bạn vẫn ghi nhận được, dữ liệu sẽ tự gửi khi có mạng.
        </div>
      )}

      <button type="button" className="big-action" onClick={() => navigate("/log")} data-testid="quick-log">
        <PlusIcon />
        <span>Ghi nhận hỗ trợ</span>
      </button>

      {waiting.length > 0 ? (
        <button type="button" className="banner banner-waiting" onClick={() => navigate("/my-logs")}>
          <b data-testid="waiting-count">{waiting.length}</b> lượt hỗ trợ đang chờ gửi — xem danh sách
        </button>
      ) : null}

      {(help.data?.open ?? 0) > 0 ? (
        <button
          type="button"
          className="banner banner-help"
          onClick={() => navigate("/help")}
          data-testid="help-waiting"
        >
          <b>{help.data?.open}</b> yêu cầu của người dân đang chờ đoàn viên nhận — xem ngay
        </button>
      ) : null}

      <Card title="Tuần này của bạn">
        <ErrorText>{dashboard.error && !d ? dashboard.error : null}</ErrorText>
        <div className="stat-row">
          <Stat label="Lượt hỗ trợ" value={d?.thisWeek.logs} />
          <Stat label="Người được giúp" value={d?.thisWeek.people} />
          <Stat label="Phút" value={d?.thisWeek.minutes} />
        </div>
        {d ? (
          <p className="muted">
            Từ trước đến nay: {formatNumber(d.allTime.logs)} lượt, {formatNumber(d.allTime.people)} người.
            {d.openClaims > 0 ? ` Bạn đang nhận ${d.openClaims} yêu cầu chưa xong.` : ""}
          </p>
        ) : null}
        <button type="button" className="link-button" onClick={() => navigate("/my-logs")}>
          Xem các lượt đã ghi nhận
        </button>
      </Card>

      <OaLinkCard />
      <button type="button" className="menu-row" onClick={() => navigate("/events")} data-testid="open-events">
        <CalendarIcon />
        <span>Ngày đăng ký: đăng ký của người dân, ghi nhận người đến</span>
      </button>

      {leader ? (
        <Card title="Cảnh báo">
          {(alerts.data?.items ?? []).length === 0 ? <p className="muted">Không có cảnh báo nào.</p> : null}
          <ul className="plain-list">
            {(alerts.data?.items ?? []).map((alert) => (
              <li key={alert.id} className="alert-item">
                <p>{alert.message}</p>
                <small>
                  {alert.unit ? `${alert.unit.name} · ` : ""}
                  {formatDateTime(alert.createdAt)}
                </small>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      {leader ? (
        <button type="button" className="menu-row" onClick={() => navigate("/admin")} data-testid="open-admin">
          <ShieldIcon />
          <span>
            Quản trị: duyệt đoàn viên, chỉ tiêu, xuất báo cáo{member?.role === "ORG_ADMIN" ? ", nội dung" : ""}
          </span>
        </button>
      ) : null}
    </Screen>
  );
}

function Stat({ label, value }: { label: string; value: number | undefined }) {
  return (
    <div className="stat">
      <span className="stat-value">{value === undefined ? "–" : formatNumber(value)}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}
