import type { Member } from "@xks/shared/api/members";
import { useState } from "react";
import { Button } from "zmp-ui";
import { api } from "../../api/api.ts";
import { Segmented } from "../../components/form-controls.tsx";
import { formatDateTime } from "../../components/format.ts";
import { EmptyState, ErrorText, ResourceStatus, Screen } from "../../components/screen.tsx";
import { useAction } from "../../components/use-action.ts";
import { useResource } from "../../components/use-resource.ts";
import { useSession } from "../../session/session.tsx";

type Tab = "PENDING" | "ACTIVE";

/** Approve newcomers (as member, or as unit lead for admins) and remove members. Scoped by the server. */
export function MembersAdminPage() {
  const [tab, setTab] = useState<Tab>("PENDING");
  const list = useResource(() => api.members({ status: tab }), [tab]);
  return (
    <Screen title="Đoàn viên" back testId="members-admin-page">
      <Segmented
        label="Trạng thái"
        value={tab}
        onChange={setTab}
        options={[
          { value: "PENDING", label: "Chờ duyệt" },
          { value: "ACTIVE", label: "Đang hoạt động" },
        ]}
      />
      <ResourceStatus resource={list} />
      {list.data && list.data.items.length === 0 ? (
        <EmptyState>{tab === "PENDING" ? "Không có ai chờ duyệt." : "Chưa có đoàn viên."}</EmptyState>
      ) : null}
      <ul className="plain-list" data-testid="member-list">
        {(list.data?.items ?? []).map((m) => (
          <MemberRow key={m.id} member={m} onChanged={() => void list.reload()} />
        ))}
      </ul>
    </Screen>
  );
}

const ROLE_LABELS = { MEMBER: "Đoàn viên", UNIT_LEAD: "Bí thư", ORG_ADMIN: "Quản trị" } as const;

function MemberRow({ member, onChanged }: { member: Member; onChanged(): void }) {
  const { member: me } = useSession();
  const { busy, error, act } = useAction(onChanged);
  const [confirmRemove, setConfirmRemove] = useState(false);

  return (
    <li className="card member-row" data-testid="member-row" data-zalo-id={member.zaloId}>
      <p>
        <b>{member.name}</b> · {ROLE_LABELS[member.role]}
      </p>
      <p className="muted">
        {member.unit?.name ?? "—"}
        {member.phone ? ` · ${member.phone}` : ""} · đăng ký {formatDateTime(member.createdAt)}
      </p>
      <ErrorText>{error}</ErrorText>
      <div className="row-actions">
        {member.status === "PENDING" ? (
          <>
            <Button loading={busy} onClick={() => act(() => api.approveMember(member.id), `Đã duyệt ${member.name}.`)}>
              Duyệt
            </Button>
            {me?.role === "ORG_ADMIN" ? (
              <Button
                variant="secondary"
                loading={busy}
                onClick={() =>
                  act(() => api.approveMember(member.id, { role: "UNIT_LEAD" }), `Đã duyệt ${member.name} làm bí thư.`)
                }
              >
                Duyệt làm bí thư
              </Button>
            ) : null}
          </>
        ) : null}
        {member.id !== me?.id && member.role !== "ORG_ADMIN" ? (
          confirmRemove ? (
            <Button
              variant="secondary"
              type="danger"
              loading={busy}
              onClick={() => act(() => api.removeMember(member.id), `Đã gỡ ${member.name}.`)}
            >
              Xác nhận gỡ
            </Button>
          ) : (
            <Button variant="tertiary" type="danger" onClick={() => setConfirmRemove(true)}>
              {member.status === "PENDING" ? "Từ chối" : "Gỡ khỏi đơn vị"}
            </Button>
          )
        ) : null}
      </div>
    </li>
  );
}
