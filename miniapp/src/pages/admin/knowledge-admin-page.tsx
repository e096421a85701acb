import type { KnowledgeEntryDetail, KnowledgeTopic, PrivacyWarning } from "@xks/shared/api/knowledge";
import {
  KNOWLEDGE_ANSWER_MAX_CHARS,
  KNOWLEDGE_PHRASING_MAX_CHARS,
  KNOWLEDGE_TITLE_MAX_CHARS,
  KNOWLEDGE_TOPIC_LABELS,
} from "@xks/shared/knowledge/admin-labels";
import { KNOWLEDGE_TOPICS } from "@xks/shared/knowledge/types";
import { useState } from "react";
import { Button, useLocation, useNavigate, useParams } from "zmp-ui";
import { api } from "../../api/api.ts";
import { describeError } from "../../api/api-client.ts";
import { Chip, Field } from "../../components/form-controls.tsx";
import { formatDateTime } from "../../components/format.ts";
import { Card, EmptyState, ErrorText, Loading, ResourceStatus, Screen } from "../../components/screen.tsx";
import { SearchField, useDebouncedSearch } from "../../components/search-field.tsx";
import { useToast } from "../../components/toast.tsx";
import { useResource } from "../../components/use-resource.ts";

/** The answers the bot gives: search, open one to edit it or add ways of asking. */
export function KnowledgeAdminPage() {
  const navigate = useNavigate();
  const { typed, setTyped, query: q } = useDebouncedSearch();
  const [topic, setTopic] = useState<KnowledgeTopic | null>(null);
  const list = useResource(
    () => api.knowledgeEntries({ q: q || undefined, topic: topic ?? undefined, includeDisabled: true, limit: 100 }),
    [q, topic],
  );
  return (
    <Screen title="Kho câu trả lời" back testId="knowledge-admin-page">
      <SearchField
        value={typed}
        onChange={setTyped}
        placeholder="Tìm, ví dụ: quen mat khau vneid"
        label="Tìm câu trả lời"
        name="knowledge-search"
      />
      <div className="chips chips-scroll">
        <Chip selected={topic === null} onToggle={() => setTopic(null)}>
          Tất cả
        </Chip>
        {KNOWLEDGE_TOPICS.map((t) => (
          <Chip key={t} selected={topic === t} onToggle={() => setTopic(t)}>
            {KNOWLEDGE_TOPIC_LABELS[t]}
          </Chip>
        ))}
      </div>
      <Button fullWidth variant="secondary" onClick={() => navigate("/admin/knowledge/new")}>
        Viết câu trả lời mới
      </Button>
      <ResourceStatus resource={list} />
      {list.data ? (
        <p className="muted">
          {list.data.total > list.data.items.length
            ? `${list.data.items.length} trên ${list.data.total} câu trả lời, tìm để thu hẹp`
            : `${list.data.total} câu trả lời`}
        </p>
      ) : null}
      {list.data && list.data.items.length === 0 ? <EmptyState>Không có câu trả lời nào khớp.</EmptyState> : null}
      <ul className="plain-list" data-testid="knowledge-list">
        {(list.data?.items ?? []).map((item) => (
          <li key={item.id}>
            <button
              type="button"
              className="card content-card"
              data-testid="knowledge-row"
              data-entry-id={item.id}
              onClick={() => navigate(`/admin/knowledge/${encodeURIComponent(item.id)}`)}
            >
              <span className="content-meta">
                <span className="tag">{KNOWLEDGE_TOPIC_LABELS[item.topic]}</span>
                {item.origin === "CUSTOM" ? <span className="tag tag-pinned">Do quản trị viết</span> : null}
                {item.origin === "FILE" && item.edited ? <span className="tag tag-pinned">Đã sửa</span> : null}
                {item.disabled ? <span className="tag tag-waiting">Đang tắt</span> : null}
              </span>
              <span className="content-title">{item.title}</span>
              <span className="content-excerpt">{item.answerPreview}</span>
            </button>
          </li>
        ))}
      </ul>
    </Screen>
  );
}

function WarningList({ warnings }: { warnings: readonly PrivacyWarning[] }) {
  return (
    <>
      {warnings.map((w) => (
        <p key={w.field} className="confirm-box" role="alert">
          {w.message}
        </p>
      ))}
    </>
  );
}

/** One entry: edit the answer, title and link; add or remove ways of asking; turn it off. */
export function KnowledgeEntryPage() {
  const { id = "" } = useParams();
  const entry = useResource(() => api.knowledgeEntry(id), [id]);
  if (!entry.data) {
    return (
      <Screen title="Câu trả lời" back>
        {entry.error ? <ErrorText>{entry.error}</ErrorText> : <Loading />}
      </Screen>
    );
  }
  return <KnowledgeEntryEditor key={`${entry.data.id}`} initial={entry.data} />;
}

