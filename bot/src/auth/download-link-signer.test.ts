import { describe, expect, it } from "vitest";
import {
  DownloadLinkSigner,
  type DownloadSubject,
  EXPORT_LINK_TTL_MS,
  QR_LINK_TTL_MS,
} from "./download-link-signer.ts";

const SECRET = "a-session-secret-of-the-right-length-0123456789";
const NOW = new Date("2026-03-02T01:30:00Z");
const POSTER: DownloadSubject = { kind: "qr", qrKind: "quiz", id: "quiz1", format: "png" };

function queryOf(url: string) {
  const q = new URL(url, "http://x").searchParams;
  return { exp: Number(q.get("exp")), m: q.get("m") ?? "", sig: q.get("sig") ?? "" };
}

function codeOf(run: () => void): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe("DownloadLinkSigner", () => {
  const signer = new DownloadLinkSigner(SECRET);

  it("points each kind at its route and expires it after that kind's TTL", () => {
    const poster = signer.sign(POSTER, "member1", NOW);
    expect(poster.url.startsWith("/api/qr/quiz/quiz1/png/file?exp=")).toBe(true);
    expect(poster.expiresAt.getTime()).toBe(NOW.getTime() + QR_LINK_TTL_MS);
    const exported = signer.sign({ kind: "export", exportId: "e/1" }, "member1", NOW);
    expect(exported.url.startsWith("/api/exports/e%2F1/file?exp=")).toBe(true);
    expect(exported.expiresAt.getTime()).toBe(NOW.getTime() + EXPORT_LINK_TTL_MS);
  });

  it("accepts its own link until the expiry, and names the member it was issued to", () => {
    const query = queryOf(signer.sign(POSTER, "member1", NOW).url);
    expect(signer.verify(POSTER, query, new Date(query.exp))).toEqual({ memberId: "member1" });
    expect(codeOf(() => signer.verify(POSTER, query, new Date(query.exp + 1)))).toBe("QR_LINK_EXPIRED");
  });

  it("refuses a link for any other file, member, expiry or secret, with the code of the kind asked for", () => {
    const query = queryOf(signer.sign(POSTER, "member1", NOW).url);
    const others: DownloadSubject[] = [
      { ...POSTER, format: "svg" },
      { ...POSTER, qrKind: "event" },
      { ...POSTER, id: "quiz2" },
    ];
    for (const other of others) expect(codeOf(() => signer.verify(other, query, NOW))).toBe("QR_LINK_INVALID");
    expect(codeOf(() => signer.verify({ kind: "export", exportId: "quiz1" }, query, NOW))).toBe("EXPORT_LINK_INVALID");
    expect(codeOf(() => signer.verify(POSTER, { ...query, m: "member2" }, NOW))).toBe("QR_LINK_INVALID");
    expect(codeOf(() => signer.verify(POSTER, { ...query, exp: query.exp + 1 }, NOW))).toBe("QR_LINK_INVALID");
    expect(codeOf(() => signer.verify(POSTER, { ...query, sig: "short" }, NOW))).toBe("QR_LINK_INVALID");
    expect(codeOf(() => new DownloadLinkSigner(`${SECRET}x`).verify(POSTER, query, NOW))).toBe("QR_LINK_INVALID");
  });

  it("does not let an id run into the next field", () => {
    // Without a field boundary, ("a", member "b\nc") and ("a\nb", member "c") would sign the same bytes.
    const subject: DownloadSubject = { kind: "export", exportId: "a" };
    const query = queryOf(signer.sign(subject, "b\nc", NOW).url);
    expect(codeOf(() => signer.verify({ kind: "export", exportId: "a\nb" }, { ...query, m: "c" }, NOW))).toBe(
      "EXPORT_LINK_INVALID",
    );
  });
});
