import type { HelpRequest, HelpStatus } from "@xks/shared/api/help-requests";
import { useState } from "react";
import { Button, useNavigate } from "zmp-ui";
import { api } from "../api/api.ts";
import { Segmented } from "../components/form-controls.tsx";
import { formatDateTime, serviceLabel } from "../components/format.ts";
import { EmptyState, ErrorText, Loading, Screen } from "../components/screen.tsx";
import { useAction } from "../components/use-action.ts";
import { useResource } from "../components/use-resource.ts";
import { useSession } from "../session/session.tsx";

const TABS = [
  { value: "OPEN", label: "Đang chờ" },
  { value: "CLAIMED", label: "Đã nhận" },
  { value: "DONE", label: "Đã xong" },
] as const satisfies readonly { value: HelpStatus; label: string }[];
type Tab = (typeof TABS)[number]["value"];

/** The unit's inbox of residents' requests from the chatbot: claim with one tap, complete with one tap. */
export function HelpPage() {
  const [tab, setTab] = useState<Tab>("OPEN");
  const list = useResource(() => api.helpRequests(tab), [tab]);
  return (
    <Screen title="Yêu cầu của người dân" testId="help-page">
      <Segmented label="Trạng thái" value={tab} onChange={setTab} options={TABS} />
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorText>{list.error}</ErrorText>
      {list.data && list.data.items.length === 0 ? (
        <EmptyState>
          {tab === "OPEN" ? "Không có yêu cầu nào đang chờ. " : ""}
          {tab === "CLAIMED" ? "Chưa ai nhận yêu cầu nào. " : ""}
          {tab === "DONE" ? "Chưa có yêu cầu nào hoàn thành. " : ""}
        </EmptyState>
      ) : null}
      <ul className="plain-list" data-testid="help-list">
        {(list.data?.items ?? []).map((request) => (
          <HelpCard key={request.id} request={request} onChanged={() => void list.reload()} />
        ))}
      </ul>
    </Screen>
  );
}

function HelpCard({ request, onChanged }: { request: HelpRequest; onChanged(): void }) {
  const navigate = useNavigate();
  const { member } = useSession();
  const { busy, error, act } = useAction(onChanged);
  const mine = request.claimedBy?.id === member?.id;

  return (
    <li className="card help-card" data-testid="help-card" data-help-id={request.id}>
      <p className="help-topic">{serviceLabel(request.topic)}</p>
      <p>
        <b>{request.residentName ?? "Người dân"}</b> · {request.unit.name}
      </p>
      <p>Thời gian mong muốn: {request.preferredTime}</p>
      {request.note ? <p className="help-note">“{request.note}”</p> : null}
      <small className="muted">
        Gửi lúc {formatDateTime(request.createdAt)}
        {request.escalationLevel > 0 ? " · Đã nhắc bí thư" : ""}
      </small>
      {request.claimedBy ? (
        <p className="muted">
          Người nhận: <b>{mine ? "Bạn" : request.claimedBy.name}</b>
        </p>
      ) : null}
      {request.rating ? <p>Người dân đánh giá: {"★".repeat(request.rating)}</p> : null}
      <ErrorText>{error}</ErrorText>
      {request.status === "OPEN" ? (
        <Button
          fullWidth
          loading={busy}
          onClick={() => act(() => api.claimHelp(request.id), "Bạn đã nhận yêu cầu. Người dân đã được báo qua Zalo.")}
        >
          Nhận hỗ trợ
        </Button>
      ) : null}
      {request.status === "CLAIMED" && mine ? (
        <div className="row-actions">
          <Button
            loading={busy}
            onClick={() =>
              act(() => api.completeHelp(request.id), "Đã hoàn thành. Người dân sẽ nhận được tin nhắn cảm ơn.")
            }
          >
            Đã hoàn thành
          </Button>
          <Button variant="secondary" onClick={() => navigate(`/log?help=${request.id}`)}>
            Ghi nhận hỗ trợ
          </Button>
        </div>
      ) : null}
    </li>
  );
}
