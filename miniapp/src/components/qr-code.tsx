import { toDataURL } from "qrcode";
import { useEffect, useState } from "react";

/** A QR code drawn on the phone from a link: nothing to download, works offline once the content is loaded. */
export function QrCode({ value, size = 240 }: { value: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    toDataURL(value, { width: size, margin: 2, errorCorrectionLevel: "M" })
      .then((url) => {
        if (!cancelled) setSrc(url);
      })
      .catch(() => setSrc(null));
    return () => {
      cancelled = true;
    };
  }, [value, size]);
  return src ? (
    <img className="qr" src={src} width={size} height={size} alt={`Mã QR dẫn tới ${value}`} data-testid="qr-code" />
  ) : (
    <div className="qr qr-placeholder" style={{ width: size, height: size }} />
  );
}
