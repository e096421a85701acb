import type { ContentItem } from "@xks/shared/api/content";
import { CONTENT_KIND_LABELS, CONTENT_KINDS, type ContentKind } from "@xks/shared/labels";
import { describePrivacyWarning } from "@xks/shared/privacy/detect-sensitive-kinds";
import { useState } from "react";
import { Button, useNavigate, useParams } from "zmp-ui";
import { api, publicApiUrl } from "../../api/api.ts";
import { describeError } from "../../api/api-client.ts";
import { Chip, DateTimeField, Field, FilePicker } from "../../components/form-controls.tsx";
import { PrivacyNotice } from "../../components/privacy-notice.tsx";
import { QrCode } from "../../components/qr-code.tsx";
import { QrPoster } from "../../components/qr-poster.tsx";
import { Card, ErrorText, Loading, ResourceStatus, Screen } from "../../components/screen.tsx";
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
      <ResourceStatus resource={list} />
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
  /** ISO 8601, or "" for none. */
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
    eventAt: item?.eventAt ?? "",
  };
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
      eventAt: draft.eventAt || null,
    };
    setBusy(true);
    try {
      const saved = item ? await api.updateContent(item.id, body) : await api.createContent(body);
      // Saved as written: the warning says what the server's privacy guard saw, for the admin to correct.
      const warning = describePrivacyWarning(saved.privacyWarnings);
      toast.show(warning ? `Đã lưu nội dung. ${warning}` : "Đã lưu nội dung.", warning ? "error" : "success");
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
        <PrivacyNotice text={`${draft.title}\n${draft.body}`} />
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
      <DateTimeField
        label="Thời gian sự kiện (với thông báo)"
        value={draft.eventAt}
        onChange={(iso) => set("eventAt", iso)}
      />
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
      {item ? (
        <Card title="Mã QR để in (mở trang này trong mini-app)">
          <QrPoster kind="content" id={item.id} />
        </Card>
      ) : null}
      <ErrorText>{error}</ErrorText>
      <div className="sticky-actions">
        <Button fullWidth size="large" loading={busy} onClick={save}>
          Lưu nội dung
        </Button>
      </div>
    </Screen>
  );
}
