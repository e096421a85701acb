import type { ContentItem } from "@xks/shared/api/content";
import { CONTENT_KIND_LABELS } from "@xks/shared/labels";
import { useLocation, useParams } from "zmp-ui";
import { api, publicApiUrl } from "../api/api.ts";
import { formatDateTime } from "../components/format.ts";
import { QrCode } from "../components/qr-code.tsx";
import { ErrorText, Loading, Screen } from "../components/screen.tsx";
import { useResource } from "../components/use-resource.ts";

/** One item: the text as paragraphs and lists, its image, its QR code drawn locally. */
export function ContentDetailPage() {
  const { id = "" } = useParams();
  const passed = (useLocation().state as { item?: ContentItem } | null)?.item;
  const loaded = useResource(() => (passed ? Promise.resolve(passed) : api.contentItem(id)), [id, passed]);
  const item = loaded.data;
  return (
    <Screen title={item ? CONTENT_KIND_LABELS[item.kind] : "Tài liệu"} back testId="content-detail-page">
      {loaded.loading && !item ? <Loading /> : null}
      <ErrorText>{loaded.error}</ErrorText>
      {item ? (
        <article className="article">
          <h1>{item.title}</h1>
          {item.eventAt ? <p className="event-at">Thời gian: {formatDateTime(item.eventAt)}</p> : null}
          {item.imageUrl ? <img src={publicApiUrl(item.imageUrl)} alt={item.title} className="article-image" /> : null}
          {item.qrTarget ? (
            <div className="qr-box">
              <QrCode value={item.qrTarget} />
              <p>Quét mã bằng Zalo hoặc camera điện thoại</p>
              <a href={item.qrTarget} target="_blank" rel="noreferrer" className="qr-link">
                Mở đường dẫn
              </a>
            </div>
          ) : null}
          <ArticleBody text={item.body} />
          <p className="muted">Cập nhật {formatDateTime(item.updatedAt)}</p>
        </article>
      ) : null}
    </Screen>
  );
}

/** Plain text with blank-line paragraphs and "- " bullets, as admins type it. No HTML is ever injected. */
function ArticleBody({ text }: { text: string }) {
  const blocks = text.split(/\n\s*\n/).filter((b) => b.trim());
  return (
    <>
      {blocks.map((block, i) => {
        const lines = block.split("\n").filter((l) => l.trim());
        const bullets = lines.filter((l) => /^\s*[-•*]\s+/.test(l));
        const key = `${i}-${block.slice(0, 12)}`;
        if (bullets.length > 0 && bullets.length === lines.length) {
          return (
            <ul key={key}>
              {lines.map((l, j) => (
                <li key={`${key}-${j.toString()}`}>{l.replace(/^\s*[-•*]\s+/, "")}</li>
              ))}
            </ul>
          );
        }
        return (
          <div key={key}>
            {lines.map((l, j) =>
              /^\s*[-•*]\s+/.test(l) ? (
                <p key={`${key}-${j.toString()}`} className="bullet">
                  • {l.replace(/^\s*[-•*]\s+/, "")}
                </p>
              ) : (
                <p key={`${key}-${j.toString()}`}>{l}</p>
              ),
            )}
          </div>
        );
      })}
    </>
  );
}
