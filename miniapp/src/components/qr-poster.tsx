import type { QrCodeInfo, QrFormat, QrKind } from "@xks/shared/api/qr-codes";
import { useEffect, useState } from "react";
import { Button } from "zmp-ui";
import { api } from "../api/api.ts";
import { apiBlob, apiUrl, describeError } from "../api/api-client.ts";
import { openDownload } from "../platform/zalo-platform.ts";
import { ErrorText } from "./screen.tsx";

/**
 * The printable QR code of a quiz, a registration day or a content item, as the server draws it (title and caption
 * under the code), with PNG and SVG downloads for posters. The preview is fetched with the bearer token and shown
 * as an <img> of a blob URL (which webviews display; only saving a blob is what they may refuse); the downloads go
 * through a short-lived signed link, as exports do.
 */
export function QrPoster({ kind, id }: { kind: QrKind; id: string }) {
  const [info, setInfo] = useState<QrCodeInfo | null>(null);
  const [image, setImage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState<QrFormat | null>(null);
  useEffect(() => {
    let url: string | null = null;
    let cancelled = false;
    api
      .qrCode(kind, id)
      .then(async (loaded) => {
        if (cancelled) return;
        setInfo(loaded);
        url = URL.createObjectURL(await apiBlob(loaded.files.png));
        if (!cancelled) setImage(url);
      })
      .catch((err: unknown) => setError(describeError(err)));
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [kind, id]);

  // A signed link opened like an export's, not a blob: Zalo's webview may refuse to save a blob URL, and its
  // `downloadFile` cannot send the bearer token. The server names the file after the title.
  const save = async (format: QrFormat) => {
    if (!info) return;
    setSaving(format);
    setError(null);
    try {
      const link = await api.qrLink(kind, id, format);
      await openDownload(apiUrl(link.url));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setSaving(null);
    }
  };

  return (
    <div className="qr-box" data-testid="qr-poster">
      {image ? (
        <img
          src={image}
          alt={`Mã QR: ${info?.title ?? ""}`}
          className="qr-poster-image"
          data-testid="qr-poster-image"
        />
      ) : (
        <div className="qr qr-placeholder" style={{ width: 240, height: 286 }} />
      )}
      {info ? (
        <p className="muted">
          {info.audience === "resident"
            ? `Người dân quét mã để mở trang OA, rồi nhắn «${info.keyword}».`
            : "Đoàn viên quét mã để mở trang này trong mini-app."}
        </p>
      ) : null}
      <ErrorText>{error}</ErrorText>
      <div className="row-actions">
        <Button size="small" loading={saving === "png"} disabled={!info} onClick={() => void save("png")}>
          Tải ảnh PNG
        </Button>
        <Button
          size="small"
          variant="secondary"
          loading={saving === "svg"}
          disabled={!info}
          onClick={() => void save("svg")}
        >
          Tải SVG (in ấn)
        </Button>
      </div>
    </div>
  );
}
