import type { ChecklistStats, OrganisationDashboard, UnitDashboard } from "@xks/shared/api/dashboards";
import { useState } from "react";
import { api } from "../api/api.ts";
import { ProgressBar, ServiceBars, WeeklyTrendChart } from "../components/charts.tsx";
import { Segmented } from "../components/form-controls.tsx";
import { formatDay, formatNumber, formatPercent } from "../components/format.ts";
import { Card, ErrorText, Loading, Screen } from "../components/screen.tsx";
import { useResource } from "../components/use-resource.ts";
import { useSession } from "../session/session.tsx";

type View = "me" | "unit" | "org";

/** Dashboards: the member's own numbers, the unit against its weekly target, the organisation (admins). */
export function StatsPage() {
  const { member } = useSession();
  const isAdmin = member?.role === "ORG_ADMIN";
  const [view, setView] = useState<View>("me");
  const options = [
    { value: "me" as const, label: "Của tôi" },
    { value: "unit" as const, label: "Đơn vị" },
    ...(isAdmin ? [{ value: "org" as const, label: "Tổ chức" }] : []),
  ];
  return (
    <Screen title="Thống kê" testId="stats-page">
      <Segmented label="Phạm vi" value={view} onChange={setView} options={options} />
      {view === "me" ? <MyStats /> : null}
      {view === "unit" && member?.unit ? <UnitStats code={member.unit.code} /> : null}
      {view === "org" ? <OrganisationStats /> : null}
    </Screen>
  );
}

function MyStats() {
  const d = useResource(() => api.myDashboard(), []);
  if (!d.data) return d.error ? <ErrorText>{d.error}</ErrorText> : <Loading />;
  const data = d.data;
  return (
    <>
      <Card title={`Tuần từ ${formatDay(data.weekStart)}`}>
        <Totals logs={data.thisWeek.logs} people={data.thisWeek.people} minutes={data.thisWeek.minutes} />
      </Card>
      <Card title="Số người được giúp theo tuần">
        <WeeklyTrendChart points={data.trend} />
      </Card>
      <Card title="Theo dịch vụ (từ trước đến nay)">
        <ServiceBars counts={data.byService} />
      </Card>
      <Card title="Từ trước đến nay">
        <Totals logs={data.allTime.logs} people={data.allTime.people} minutes={data.allTime.minutes} />
      </Card>
    </>
  );
}

function UnitStats({ code }: { code: string }) {
  const d = useResource<UnitDashboard>(() => api.unitDashboard(code), [code]);
  if (!d.data) return d.error ? <ErrorText>{d.error}</ErrorText> : <Loading />;
  const data = d.data;
  return (
    <>
      <Card title={data.unit.name}>
        <p>
          Tuần này: <b>{formatNumber(data.thisWeek.people)}</b> / chỉ tiêu{" "}
          <b>{formatNumber(data.unit.targetPeoplePerWeek)}</b> người
        </p>
        <ProgressBar ratio={data.progress} label="Tiến độ so với chỉ tiêu tuần" />
        <Totals logs={data.thisWeek.logs} people={data.thisWeek.people} minutes={data.thisWeek.minutes} />
        <p className="muted">
          Yêu cầu: {data.helpRequests.open} đang chờ, {data.helpRequests.claimed} đã nhận,{" "}
          {data.helpRequests.doneThisWeek} xong tuần này.
          {data.pendingMembers > 0 ? ` ${data.pendingMembers} đoàn viên chờ duyệt.` : ""}
        </p>
      </Card>
      <Card title="Số người được giúp theo tuần">
        <WeeklyTrendChart points={data.trend} />
      </Card>
      <Card title="Đoàn viên tuần này">
        <table className="table">
          <thead>
            <tr>
              <th>Đoàn viên</th>
              <th className="num">Lượt</th>
              <th className="num">Người</th>
            </tr>
          </thead>
          <tbody>
            {data.members.map((m) => (
              <tr key={m.id}>
                <td>{m.name}</td>
                <td className="num">{m.logs}</td>
                <td className="num">{m.people}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <Card title="Theo dịch vụ">
        <ServiceBars counts={data.byService} />
      </Card>
    </>
  );
}

function OrganisationStats() {
  const d = useResource<OrganisationDashboard>(() => api.organisationDashboard(), []);
  if (!d.data) return d.error ? <ErrorText>{d.error}</ErrorText> : <Loading />;
  const data = d.data;
  return (
    <>
      <Card title={`Toàn tổ chức, tuần từ ${formatDay(data.weekStart)}`}>
        <Totals logs={data.thisWeek.logs} people={data.thisWeek.people} minutes={data.thisWeek.minutes} />
        <p className="muted">
          {data.members.active} đoàn viên hoạt động, {data.members.pending} chờ duyệt. Yêu cầu: {data.helpRequests.open}{" "}
          đang chờ, {data.helpRequests.claimed} đã nhận, {data.helpRequests.done} đã xong.
        </p>
      </Card>
      <Card title="Xếp hạng đơn vị (tuần này)">
        <div className="table-scroll">
          <table className="table" data-testid="ranked-units">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>Đơn vị</th>
                <th className="num">Người</th>
                <th className="num">Tiến độ</th>
              </tr>
            </thead>
            <tbody>
              {data.units.map((u) => (
                <tr key={u.code}>
                  <td className="num">{u.rank}</td>
                  <td>{u.name}</td>
                  <td className="num">{formatNumber(u.thisWeek.people)}</td>
                  <td className="num">{u.targetPeoplePerWeek > 0 ? formatPercent(u.progress) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      <Card title="Số người được giúp theo tuần">
        <WeeklyTrendChart points={data.trend} />
      </Card>
      <Card title="Theo dịch vụ">
        <ServiceBars counts={data.byService} />
      </Card>
      <Card title="Người dân làm theo hướng dẫn của chatbot">
        {data.checklists.length === 0 ? <p className="muted">Chưa có dữ liệu.</p> : null}
        {data.checklists.map((c) => (
          <ChecklistFunnel key={c.checklistId} stats={c} />
        ))}
      </Card>
    </>
  );
}

function ChecklistFunnel({ stats }: { stats: ChecklistStats }) {
  const worst = [...stats.steps].sort((a, b) => b.dropOff - a.dropOff)[0];
  return (
    <div className="funnel" data-testid="checklist-funnel" data-checklist-id={stats.checklistId}>
      <p>
        <b>{stats.title}</b>: {stats.started} người bắt đầu, {stats.completed} hoàn thành
      </p>
      <ProgressBar ratio={stats.completionRate} label={`Tỉ lệ hoàn thành ${stats.title}`} />
      {worst && worst.dropOff > 0 ? (
        <p className="muted">
          Dừng nhiều nhất ở bước “{worst.title}”: {formatPercent(worst.dropOff)} dừng lại, {worst.stuck} báo vướng.
        </p>
      ) : null}
    </div>
  );
}

function Totals({ logs, people, minutes }: { logs: number; people: number; minutes: number }) {
  return (
    <div className="stat-row">
      <div className="stat">
        <span className="stat-value">{formatNumber(logs)}</span>
        <span className="stat-label">Lượt hỗ trợ</span>
      </div>
      <div className="stat">
        <span className="stat-value">{formatNumber(people)}</span>
        <span className="stat-label">Người được giúp</span>
      </div>
      <div className="stat">
        <span className="stat-value">{formatNumber(minutes)}</span>
        <span className="stat-label">Phút</span>
      </div>
    </div>
  );
}
