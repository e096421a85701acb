import { foldVietnamese } from "@xks/shared/text/fold-vietnamese";

/** Long enough for a poster's title; short enough for every phone's file system (255 bytes, 3 per letter). */
const FILE_NAME_MAX_CHARS = 80;

/**
 * `Content-Disposition: attachment` for a file name in Vietnamese: `filename*` (RFC 6266/8187, UTF-8,
 * percent-encoded) which every current browser and Zalo's downloader prefer, and a plain `filename` fallback with
 * the diacritics folded away ("Mã QR - Thi Đoàn.png" → "ma-qr-thi-doan.png") for the old clients that only read
 * that one. Characters that no file system accepts (`/ \ : * ? " < > |`, control characters) become spaces.
 */
export function attachmentDisposition(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  const extension = dot > 0 ? fileName.slice(dot + 1).replace(/[^A-Za-z0-9]/g, "") : "";
  const stem = (dot > 0 ? fileName.slice(0, dot) : fileName)
    .normalize("NFC")
    .replace(/[\p{Cc}/\\:*?"<>|]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  const shortStem = [...stem].slice(0, FILE_NAME_MAX_CHARS).join("").trim() || "tep";
  const suffix = extension ? `.${extension}` : "";
  const ascii = (foldVietnamese(shortStem).replace(/ /g, "-") || "tep") + suffix;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc8187(shortStem + suffix)}`;
}

/** Percent-encoding for `filename*`: `encodeURIComponent` leaves `'()*` alone, which that syntax reserves. */
function encodeRfc8187(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