function KnowledgeEntryEditor({ initial }: { initial: KnowledgeEntryDetail }) {
  const toast = useToast();
  const [entry, setEntry] = useState(initial);
  const [title, setTitle] = useState(initial.title);
  const [answer, setAnswer] = useState(initial.answer);
  const [linkTitle, setLinkTitle] = useState(initial.link?.title ?? "");
  const [linkUrl, setLinkUrl] = useState(initial.link?.url ?? "");
  const [phrasing, setPhrasing] = useState("");
  const [warnings, setWarnings] = useState<PrivacyWarning[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (
    key: string,
    action: () => Promise<{ entry: KnowledgeEntryDetail; warnings: PrivacyWarning[] }>,
    done: string,
  ) => {
    setBusy(key);
    setError(null);
    try {
      const result = await action();
      setEntry(result.entry);
      setWarnings(result.warnings);
      toast.show(done, "success");
      return result.entry;
    } catch (err) {
      setError(describeError(err));
      return null;
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    if (!title.trim()) return setError("Vui lòng nhập tiêu đề.");
    if (!answer.trim()) return setError("Vui lòng nhập câu trả lời.");
    if ((linkTitle.trim() === "") !== (linkUrl.trim() === "")) {
      return setError("Đường dẫn cần cả tên nút và địa chỉ (hoặc để trống cả hai).");
    }
    const link = linkUrl.trim() ? { title: linkTitle.trim(), url: linkUrl.trim() } : null;
    const sameLink = (entry.link?.url ?? "") === (link?.url ?? "") && (entry.link?.title ?? "") === (link?.title ?? "");
    const body = {
      ...(title.trim() !== entry.title ? { title: title.trim() } : {}),
      ...(answer.trim() !== entry.answer ? { answer: answer.trim() } : {}),
      ...(sameLink ? {} : { link }),
    };
    if (Object.keys(body).length === 0) return toast.show("Không có gì thay đổi.", "success");
    await run(
      "save",
      () => api.updateKnowledgeEntry(entry.id, body),
      "Đã lưu. Bot dùng câu trả lời này từ tin nhắn sau.",
    );
  };

  const restore = async () => {
    const restored = await run(
      "restore",
      () => api.updateKnowledgeEntry(entry.id, { title: null, answer: null, link: "file" }),
      "Đã khôi phục nội dung gốc.",
    );
    if (restored) {
      setTitle(restored.title);
      setAnswer(restored.answer);
      setLinkTitle(restored.link?.title ?? "");
      setLinkUrl(restored.link?.url ?? "");
    }
  };

  const addPhrasing = async () => {
    const text = phrasing.trim();
    if (text.length < 2) return setError("Vui lòng nhập câu hỏi.");
    const added = await run("add", () => api.addKnowledgePhrasing(entry.id, text), "Đã thêm cách hỏi.");
    if (added) setPhrasing("");
  };

  const overridden = entry.overridden.title || entry.overridden.answer || entry.overridden.link;
  return (
    <Screen title="Sửa câu trả lời" back testId="knowledge-entry-page">
      <p className="content-meta">
        <span className="tag">{KNOWLEDGE_TOPIC_LABELS[entry.topic]}</span>
        {entry.origin === "CUSTOM" ? <span className="tag tag-pinned">Do quản trị viết</span> : null}
        {entry.disabled ? <span className="tag tag-waiting">Đang tắt</span> : null}
      </p>
      {entry.outdated ? (
        <p className="confirm-box">Nội dung gốc đã được cập nhật sau lần sửa này: nên đọc lại và khôi phục nếu cần.</p>
      ) : null}
      {entry.editedAt ? <p className="muted">Sửa lần cuối {formatDateTime(entry.editedAt)}</p> : null}
      <Field label={`Tiêu đề (tối đa ${KNOWLEDGE_TITLE_MAX_CHARS} ký tự, là tên nút trên Zalo)`}>
        <input
          className="text-input"
          value={title}
          maxLength={KNOWLEDGE_TITLE_MAX_CHARS}
          onChange={(e) => setTitle(e.target.value)}
          name="title"
        />
      </Field>
      <AnswerField
        value={answer}
        onChange={setAnswer}
        rows={10}
        advice='Viết ngắn, gọi người dân là "bạn", đánh số các bước 1., 2.'
      />
      <LinkFields
        title={linkTitle}
        url={linkUrl}
        onTitle={setLinkTitle}
        onUrl={setLinkUrl}
        titlePlaceholder="Tên nút, ví dụ: Cổng Dịch vụ công"
      />
      <WarningList warnings={warnings} />
      <ErrorText>{error}</ErrorText>
      <div className="row-actions">
        <Button loading={busy === "save"} disabled={busy !== null} onClick={() => void save()}>
          Lưu câu trả lời
        </Button>
        {entry.origin === "FILE" && overridden ? (
          <Button
            variant="tertiary"
            loading={busy === "restore"}
            disabled={busy !== null}
            onClick={() => void restore()}
          >
            Khôi phục bản gốc
          </Button>
        ) : null}
      </div>

      <Card title="Các cách người dân hỏi" className="mt">
        {entry.addedQuestions.length > 0 ? (
          <p className="muted">Chữ xanh: cách hỏi do quản trị viên thêm, có thể xóa.</p>
        ) : null}
        <ul className="phrasing-list" data-testid="phrasing-list">
          {entry.fileQuestions.map((q) => (
            <li key={`f-${q}`}>{q}</li>
          ))}
          {entry.addedQuestions.map((q) => (
            <li key={`a-${q}`} className="phrasing-added" data-testid="added-phrasing">
              <span>{q}</span>
              <button
                type="button"
                className="link-button"
                aria-label={`Xóa cách hỏi: ${q}`}
                disabled={busy !== null}
                onClick={() => void run("remove", () => api.removeKnowledgePhrasing(entry.id, q), "Đã xóa cách hỏi.")}
              >
                Xóa
              </button>
            </li>
          ))}
        </ul>
        <Field label="Thêm cách hỏi" hint="Gõ như người dân hay gõ, có dấu hay không dấu đều được.">
          <input
            className="text-input"
            value={phrasing}
            maxLength={KNOWLEDGE_PHRASING_MAX_CHARS}
            onChange={(e) => setPhrasing(e.target.value)}
            placeholder="Ví dụ: quen mk vneid lam sao"
            name="new-phrasing"
          />
        </Field>
        <Button
          fullWidth
          variant="secondary"
          loading={busy === "add"}
          disabled={busy !== null}
          onClick={() => void addPhrasing()}
        >
          Thêm cách hỏi
        </Button>
      </Card>

      {entry.sources.length > 0 ? (
        <Card title="Nguồn chính thức">
          <ul className="phrasing-list">
            {entry.sources.map((s) => (
              <li key={s.url}>
                {s.title} <span className="muted">(kiểm tra {s.checkedOn.split("-").reverse().join("/")})</span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      <Card>
        <p className="muted">
          {entry.disabled
            ? "Câu trả lời đang tắt: bot không dùng nó để trả lời."
            : "Tắt khi câu trả lời không còn đúng: bot sẽ không dùng nó nữa, có thể bật lại sau."}
        </p>
        <Button
          fullWidth
          variant={entry.disabled ? "primary" : "tertiary"}
          loading={busy === "toggle"}
          disabled={busy !== null}
          onClick={() =>
            void run(
              "toggle",
              () => api.setKnowledgeEntryDisabled(entry.id, !entry.disabled),
              entry.disabled ? "Đã bật lại câu trả lời." : "Đã tắt câu trả lời.",
            )
          }
        >
          {entry.disabled ? "Bật lại câu trả lời" : "Tắt câu trả lời này"}
        </Button>
      </Card>
    </Screen>
  );
}

interface FromUnanswered {
  normalized: string;
  text: string;
}

/** A new answer written by an admin, from scratch or from a question the bot could not answer. */
export function KnowledgeNewEntryPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const toast = useToast();
  const from = (location.state as { fromUnanswered?: FromUnanswered } | null)?.fromUnanswered ?? null;
  const [topic, setTopic] = useState<KnowledgeTopic | null>(null);
  const [title, setTitle] = useState("");
  const [answer, setAnswer] = useState("");
  const [questions, setQuestions] = useState(from ? from.text.slice(0, KNOWLEDGE_PHRASING_MAX_CHARS) : "");
  const [linkTitle, setLinkTitle] = useState("");
  const [linkUrl, setLinkUrl] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<PrivacyWarning[]>([]);
  const [createdId, setCreatedId] = useState<string | null>(null);

  const save = async () => {
    setError(null);
    const phrasings = questions
      .split("\n")
      .map((q) => q.trim())
      .filter(Boolean);
    if (!topic) return setError("Vui lòng chọn chủ đề.");
    if (!title.trim()) return setError("Vui lòng nhập tiêu đề.");
    if (!answer.trim()) return setError("Vui lòng nhập câu trả lời.");
    if (phrasings.length === 0) return setError("Cần ít nhất một cách hỏi.");
    if (phrasings.some((q) => q.length > KNOWLEDGE_PHRASING_MAX_CHARS)) {
      return setError(`Mỗi cách hỏi tối đa ${KNOWLEDGE_PHRASING_MAX_CHARS} ký tự.`);
    }
    if ((linkTitle.trim() === "") !== (linkUrl.trim() === "")) {
      return setError("Đường dẫn cần cả tên nút và địa chỉ (hoặc để trống cả hai).");
    }
    const body = {
      topic,
      title: title.trim(),
      answer: answer.trim(),
      questions: phrasings,
      link: linkUrl.trim() ? { title: linkTitle.trim(), url: linkUrl.trim() } : null,
    };
    setBusy(true);
    try {
      const result = from
        ? await api.createEntryFromUnanswered({ normalized: from.normalized, ...body })
        : await api.createKnowledgeEntry(body);
      toast.show("Đã thêm câu trả lời. Bot dùng ngay từ tin nhắn sau.", "success");
      const id = result.entry?.id ?? null;
      if (result.warnings.length > 0) {
        setWarnings(result.warnings);
        setCreatedId(id);
      } else if (id) {
        navigate(`/admin/knowledge/${encodeURIComponent(id)}`, { replace: true });
      }
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen title="Viết câu trả lời mới" back testId="knowledge-new-page">
      {from ? (
        <Card title="Người dân đã hỏi">
          <p className="unanswered-text">“{from.text}”</p>
        </Card>
      ) : null}
      <Field label="Chủ đề">
        <div className="chips">
          {KNOWLEDGE_TOPICS.map((t) => (
            <Chip key={t} selected={topic === t} onToggle={() => setTopic(t)}>
              {KNOWLEDGE_TOPIC_LABELS[t]}
            </Chip>
          ))}
        </div>
      </Field>
      <Field label={`Tiêu đề (tối đa ${KNOWLEDGE_TITLE_MAX_CHARS} ký tự)`}>
        <input
          className="text-input"
          value={title}
          maxLength={KNOWLEDGE_TITLE_MAX_CHARS}
          placeholder="Ví dụ: Xem lịch cắt điện"
          onChange={(e) => setTitle(e.target.value)}
          name="title"
        />
      </Field>
      <AnswerField value={answer} onChange={setAnswer} rows={8} advice="Đánh số các bước 1., 2." />
      <Field label="Các cách hỏi (mỗi dòng một câu)">
        <textarea
          className="text-input"
          rows={4}
          value={questions}
          onChange={(e) => setQuestions(e.target.value)}
          name="questions"
        />
      </Field>
      <LinkFields
        title={linkTitle}
        url={linkUrl}
        onTitle={setLinkTitle}
        onUrl={setLinkUrl}
        titlePlaceholder="Tên nút"
      />
      <WarningList warnings={warnings} />
      <ErrorText>{error}</ErrorText>
      <div className="sticky-actions">
        {createdId ? (
          <Button
            fullWidth
            size="large"
            onClick={() => navigate(`/admin/knowledge/${encodeURIComponent(createdId)}`, { replace: true })}
          >
            Đã hiểu, xem câu trả lời
          </Button>
        ) : (
          <Button fullWidth size="large" loading={busy} onClick={() => void save()}>
            Lưu câu trả lời
          </Button>
        )}
      </div>
    </Screen>
  );
}

/** The answer residents read, with its length against Zalo's limit and a line of writing advice. */
function AnswerField(props: { value: string; onChange: (value: string) => void; rows: number; advice: string }) {
  return (
    <Field label="Câu trả lời" hint={`${props.value.length}/${KNOWLEDGE_ANSWER_MAX_CHARS} ký tự. ${props.advice}`}>
      <textarea
        className="text-input"
        rows={props.rows}
        maxLength={KNOWLEDGE_ANSWER_MAX_CHARS}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        name="answer"
      />
    </Field>
  );
}

/** The official-page button of an entry: its title and its address (editing an entry and writing a new one). */
function LinkFields(props: {
  title: string;
  url: string;
  onTitle: (value: string) => void;
  onUrl: (value: string) => void;
  titlePlaceholder: string;
}) {
  return (
    <Field label="Nút mở trang chính thức (nếu có)">
      <input
        className="text-input"
        value={props.title}
        maxLength={KNOWLEDGE_TITLE_MAX_CHARS}
        placeholder={props.titlePlaceholder}
        onChange={(e) => props.onTitle(e.target.value)}
        name="linkTitle"
      />
      <input
        className="text-input mt"
        type="url"
        value={props.url}
        placeholder="https://…"
        onChange={(e) => props.onUrl(e.target.value)}
        name="linkUrl"
      />
    </Field>
  );
}
