import type { ContentItem } from "@xks/shared/api/content";
import { CONTENT_KIND_LABELS, CONTENT_KINDS, type ContentKind } from "@xks/shared/labels";
import { useState } from "react";
import { Button, useNavigate, useParams } from "zmp-ui";
import { api, publicApiUrl } from "../../api/api.ts";
import { describeError } from "../../api/api-client.ts";
import { Chip, Field, FilePicker } from "../../components/form-controls.tsx";
import { QrCode } from "../../components/qr-code.tsx";
import { Card, ErrorText, Loading, Screen } from "../../components/screen.tsx";
import { useToast } from "../../components/toast.tsx";
import { useResource } from "../../components/use-resource.ts";

/** All content, published or not, with a button to add one. */
export function ContentAdminPage() {
  const navigate = useNavigate();
  const list = useResource(() => api.content({ includeUnpublished: true }), []);
  return (
    <Screen title="Quản lý nội dung" back testId="content-admin-page">
      <Button fullWidth size="large" onClick={() => navigate("/admin/content/new")}>
        Thêm nội dung
      </Button>
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorText>{list.error}</ErrorText>
      <ul className="plain-list mt">
        {(list.data?.items ?? []).map((item) => (
          <li key={item.id}>
            <button
              type="button"
              className="card content-card"
              onClick={() => navigate(`/admin/content/${item.id}`, { state: { item } })}
            >
              <span className="content-meta">
                <span className="tag">{CONTENT_KIND_LABELS[item.kind]}</span>
                {item.pinned ? <span className="tag tag-pinned">Ghim</span> : null}
                {item.published ? null : <span className="tag tag-waiting">Chưa đăng</span>}
              </span>
              <span className="content-title">{item.title}</span>
            </button>
          </li>
        ))}
      </ul>
    </Screen>
  );
}

interface Draft {
  kind: ContentKind;
  title: string;
  body: string;
  imageId: string | null;
  imageUrl: string | null;
  qrTarget: string;
  pinned: boolean;
  published: boolean;
  eventAt: string;
}

function draftFrom(item: ContentItem | null): Draft {
  return {
    kind: item?.kind ?? "GUIDE",
    title: item?.title ?? "",
    body: item?.body ?? "",
    imageId: item?.imageId ?? null,
    imageUrl: item?.imageUrl ?? null,
    qrTarget: item?.qrTarget ?? "",
    pinned: item?.pinned ?? false,
    published: item?.published ?? true,
    // datetime-local wants "YYYY-MM-DDTHH:mm" in local time.
    eventAt: item?.eventAt ? toLocalInput(item.eventAt) : "",
  };
}

function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Create or edit one item: text, image upload, QR target, pinned/published, event time for notices. */
export function ContentEditorPage() {
  const { id } = useParams();
  const isNew = !id || id === "new";
  const existing = useResource(() => (isNew ? Promise.resolve(null) : api.contentItem(id)), [id]);
  if (!isNew && !existing.data) {
    return (
      <Screen title="Sửa nội dung" back>
        {existing.error ? <ErrorText>{existing.error}</ErrorText> : <Loading />}
      </Screen>
    );
  }
  return <ContentEditor key={id ?? "new"} item={existing.data} />;
}

