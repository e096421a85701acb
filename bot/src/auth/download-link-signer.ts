import { createHmac, timingSafeEqual } from "node:crypto";
import type { SignedLinkQuery } from "@xks/shared/api/common";
import { EXPORT_LINK_TTL_MINUTES } from "@xks/shared/api/exports";
import { QR_LINK_TTL_MINUTES, type QrFormat, type QrKind } from "@xks/shared/api/qr-codes";
import { ForbiddenError } from "../errors.ts";

/** What a signed link downloads. The signature covers all of it, so a link for one thing never opens another. */
export type DownloadSubject =
  | { kind: "export"; exportId: string }
  | { kind: "qr"; qrKind: QrKind; id: string; format: QrFormat };

interface SubjectRules {
  ttlMs: number;
  invalid: { code: string; message: string };
  expired: { code: string; message: string };
}

/** Per kind of download: how long its links live, and what a refused one says (stable codes for clients). */
const RULES: Record<DownloadSubject["kind"], SubjectRules> = {
  export: {
    ttlMs: EXPORT_LINK_TTL_MINUTES * 60_000,
    invalid: { code: "EXPORT_LINK_INVALID", message: "Liên kết tải không hợp lệ. Vui lòng mở lại trang xuất báo cáo." },
    expired: {
      code: "EXPORT_LINK_EXPIRED",
      message: "Liên kết tải đã hết hạn. Vui lòng mở lại trang xuất báo cáo để lấy liên kết mới.",
    },
  },
  qr: {
    ttlMs: QR_LINK_TTL_MINUTES * 60_000,
    invalid: { code: "QR_LINK_INVALID", message: "Liên kết tải mã QR không hợp lệ. Vui lòng bấm tải lại." },
    expired: {
      code: "QR_LINK_EXPIRED",
      message: "Liên kết tải mã QR đã hết hạn. Vui lòng bấm tải lại để lấy liên kết mới.",
    },
  },
};

export const EXPORT_LINK_TTL_MS = RULES.export.ttlMs;
export const QR_LINK_TTL_MS = RULES.qr.ttlMs;

/** The subject's fields in a fixed order, by kind: JSON, so no id can run into the next field. */
function fieldsOf(subject: DownloadSubject): string[] {
  switch (subject.kind) {
    case "export":
      return ["export", subject.exportId];
    case "qr":
      return ["qr", subject.qrKind, subject.id, subject.format];
  }
}

/** Where the file is served: the routes that verify these links. */
function pathOf(subject: DownloadSubject): string {
  switch (subject.kind) {
    case "export":
      return `/api/exports/${encodeURIComponent(subject.exportId)}/file`;
    case "qr":
      return `/api/qr/${subject.qrKind}/${encodeURIComponent(subject.id)}/${subject.format}/file`;
  }
}

/**
 * Short-lived download links (exports, QR posters): `<path>?exp=…&m=…&sig=…`, an HMAC-SHA256 over what the link
 * downloads (its kind and ids), the member it was issued to and the expiry, keyed by a key derived from
 * SESSION_SECRET (its own purpose string, so a link can never be replayed as a session token or the reverse). A
 * plain GET URL with no header, because Zalo's webview and `downloadFile` cannot send `Authorization` and may not
 * save a blob. The route that serves the file verifies the link, then checks the member may still have it.
 */
export class DownloadLinkSigner {
  private readonly key: Buffer;

  constructor(sessionSecret: string) {
    this.key = createHmac("sha256", sessionSecret).update("xks/download-link/v2").digest();
  }

  private mac(subject: DownloadSubject, memberId: string, expiresAt: number): Buffer {
    return createHmac("sha256", this.key)
      .update(JSON.stringify([...fieldsOf(subject), memberId, expiresAt]))
      .digest();
  }

  /** The path and query of the download, valid for its kind's TTL from `now`. */
  sign(subject: DownloadSubject, memberId: string, now = new Date()): { url: string; expiresAt: Date } {
    const expiresAt = now.getTime() + RULES[subject.kind].ttlMs;
    const sig = this.mac(subject, memberId, expiresAt).toString("base64url");
    const query = new URLSearchParams({ exp: String(expiresAt), m: memberId, sig });
    return { url: `${pathOf(subject)}?${query}`, expiresAt: new Date(expiresAt) };
  }

  /**
   * Throws 403 `<KIND>_LINK_INVALID` for a link it did not sign for this subject (altered, forged, or signed for
   * another file), `<KIND>_LINK_EXPIRED` for one past its time. Returns the member the link was issued to.
   */
  verify(subject: DownloadSubject, query: SignedLinkQuery, now = new Date()): { memberId: string } {
    const rules = RULES[subject.kind];
    const given = Buffer.from(query.sig, "base64url");
    const expected = this.mac(subject, query.m, query.exp);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ForbiddenError(rules.invalid.message, rules.invalid.code);
    }
    if (now.getTime() > query.exp) throw new ForbiddenError(rules.expired.message, rules.expired.code);
    return { memberId: query.m };
  }
}
