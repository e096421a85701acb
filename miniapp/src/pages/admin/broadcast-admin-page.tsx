import type { BroadcastAudience } from "@xks/shared/api/broadcasts";
import { useState } from "react";
import { Button } from "zmp-ui";
import { api } from "../../api/api.ts";
import { describeError } from "../../api/api-client.ts";
import { Field, Segmented } from "../../components/form-controls.tsx";
import { formatNumber } from "../../components/format.ts";
import { Card, ErrorText, Screen } from "../../components/screen.tsx";
import { useToast } from "../../components/toast.tsx";
import { useResource } from "../../components/use-resource.ts";

/**
 * Compose a notice, see how many people an OA message can reach (Zalo's 7-day window), send. The server fans it
 * out in the background, around quiet hours and Zalo's quotas.
 */
export function BroadcastAdminPage() {
  const toast = useToast();
  const [kind, setKind] = useState<BroadcastAudience["kind"]>("residents");
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  const [linkUrl, setLinkUrl] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const preview = useResource(() => api.previewBroadcast({ kind }), [kind]);

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.createBroadcast({
        title: title.trim(),
        text: text.trim(),
        audience: { kind },
        ...(linkUrl.trim() ? { linkUrl: linkUrl.trim() } : {}),
      });
      toast.show("Đã gửi thông báo, hệ thống đang chuyển tới từng người.", "success");
      setTitle("");
      setText("");
      setLinkUrl("");
      setConfirming(false);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen title="Gửi thông báo" back testId="broadcast-admin-page">
      <Card>
        <Field label="Gửi tới">
          <Segmented
            label="Gửi tới"
            value={kind}
            onChange={setKind}
            options={[
              { value: "residents", label: "Người dân" },
              { value: "members", label: "Đoàn viên" },
            ]}
          />
        </Field>
        {preview.data ? (
          <p className="muted">
            {formatNumber(preview.data.total)} người, gửi được tới {formatNumber(preview.data.reachable)}.
            {preview.data.unreachable.outsideWindow > 0
              ? ` ${formatNumber(preview.data.unreachable.outsideWindow)} người quá 7 ngày không nhắn OA nên Zalo không cho gửi.`
              : ""}
          </p>
        ) : null}
        <ErrorText>{preview.error}</ErrorText>
        <Field label="Tiêu đề">
          <input className="text-input" value={title} maxLength={120} onChange={(e) => setTitle(e.target.value)} />
        </Field>
        <Field label="Nội dung" hint="Tối đa 2.000 ký tự (giới hạn của Zalo).">
          <textarea
            className="text-input"
            rows={5}
            value={text}
            maxLength={2000}
            onChange={(e) => setText(e.target.value)}
          />
        </Field>
        <Field label="Đường dẫn (không bắt buộc)">
          <input className="text-input" type="url" value={linkUrl} onChange={(e) => setLinkUrl(e.target.value)} />
        </Field>
        <ErrorText>{error}</ErrorText>
        {confirming ? (
          <div className="row-actions">
            <Button loading={busy} onClick={send}>
              Xác nhận gửi
            </Button>
            <Button variant="tertiary" onClick={() => setConfirming(false)}>
              Hủy
            </Button>
          </div>
        ) : (
          <Button fullWidth disabled={!title.trim() || !text.trim()} onClick={() => setConfirming(true)}>
            Gửi thông báo
          </Button>
        )}
      </Card>
    </Screen>
  );
}
