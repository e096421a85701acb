import type { PrivacyWarning, UnansweredGroup, UnansweredSort } from "@xks/shared/api/knowledge";
import { KNOWLEDGE_PHRASING_MAX_CHARS } from "@xks/shared/knowledge/admin-labels";
import { useState } from "react";
import { Button, useNavigate } from "zmp-ui";
import { api } from "../../api/api.ts";
import { describeError } from "../../api/api-client.ts";
import { Field, Segmented } from "../../components/form-controls.tsx";
import { formatDateTime } from "../../components/format.ts";
import { EmptyState, ErrorText, Loading, ResourceStatus, Screen } from "../../components/screen.tsx";
import { SearchField, useDebouncedSearch } from "../../components/search-field.tsx";
import { useToast } from "../../components/toast.tsx";
import { useAction } from "../../components/use-action.ts";
import { useResource } from "../../components/use-resource.ts";

const PAGE_SIZE = 20;

/** What the bot could not answer, grouped and counted, for admins to turn into phrasings or new answers. */
export function UnansweredAdminPage() {
  const [sort, setSort] = useState<UnansweredSort>("newest");
  const [page, setPage] = useState(1);
  const list = useResource(() => api.unanswered({ sort, page, pageSize: PAGE_SIZE }), [sort, page]);
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  return (
    <Screen title="Câu hỏi chưa trả lời được" back testId="unanswered-admin-page">
      <p className="muted">
        Người dân đã hỏi mà bot chưa trả lời được. Bot dùng ngay từ tin nhắn sau những gì bạn thêm. Thông tin cá nhân đã
        được ẩn; câu hỏi giữ 90 ngày.
      </p>
      <Segmented
        label="Sắp xếp"
        value={sort}
        onChange={(value) => {
          setSort(value);
          setPage(1);
        }}
        options={[
          { value: "newest", label: "Mới nhất" },
          { value: "frequent", label: "Hỏi nhiều nhất" },
        ]}
      />
      <ResourceStatus resource={list} />
      {list.data && list.data.items.length === 0 ? <EmptyState>Không còn câu hỏi nào chờ xử lý.</EmptyState> : null}
      {list.data && list.data.total > 0 ? (
        <p className="muted" data-testid="unanswered-total">
          {list.data.total} nhóm câu hỏi đang chờ
        </p>
      ) : null}
      <ul className="plain-list" data-testid="unanswered-list">
        {(list.data?.items ?? []).map((group) => (
          <UnansweredRow key={group.normalized} group={group} onChanged={() => void list.reload()} />
        ))}
      </ul>
      {pages > 1 ? (
        <div className="row-actions">
          <Button variant="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            ‹ Trang trước
          </Button>
          <Button variant="secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            Trang sau ›
          </Button>
        </div>
      ) : null}
    </Screen>
  );
}

function UnansweredRow({ group, onChanged }: { group: UnansweredGroup; onChanged(): void }) {
  const navigate = useNavigate();
  const { busy, error, act } = useAction(onChanged);
  const [picking, setPicking] = useState(false);
  return (
    <li className="card unanswered-row" data-testid="unanswered-row" data-normalized={group.normalized}>
      <p className="unanswered-text">“{group.sampleText}”</p>
      <p className="muted">
        <span className="tag">{group.count === 1 ? "Hỏi 1 lần" : `Hỏi ${group.count} lần`}</span> · lần cuối{" "}
        {formatDateTime(group.lastAskedAt)}
      </p>
      {group.bestGuess ? (
        <p className="muted">
          Bot đoán: {group.bestGuess.label} ({Math.round(group.bestGuess.confidence * 100)}%)
        </p>
      ) : null}
      <ErrorText>{error}</ErrorText>
      {picking ? (
        <AddToEntry group={group} onCancel={() => setPicking(false)} onDone={onChanged} />
      ) : (
        <div className="stacked-actions">
          <Button onClick={() => setPicking(true)} disabled={busy}>
            Thêm vào câu hỏi có sẵn
          </Button>
          <Button
            variant="secondary"
            disabled={busy}
            onClick={() =>
              navigate("/admin/knowledge/new", {
                state: { fromUnanswered: { normalized: group.normalized, text: group.sampleText } },
              })
            }
          >
            Viết câu trả lời mới
          </Button>
          <Button
            variant="tertiary"
            loading={busy}
            onClick={() => act(() => api.dismissUnanswered(group.normalized), "Đã bỏ qua câu hỏi.")}
          >
            Bỏ qua
          </Button>
        </div>
      )}
    </li>
  );
}

