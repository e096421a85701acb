import type { HelpRequest } from "@xks/shared/api/help-requests";
import { useState } from "react";
import { Button, useNavigate } from "zmp-ui";
import { api } from "../api/api.ts";
import { Segmented } from "../components/form-controls.tsx";
import { formatDateTime } from "../components/format.ts";
import { EmptyState, ErrorText, ResourceStatus, Screen } from "../components/screen.tsx";
import { useAction } from "../components/use-action.ts";
import { useResource } from "../components/use-resource.ts";
import { useSession } from "../session/session.tsx";

type Filter = "open" | "mine" | "done";

const EMPTY_TEXT: Record<Filter, string> = {
  open: "Không có yêu cầu nào đang chờ.",
  mine: "Bạn chưa nhận yêu cầu nào.",
  done: "Chưa có yêu cầu nào hoàn thành.",
};

/**
 * The unit's inbox of residents' requests from the chatbot: waiting ones (claim with one tap), the member's own,
 * and finished ones. A card opens the request's page (contact, history, the other actions).
 */
export function HelpPage() {
  const [filter, setFilter] = useState<Filter>("open");
  const counts = useResource(() => api.helpCounts(), []);
  const list = useResource(
    () =>
      filter === "open"
        ? api.helpRequests("OPEN")
        : filter === "mine"
          ? api.helpRequests(undefined, true)
          : api.helpRequests("DONE"),
    [filter],
  );
  const reload = () => {
    void list.reload();
    void counts.reload();
  };
  const open = counts.data?.open;
  const mine = counts.data?.mine;
  const options = [
    { value: "open", label: open ? `Chờ (${open})` : "Đang chờ" },
    { value: "mine", label: mine ? `Của tôi (${mine})` : "Của tôi" },
    { value: "done", label: "Đã xong" },
  ] as const satisfies readonly { value: Filter; label: string }[];

  return (
    <Screen title="Yêu cầu của người dân" testId="help-page">
      <Segmented label="Lọc yêu cầu" value={filter} onChange={setFilter} options={options} />
      <ResourceStatus resource={list} />
      {list.data && list.data.items.length === 0 ? <EmptyState>{EMPTY_TEXT[filter]}</EmptyState> : null}
      <ul className="plain-list" data-testid="help-list">
        {(list.data?.items ?? []).map((request) => (
          <HelpCard key={request.id} request={request} onChanged={reload} />
        ))}
      </ul>
    </Screen>
  );
}

const STATUS_TEXT = { OPEN: "Đang chờ", CLAIMED: "Đã nhận", DONE: "Đã xong", CANCELLED: "Đã đóng" } as const;

function HelpCard({ request, onChanged }: { request: HelpRequest; onChanged(): void }) {
  const navigate = useNavigate();
  const { member } = useSession();
  const { busy, error, act } = useAction(onChanged);
  const mine = request.claimedBy?.id === member?.id;

  return (
    <li className="card help-card" data-testid="help-card" data-help-id={request.id}>
      <button type="button" className="help-card-open" onClick={() => navigate(`/help/${request.id}`)}>
        <span className={`help-status help-status-${request.status.toLowerCase()}`}>{STATUS_TEXT[request.status]}</span>
        <span className="help-topic">{request.topic}</span>
        <span>
          <b>{request.residentName ?? "Người dân"}</b>
          {request.contactAddress ? ` · ${request.contactAddress}` : ""} · {request.unit.name}
        </span>
        <span>Thời gian mong muốn: {request.preferredTime}</span>
        <small className="muted">
          Gửi lúc {formatDateTime(request.createdAt)}
          {request.escalationLevel > 0 ? " · Đã nhắc bí thư" : ""}
          {request.claimedBy ? ` · Người nhận: ${mine ? "Bạn" : request.claimedBy.name}` : ""}
        </small>
      </button>
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
        <Button fullWidth variant="secondary" onClick={() => navigate(`/help/${request.id}`)}>
          Xem cách liên hệ và báo xong
        </Button>
      ) : null}
    </li>
  );
}
