import type { Takeover } from "@xks/shared/api/takeovers";
import { Button } from "zmp-ui";
import { api } from "../../api/api.ts";
import { formatDateTime } from "../../components/format.ts";
import { EmptyState, ErrorText, ResourceStatus, Screen } from "../../components/screen.tsx";
import { useAction } from "../../components/use-action.ts";
import { useResource } from "../../components/use-resource.ts";

/**
 * Conversations the union's staff are answering by hand in Zalo's OA chat tool: the assistant stays silent for these
 * residents until the time shown, or until someone gives the conversation back here (or the resident types «menu»).
 */
export function TakeoversAdminPage() {
  const list = useResource(() => api.takeovers(), []);
  return (
    <Screen title="Cán bộ đang trả lời" back testId="takeovers-admin-page">
      <p className="muted">
        Khi cán bộ trả lời người dân trong công cụ chat của OA, trợ lý tự động im lặng với người đó. Trả lại cho trợ lý
        khi đã trả lời xong.
      </p>
      <ResourceStatus resource={list} />
      {list.data && list.data.items.length === 0 ? (
        <EmptyState>Không có cuộc trò chuyện nào do cán bộ trả lời.</EmptyState>
      ) : null}
      <ul className="plain-list" data-testid="takeover-list">
        {(list.data?.items ?? []).map((takeover) => (
          <TakeoverRow key={takeover.residentId} takeover={takeover} onChanged={() => void list.reload()} />
        ))}
      </ul>
    </Screen>
  );
}

function TakeoverRow({ takeover, onChanged }: { takeover: Takeover; onChanged(): void }) {
  const { busy, error, act } = useAction(onChanged);
  return (
    <li className="card" data-testid="takeover-row" data-resident={takeover.residentId}>
      <b>{takeover.displayName ?? "Người dân (chưa rõ tên)"}</b>
      {takeover.unitName ? <p className="muted">{takeover.unitName}</p> : null}
      <p className="muted">
        Cán bộ trả lời từ {formatDateTime(takeover.since)}
        <br />
        Trợ lý im lặng đến {formatDateTime(takeover.until)}
      </p>
      <ErrorText>{error}</ErrorText>
      <Button
        loading={busy}
        onClick={() => act(() => api.giveBackToAssistant(takeover.residentId), "Đã trả lại cho trợ lý.")}
      >
        Trả lại cho trợ lý
      </Button>
    </li>
  );
}