/** Pick the entry by search (the bot's guess first), adjust the wording, add it as a phrasing. */
function AddToEntry({ group, onCancel, onDone }: { group: UnansweredGroup; onCancel(): void; onDone(): void }) {
  const guess = group.bestGuess?.kind === "ENTRY" ? group.bestGuess : null;
  const { typed, setTyped, query: q } = useDebouncedSearch();
  const [chosen, setChosen] = useState<{ id: string; title: string } | null>(
    guess ? { id: guess.id, title: guess.label } : null,
  );
  const [text, setText] = useState(group.sampleText.slice(0, KNOWLEDGE_PHRASING_MAX_CHARS));
  const [warnings, setWarnings] = useState<PrivacyWarning[]>([]);
  const results = useResource(() => (q ? api.knowledgeEntries({ q, limit: 8 }) : Promise.resolve(null)), [q]);
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const add = async () => {
    if (!chosen) return setError("Vui lòng chọn một câu trả lời có sẵn.");
    setBusy(true);
    setError(null);
    try {
      const result = await api.addUnansweredAsPhrasing({
        normalized: group.normalized,
        entryId: chosen.id,
        text: text.trim(),
      });
      toast.show(`Đã thêm vào «${chosen.title}». Bot dùng ngay từ tin nhắn sau.`, "success");
      // A privacy warning stays on screen until the admin has read it.
      if (result.warnings.length > 0) setWarnings(result.warnings);
      else onDone();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="entry-picker" data-testid="entry-picker">
      <Field label="Câu hỏi sẽ thêm" hint="Có thể sửa cho gọn, bỏ phần không cần thiết.">
        <textarea
          className="text-input"
          rows={2}
          maxLength={KNOWLEDGE_PHRASING_MAX_CHARS}
          value={text}
          onChange={(e) => setText(e.target.value)}
          name="phrasing"
        />
      </Field>
      <Field label="Thêm vào câu trả lời">
        {chosen ? (
          <p className="picked-entry" data-testid="picked-entry">
            <span>
              Đã chọn: <b>{chosen.title}</b>
            </span>
            <button type="button" className="link-button" onClick={() => setChosen(null)}>
              Chọn câu khác
            </button>
          </p>
        ) : (
          <>
            <SearchField
              value={typed}
              onChange={setTyped}
              placeholder="Tìm, ví dụ: quen mat khau"
              label="Tìm câu trả lời có sẵn"
              name="entry-search"
            />
            {results.loading && q ? <Loading /> : null}
            {results.data && results.data.items.length === 0 ? (
              <EmptyState>Không tìm thấy. Thử từ khác, hoặc viết câu trả lời mới.</EmptyState>
            ) : null}
            <ul className="plain-list">
              {(results.data?.items ?? []).map((item) => (
                <li key={item.id}>
                  <button
                    type="button"
                    className="card entry-choice"
                    data-testid="entry-choice"
                    onClick={() => setChosen({ id: item.id, title: item.title })}
                  >
                    <b>{item.title}</b>
                    <span className="muted">{item.answerPreview}</span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </Field>
      {warnings.map((w) => (
        <p key={w.field} className="confirm-box" role="alert">
          {w.message}
        </p>
      ))}
      <ErrorText>{error}</ErrorText>
      <div className="stacked-actions">
        {warnings.length > 0 ? (
          <Button onClick={onDone}>Đã hiểu</Button>
        ) : (
          <>
            <Button loading={busy} disabled={!chosen || text.trim().length < 2} onClick={() => void add()}>
              Thêm cách hỏi này
            </Button>
            <Button variant="tertiary" disabled={busy} onClick={onCancel}>
              Hủy
            </Button>
          </>
        )}
      </div>
    </div>
  );
}