function ContentEditor({ item }: { item: ContentItem | null }) {
  const navigate = useNavigate();
  const toast = useToast();
  const [draft, setDraft] = useState<Draft>(() => draftFrom(item));
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const upload = async (file: File) => {
    setUploading(true);
    setError(null);
    try {
      const image = await api.uploadImage(file);
      setDraft((d) => ({ ...d, imageId: image.id, imageUrl: image.url }));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setUploading(false);
    }
  };

  const save = async () => {
    setError(null);
    if (!draft.title.trim()) return setError("Vui lòng nhập tiêu đề.");
    if (draft.kind === "QR" && !draft.qrTarget.trim()) return setError("Mã QR cần có đường dẫn đích.");
    if (draft.kind === "INFOGRAPHIC" && !draft.imageId) return setError("Infographic cần có ảnh.");
    const body = {
      kind: draft.kind,
      title: draft.title.trim(),
      body: draft.body,
      imageId: draft.imageId,
      qrTarget: draft.qrTarget.trim() || null,
      pinned: draft.pinned,
      published: draft.published,
      eventAt: draft.eventAt ? new Date(draft.eventAt).toISOString() : null,
    };
    setBusy(true);
    try {
      if (item) await api.updateContent(item.id, body);
      else await api.createContent(body);
      toast.show("Đã lưu nội dung.", "success");
      navigate("/admin/content", { replace: true });
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen title={item ? "Sửa nội dung" : "Thêm nội dung"} back testId="content-editor-page">
      <Field label="Loại">
        <div className="chips">
          {CONTENT_KINDS.map((k) => (
            <Chip key={k} selected={draft.kind === k} onToggle={() => set("kind", k)}>
              {CONTENT_KIND_LABELS[k]}
            </Chip>
          ))}
        </div>
      </Field>
      <Field label="Tiêu đề">
        <input
          className="text-input"
          value={draft.title}
          maxLength={200}
          onChange={(e) => set("title", e.target.value)}
          name="title"
        />
      </Field>
      <Field label="Nội dung" hint='Xuống dòng hai lần để tách đoạn; bắt đầu dòng bằng "- " để liệt kê.'>
        <textarea
          className="text-input"
          rows={8}
          value={draft.body}
          onChange={(e) => set("body", e.target.value)}
          name="body"
        />
      </Field>
      <Field label="Ảnh (JPEG hoặc PNG, tối đa 1 MB)">
        <FilePicker
          label="Chọn ảnh…"
          accept="image/jpeg,image/png"
          onFile={(file) => void upload(file)}
          fileName={draft.imageId ? "Đã tải ảnh lên" : null}
        />
        {uploading ? <Loading /> : null}
        {draft.imageUrl ? (
          <div className="image-preview">
            <img src={publicApiUrl(draft.imageUrl)} alt="Ảnh đã tải lên" />
            <Button
              size="small"
              variant="tertiary"
              onClick={() => setDraft((d) => ({ ...d, imageId: null, imageUrl: null }))}
            >
              Bỏ ảnh
            </Button>
          </div>
        ) : null}
      </Field>
      <Field label="Đường dẫn cho mã QR (nếu có)" hint="Mã QR được vẽ ngay trên điện thoại từ đường dẫn này.">
        <input
          className="text-input"
          type="url"
          value={draft.qrTarget}
          onChange={(e) => set("qrTarget", e.target.value)}
          placeholder="https://…"
          name="qrTarget"
        />
        {/^https?:\/\/\S+$/.test(draft.qrTarget.trim()) ? <QrCode value={draft.qrTarget.trim()} size={160} /> : null}
      </Field>
      <Field label="Thời gian sự kiện (với thông báo)">
        <input
          className="text-input"
          type="datetime-local"
          value={draft.eventAt}
          onChange={(e) => set("eventAt", e.target.value)}
        />
      </Field>
      <Card>
        <label className="check-row">
          <input type="checkbox" checked={draft.pinned} onChange={(e) => set("pinned", e.target.checked)} />
          <span>
            <b>Ghim lên đầu</b>
          </span>
        </label>
        <label className="check-row">
          <input type="checkbox" checked={draft.published} onChange={(e) => set("published", e.target.checked)} />
          <span>
            <b>Đăng ngay</b>
            <small>Bỏ chọn để lưu nháp, đoàn viên chưa thấy.</small>
          </span>
        </label>
      </Card>
      <ErrorText>{error}</ErrorText>
      <div className="sticky-actions">
        <Button fullWidth size="large" loading={busy} onClick={save}>
          Lưu nội dung
        </Button>
      </div>
    </Screen>
  );
}
