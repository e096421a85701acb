import type { HelpRequestDetail, HelpRequestEvent } from "@xks/shared/api/help-requests";
import {
  HELP_CANCEL_REASON_LABELS,
  HELP_EVENT_LABELS,
  MEMBER_CANCEL_REASONS,
  type MemberCancelReason,
} from "@xks/shared/labels";
import { useState } from "react";
import { Button, useNavigate, useParams } from "zmp-ui";
import { api } from "../api/api.ts";
import { describeError } from "../api/api-client.ts";
import { Field, Segmented } from "../components/form-controls.tsx";
import { formatDateTime } from "../components/format.ts";
import { Card, ErrorText, ResourceStatus, Screen } from "../components/screen.tsx";
import { useToast } from "../components/toast.tsx";
import { UnitSelect } from "../components/unit-select.tsx";
import { useAction } from "../components/use-action.ts";
import { useResource } from "../components/use-resource.ts";
import { isLeadOrAdmin, useSession } from "../session/session.tsx";

const STATUS_TEXT = { OPEN: "Đang chờ người nhận", CLAIMED: "Đã có người nhận", DONE: "Đã xong", CANCELLED: "Đã đóng" };

type Panel = null | "hand-over" | "cancel";

/**
 * One request: who asked and how to reach them (tap to call), what they need, its history, and what the member can
 * do now. Completing it opens the assistance-log form prefilled from it (services, one person, the hamlet).
 */
export function HelpDetailPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const toast = useToast();
  const { member } = useSession();
  const detail = useResource(() => api.helpRequest(id), [id]);
  const [panel, setPanel] = useState<Panel>(null);
  const { busy, error, act } = useAction(() => {
    setPanel(null);
    void detail.reload();
  });
  const [completing, setCompleting] = useState(false);
  const [completeError, setCompleteError] = useState<string | null>(null);

  const d = detail.data;
  if (!d) {
    return (
      <Screen title="Yêu cầu hỗ trợ" back testId="help-detail-page">
        <ResourceStatus resource={detail} />
      </Screen>
    );
  }
  const mine = d.claimedBy?.id === member?.id;
  const lead = isLeadOrAdmin(member);
  const canChange = d.status === "CLAIMED" && (mine || lead);
  const logIt = (request: HelpRequestDetail) =>
    navigate(`/log?help=${encodeURIComponent(request.id)}`, { state: { help: request } });

  const complete = async () => {
    setCompleting(true);
    setCompleteError(null);
    try {
      await api.completeHelp(d.id);
      toast.show("Đã hoàn thành. Người dân sẽ nhận được tin nhắn cảm ơn. Bạn ghi nhận lượt hỗ trợ nhé.", "success");
      logIt({ ...d, status: "DONE" });
    } catch (err) {
      setCompleteError(describeError(err));
    } finally {
      setCompleting(false);
    }
  };

  return (
    <Screen title="Yêu cầu hỗ trợ" back testId="help-detail-page">
      <div className="help-detail" data-status={d.status}>
        <p className={`help-status help-status-${d.status.toLowerCase()}`}>{STATUS_TEXT[d.status]}</p>
        <h2 className="help-detail-topic">{d.topic}</h2>
        <p className="muted">
          {d.unit.name} · gửi lúc {formatDateTime(d.createdAt)}
        </p>
      </div>

      <Card title="Người dân">
        <div data-testid="help-contact">
          <p className="help-resident-name">{d.residentName ?? "Người dân (chưa có tên)"}</p>
          {d.contactAddress ? (
            <p>
              Thôn/xóm: <b>{d.contactAddress}</b>
            </p>
          ) : (
            <p className="muted">Chưa có địa chỉ thôn/xóm.</p>
          )}
          <p>Thời gian mong muốn: {d.preferredTime}</p>
          {d.note ? <p className="help-note">“{d.note}”</p> : null}
          {d.contactPhone ? (
            <a className="call-button" href={`tel:${d.contactPhone}`} data-testid="call-resident">
              Gọi {d.contactPhone}
            </a>
          ) : d.contactPhoneAfterClaim ? (
            <p className="muted" data-testid="phone-after-claim">
              Người dân đã để lại số điện thoại. Số hiện ra khi bạn nhận hỗ trợ.
            </p>
          ) : (
            <p className="muted">Người dân chưa để lại số điện thoại: hãy liên hệ qua đơn vị.</p>
          )}
        </div>
      </Card>

      <Card title="Việc cần làm">
        <ErrorText>{error ?? completeError}</ErrorText>
        {d.claimedBy ? (
          <p>
            Người nhận: <b>{mine ? "Bạn" : d.claimedBy.name}</b>
          </p>
        ) : null}
        {d.status === "OPEN" ? (
          <Button
            fullWidth
            loading={busy}
            onClick={() => act(() => api.claimHelp(d.id), "Bạn đã nhận yêu cầu. Người dân đã được báo qua Zalo.")}
          >
            Nhận hỗ trợ
          </Button>
        ) : null}
        {canChange ? (
          <Button fullWidth loading={completing} onClick={() => void complete()}>
            Đã hoàn thành – ghi nhận
          </Button>
        ) : null}
        {d.status === "DONE" && mine && !d.assistanceLogId ? (
          <Button fullWidth variant="secondary" onClick={() => logIt(d)}>
            Ghi nhận lượt hỗ trợ này
          </Button>
        ) : null}
        {d.status === "DONE" && d.assistanceLogId ? <p className="muted">Đã ghi nhận lượt hỗ trợ.</p> : null}
        <div className="row-actions help-more-actions">
          {canChange ? (
            <Button
              variant="tertiary"
              size="small"
              disabled={busy}
              onClick={() => act(() => api.releaseHelp(d.id), "Đã trả lại yêu cầu. Đoàn viên khác sẽ nhận.")}
            >
              Trả lại
            </Button>
          ) : null}
          {canChange || (d.status === "OPEN" && lead) ? (
            <Button
              variant="tertiary"
              size="small"
              onClick={() => setPanel(panel === "hand-over" ? null : "hand-over")}
            >
              {d.status === "OPEN" ? "Giao cho đoàn viên" : "Chuyển người khác"}
            </Button>
          ) : null}
          {canChange || d.status === "OPEN" ? (
            <Button variant="tertiary" size="small" onClick={() => setPanel(panel === "cancel" ? null : "cancel")}>
              Đóng / chuyển đơn vị
            </Button>
          ) : null}
        </div>
        {panel === "hand-over" ? (
          <HandOverPanel
            request={d}
            busy={busy}
            onPick={(memberId, name) =>
              act(() => api.handOverHelp(d.id, { memberId }), `Đã chuyển cho ${name}. Người dân đã được báo.`)
            }
          />
        ) : null}
        {panel === "cancel" ? (
          <CancelPanel
            request={d}
            busy={busy}
            canClose={canChange || lead}
            onConfirm={(reason, unitCode) =>
              act(
                async () => {
                  await api.cancelHelp(d.id, { reason, ...(unitCode ? { unitCode } : {}) });
                  // Moved to another unit: it is theirs now, back to the inbox.
                  if (reason === "WRONG_UNIT") navigate("/help", { replace: true });
                },
                reason === "WRONG_UNIT" ? "Đã chuyển yêu cầu sang đơn vị đúng." : "Đã đóng yêu cầu.",
              )
            }
          />
        ) : null}
      </Card>

      <Card title="Lịch sử">
        <ol className="help-history" data-testid="help-history">
          {d.events.map((event) => (
            <li key={event.id}>
              <b>{HELP_EVENT_LABELS[event.kind]}</b> {describeEvent(event)}
              <small className="muted"> · {formatDateTime(event.at)}</small>
            </li>
          ))}
        </ol>
      </Card>
    </Screen>
  );
}

