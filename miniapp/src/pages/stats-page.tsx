import type {
  ChecklistStats,
  OrganisationDashboardResponse as OrganisationDashboard,
  RankedUnit,
  UnitDashboardResponse as UnitDashboard,
} from "@xks/shared/api/dashboards";
import { unitSearchLabel } from "@xks/shared/text/unit-search";
import { useState } from "react";
import { api } from "../api/api.ts";
import { ProgressBar, ServiceBars, WeeklyTrendChart } from "../components/charts.tsx";
import { Segmented } from "../components/form-controls.tsx";
import { formatDay, formatNumber, formatPercent } from "../components/format.ts";
import { PagedRowsFooter, usePagedRows } from "../components/paged-rows.tsx";
import { Card, ErrorText, Loading, Screen } from "../components/screen.tsx";
import { SearchField, useDebouncedSearch } from "../components/search-field.tsx";
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
      <ResponseTimesCard times={data.responseTimes} />
      <Card title="Số người được giúp theo tuần">
        <WeeklyTrendChart points={data.trend} />
      </Card>
      <UnitMembersCard code={code} first={data.members} total={data.membersTotal} />
      <Card title="Theo dịch vụ">
        <ServiceBars counts={data.byService} />
      </Card>
    </>
  );
}

/**
 * The unit's members this week, a page at a time: a commune has tens, but the whole organisation's view lists
 * every member, more than a cheap phone should load to show its first screen.
 */
function UnitMembersCard({ code, first, total }: { code: string; first: UnitDashboard["members"]; total: number }) {
  const list = usePagedRows(first, total, async (offset) => {
    const d = await api.unitDashboard(code, { membersOffset: offset });
    return { rows: d.members, total: d.membersTotal };
  });
  const members = list.rows;
  return (
    <Card title="Đoàn viên tuần này">
      <table className="table" data-testid="unit-members">
        <thead>
          <tr>
            <th>Đoàn viên</th>
            <th className="num">Lượt</th>
            <th className="num">Người</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id} data-testid="unit-member">
              <td>{m.name}</td>
              <td className="num">{m.logs}</td>
              <td className="num">{m.people}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.total > first.length ? (
        <PagedRowsFooter
          shown={members.length}
          total={list.total}
          noun="đoàn viên"
          busy={list.busy}
          error={list.error}
          onMore={list.more}
          testId="unit-members-count"
        />
      ) : null}
    </Card>
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
      <UnitRankingCard first={data.units} total={data.unitsTotal} />
      <Card title="Số người được giúp theo tuần">
        <WeeklyTrendChart points={data.trend} />
      </Card>
      <Card title="Theo dịch vụ">
        <ServiceBars counts={data.byService} />
      </Card>
      <ResponseTimesCard times={data.responseTimes} />
      <MessagingCard stats={data.messages} />
      <Card title="Người dân làm theo hướng dẫn của chatbot">
        {data.checklists.length === 0 ? <p className="muted">Chưa có dữ liệu.</p> : null}
        {data.checklists.map((c) => (
          <ChecklistFunnel key={c.checklistId} stats={c} />
        ))}
      </Card>
    </>
  );
}

