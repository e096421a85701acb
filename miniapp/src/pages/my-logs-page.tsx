import type { AssistanceLog } from "@xks/shared/api/assistance-logs";
import { OUTCOME_LABELS } from "@xks/shared/labels";
import { Button, useNavigate } from "zmp-ui";
import { api } from "../api/api.ts";
import { formatDateTime, SERVICE_SHORT_LABELS } from "../components/format.ts";
import { CheckIcon, CloudOffIcon } from "../components/icons.tsx";
import { Card, EmptyState, ResourceStatus, Screen } from "../components/screen.tsx";
import { useResource } from "../components/use-resource.ts";
import { useOutbox } from "../outbox/use-outbox.tsx";

/** Entries waiting on the phone, then the member's recorded entries (correctable for 24 hours). */
export function MyLogsPage() {
  const navigate = useNavigate();
  const outbox = useOutbox();
  const sentCount = outbox.lastSync?.sent ?? 0;
  // Reload the server list whenever a sync has sent something.
  const logs = useResource(() => api.logs({ mine: "true", limit: 30 }), [sentCount, outbox.waiting.length]);

  return (
    <Screen title="Các lượt hỗ trợ của tôi" back testId="my-logs-page">
      <Card
        title={
          <>
            Đang chờ gửi <span data-testid="outbox-count">({outbox.waiting.length})</span>
          </>
        }
      >
        {outbox.waiting.length === 0 ? (
          <p className="muted" data-testid="outbox-empty">
            <CheckIcon /> Mọi lượt hỗ trợ đã được gửi lên hệ thống.
          </p>
        ) : (
          <>
            {!outbox.online ? (
              <p className="muted">
                <CloudOffIcon /> Đang mất mạng. Các lượt dưới đây được lưu an toàn trên máy và tự gửi khi có mạng.
              </p>
            ) : null}
            <ul className="plain-list" data-testid="outbox-list">
              {outbox.waiting.map((entry) => (
                <li key={entry.body.clientId} className="log-item log-item-waiting">
                  <LogSummary
                    services={entry.body.services}
                    people={entry.body.people}
                    minutes={entry.body.minutes}
                    hamlet={entry.body.hamlet}
                    when={entry.body.happenedAt}
                    outcome={entry.body.outcome}
                  />
                  {entry.rejection ? (
                    <>
                      <p className="error-text">Không gửi được: {entry.rejection}</p>
                      <div className="row-actions">
                        <Button size="small" onClick={() => navigate(`/log?outbox=${entry.body.clientId}`)}>
                          Sửa và gửi lại
                        </Button>
                        <Button size="small" variant="tertiary" onClick={() => outbox.discard(entry.body.clientId)}>
                          Xóa
                        </Button>
                      </div>
                    </>
                  ) : (
                    <span className="tag tag-waiting">Chờ gửi</span>
                  )}
                </li>
              ))}
            </ul>
            <Button
              fullWidth
              variant="secondary"
              loading={outbox.syncing}
              onClick={() => void outbox.syncNow()}
              disabled={!outbox.online}
            >
              Gửi ngay
            </Button>
          </>
        )}
      </Card>

      <Card title="Đã ghi nhận">
        <ResourceStatus resource={logs} />
        {logs.data && logs.data.items.length === 0 ? <EmptyState>Bạn chưa ghi nhận lượt hỗ trợ nào.</EmptyState> : null}
        <ul className="plain-list" data-testid="sent-list">
          {(logs.data?.items ?? []).map((log) => (
            <li key={log.id} className="log-item" data-client-id={log.clientId}>
              <LogSummary {...log} when={log.happenedAt} />
              {Date.parse(log.editableUntil) > Date.now() ? (
                <Button size="small" variant="secondary" onClick={() => navigate(`/log/${log.id}`, { state: { log } })}>
                  Sửa
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      </Card>
    </Screen>
  );
}

function LogSummary(
  props: Pick<AssistanceLog, "services" | "people" | "minutes" | "hamlet" | "outcome"> & { when: string },
) {
  return (
    <div className="log-summary">
      <b>{props.services.map((s) => SERVICE_SHORT_LABELS[s]).join(", ")}</b>
      <span>
        {props.people} người · {props.minutes} phút · {props.hamlet}
      </span>
      <small>
        {formatDateTime(props.when)} · {OUTCOME_LABELS[props.outcome]}
      </small>
    </div>
  );
}