function describeEvent(event: HelpRequestEvent): string {
  const parts: string[] = [];
  if (event.actor) parts.push(`— ${event.actor.name}`);
  if (event.toMember) parts.push(`→ ${event.toMember.name}`);
  if (event.kind === "MOVED" && event.toUnit) parts.push(`→ ${event.toUnit.name}`);
  if (event.reason && event.kind !== "MOVED") parts.push(`(${HELP_CANCEL_REASON_LABELS[event.reason].toLowerCase()})`);
  return parts.join(" ");
}

function HandOverPanel({
  request,
  busy,
  onPick,
}: {
  request: HelpRequestDetail;
  busy: boolean;
  onPick(memberId: string, name: string): void;
}) {
  const colleagues = useResource(() => api.helpColleagues(request.id), [request.id]);
  const choices = (colleagues.data?.items ?? []).filter((m) => m.id !== request.claimedBy?.id);
  return (
    <div className="help-panel" data-testid="hand-over-panel">
      <p className="muted">Chọn đoàn viên của {request.unit.name} sẽ liên hệ người dân:</p>
      <ResourceStatus resource={colleagues} />
      {colleagues.data && choices.length === 0 ? <p className="muted">Đơn vị chưa có đoàn viên khác.</p> : null}
      <ul className="plain-list">
        {choices.map((m) => (
          <li key={m.id}>
            <Button fullWidth variant="secondary" disabled={busy} onClick={() => onPick(m.id, m.name)}>
              {m.name}
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function CancelPanel({
  request,
  busy,
  canClose,
  onConfirm,
}: {
  request: HelpRequestDetail;
  busy: boolean;
  canClose: boolean;
  onConfirm(reason: MemberCancelReason, unitCode?: string): void;
}) {
  const reasons = MEMBER_CANCEL_REASONS.filter((r) => canClose || r === "WRONG_UNIT");
  const [reason, setReason] = useState<MemberCancelReason>(reasons[0] ?? "WRONG_UNIT");
  const units = useResource(() => api.units(), []);
  const [unitCode, setUnitCode] = useState("");
  // A resident may name their commune by its 2023 name: the picker finds the commune it is part of today.
  const otherUnits = (units.data?.items ?? []).filter((u) => u.code !== request.unit.code);
  return (
    <div className="help-panel" data-testid="cancel-panel">
      <Segmented
        label="Lý do"
        stacked
        value={reason}
        onChange={setReason}
        options={reasons.map((r) => ({ value: r, label: HELP_CANCEL_REASON_LABELS[r] }))}
      />
      {reason === "WRONG_UNIT" ? (
        <Field label="Người dân ở đơn vị nào?">
          <UnitSelect units={otherUnits} value={unitCode} onChange={setUnitCode} selectLabel="Đơn vị đúng" />
        </Field>
      ) : null}
      <Button
        fullWidth
        disabled={busy || (reason === "WRONG_UNIT" && !unitCode)}
        onClick={() => onConfirm(reason, reason === "WRONG_UNIT" ? unitCode : undefined)}
      >
        {reason === "WRONG_UNIT" ? "Chuyển sang đơn vị này" : "Đóng yêu cầu"}
      </Button>
    </div>
  );
}