/** OA messages per day, free (within 48 h of the resident's last message) or paid (48 h – 7 days). */
function MessagingCard({ stats }: { stats: OrganisationDashboard["messages"] }) {
  const recent = stats.days.slice(-7);
  const free = stats.days.reduce((sum, d) => sum + d.free, 0);
  const paid = stats.days.reduce((sum, d) => sum + d.paid, 0);
  return (
    <Card title="Tin nhắn OA đã gửi (14 ngày)">
      <p data-testid="messaging-totals">
        Miễn phí: <b>{formatNumber(free)}</b> · Tính phí: <b>{formatNumber(paid)}</b>
      </p>
      <div className="table-scroll">
        <table className="table" data-testid="messaging-days">
          <thead>
            <tr>
              <th>Ngày</th>
              <th className="num">Miễn phí</th>
              <th className="num">Tính phí</th>
            </tr>
          </thead>
          <tbody>
            {recent.map((d) => (
              <tr key={d.date}>
                <td>{formatDay(d.date)}</td>
                <td className="num">{formatNumber(d.free)}</td>
                <td className="num">{formatNumber(d.paid)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        {stats.paidMessages
          ? `Đang bật gửi tin tính phí (48 giờ – 7 ngày sau lần nhắn cuối). Tháng này: ${formatNumber(stats.paidThisMonth)} tin` +
            (stats.paidPriceVnd > 0 ? `, khoảng ${formatNumber(stats.paidThisMonth * stats.paidPriceVnd)} đ` : "") +
            (stats.paidMonthlyAllowance > 0 ? ` (gói gồm ${formatNumber(stats.paidMonthlyAllowance)} tin/tháng).` : ".")
          : "Chỉ gửi tin miễn phí: nhắc việc và thông báo không gửi cho người đã quá 48 giờ không nhắn OA."}
      </p>
    </Card>
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

function minutesText(minutes: number | null): string {
  if (minutes === null) return "–";
  if (minutes < 60) return `${Math.round(minutes)} phút`;
  if (minutes < 48 * 60) return `${Math.round((minutes / 60) * 10) / 10} giờ`;
  return `${Math.round((minutes / 1440) * 10) / 10} ngày`;
}

/** Median time from a resident's request to a member taking it, and to done, per unit (last 30 days). */
function ResponseTimesCard({ times }: { times: UnitDashboard["responseTimes"] }) {
  return (
    <Card title="Thời gian phản hồi yêu cầu (30 ngày)">
      <div data-testid="response-times">
        <p>
          Trung vị từ lúc người dân gửi đến khi có đoàn viên nhận:{" "}
          <b>{minutesText(times.overall.medianToClaimMinutes)}</b>; đến khi xong:{" "}
          <b>{minutesText(times.overall.medianToDoneMinutes)}</b> ({times.overall.asked} yêu cầu, {times.overall.done}{" "}
          đã xong).
        </p>
        {times.units.length > 1 ? (
          <table className="table">
            <thead>
              <tr>
                <th>Đơn vị</th>
                <th className="num">Nhận</th>
                <th className="num">Xong</th>
              </tr>
            </thead>
            <tbody>
              {times.units.map((u) => (
                <tr key={u.code}>
                  <td>
                    {u.name} ({u.asked})
                  </td>
                  <td className="num">{minutesText(u.medianToClaimMinutes)}</td>
                  <td className="num">{minutesText(u.medianToDoneMinutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
    </Card>
  );
}

/**
 * The organisation's unit ranking, a page at a time: a province has thousands of units, and a cheap phone on weak
 * data should not load them all to show the first screen. A search narrows it (ranks stay organisation-wide).
 */
function UnitRankingCard({ first, total }: { first: RankedUnit[]; total: number }) {
  const { typed, setTyped, query: search } = useDebouncedSearch();
  const list = usePagedRows(
    first,
    total,
    async (offset, unitsSearch) => {
      const d = await api.organisationDashboard({ unitsOffset: offset, unitsSearch: unitsSearch || undefined });
      return { rows: d.units, total: d.unitsTotal };
    },
    search,
  );
  const units = list.rows;
  return (
    <Card title="Xếp hạng đơn vị (tuần này)">
      <SearchField
        value={typed}
        onChange={setTyped}
        placeholder="Tìm đơn vị, ví dụ: hoang son"
        label="Tìm đơn vị"
        name="unit-ranking-search"
      />
      {units.length === 0 && !list.busy ? <p className="muted">Không có đơn vị nào khớp.</p> : null}
      {units.length > 0 ? (
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
              {units.map((u) => (
                <tr key={u.code} data-testid="ranked-unit">
                  <td className="num">{u.rank}</td>
                  <td>{unitSearchLabel(u.name, u.matchedFormerName ?? null)}</td>
                  <td className="num">{formatNumber(u.thisWeek.people)}</td>
                  <td className="num">{u.targetPeoplePerWeek > 0 ? formatPercent(u.progress) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <PagedRowsFooter
        shown={units.length}
        total={list.total}
        noun="đơn vị"
        busy={list.busy}
        error={list.error}
        onMore={list.more}
        testId="ranked-units-count"
      />
    </Card>
  );
}
