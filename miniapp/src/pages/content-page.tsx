import type { ContentItem } from "@xks/shared/api/content";
import { CONTENT_KIND_LABELS, CONTENT_KINDS, type ContentKind } from "@xks/shared/labels";
import { useEffect, useState } from "react";
import { useNavigate } from "zmp-ui";
import { api, publicApiUrl } from "../api/api.ts";
import { Chip } from "../components/form-controls.tsx";
import { formatDateTime } from "../components/format.ts";
import { PinIcon, SearchIcon } from "../components/icons.tsx";
import { EmptyState, ErrorText, Loading, Screen } from "../components/screen.tsx";
import { useResource } from "../components/use-resource.ts";

/** Waits for the member to stop typing before searching (weak networks, one request per pause). */
const SEARCH_DEBOUNCE_MS = 350;

/** The union's content: pinned first, search (with or without diacritics), filter by kind. */
export function ContentPage() {
  const navigate = useNavigate();
  const [kind, setKind] = useState<ContentKind | null>(null);
  const [typed, setTyped] = useState("");
  const [q, setQ] = useState("");
  useEffect(() => {
    const timer = window.setTimeout(() => setQ(typed.trim()), SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [typed]);
  const list = useResource(() => api.content({ q: q || undefined, kind: kind ?? undefined }), [q, kind]);

  return (
    <Screen title="Tài liệu & thông báo" testId="content-page">
      <label className="search">
        <SearchIcon />
        <input
          type="search"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          placeholder="Tìm tài liệu, ví dụ: dinh danh"
          aria-label="Tìm tài liệu"
        />
      </label>
      <div className="chips chips-scroll">
        <Chip selected={kind === null} onToggle={() => setKind(null)}>
          Tất cả
        </Chip>
        {CONTENT_KINDS.map((k) => (
          <Chip key={k} selected={kind === k} onToggle={() => setKind(k)}>
            {CONTENT_KIND_LABELS[k]}
          </Chip>
        ))}
      </div>
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorText>{list.error}</ErrorText>
      {list.data && list.data.items.length === 0 ? <EmptyState>Không tìm thấy tài liệu phù hợp.</EmptyState> : null}
      <ul className="plain-list" data-testid="content-list">
        {(list.data?.items ?? []).map((item) => (
          <li key={item.id}>
            <button
              type="button"
              className="card content-card"
              onClick={() => navigate(`/content/${item.id}`, { state: { item } })}
            >
              {item.imageUrl ? <img src={publicApiUrl(item.imageUrl)} alt="" className="content-thumb" /> : null}
              <span className="content-meta">
                {item.pinned ? (
                  <span className="tag tag-pinned">
                    <PinIcon /> Ghim
                  </span>
                ) : null}
                <span className={`tag tag-kind-${item.kind.toLowerCase()}`}>{CONTENT_KIND_LABELS[item.kind]}</span>
              </span>
              <span className="content-title">{item.title}</span>
              <span className="content-excerpt">{excerpt(item)}</span>
            </button>
          </li>
        ))}
      </ul>
    </Screen>
  );
}

function excerpt(item: ContentItem): string {
  if (item.eventAt) return `Diễn ra lúc ${formatDateTime(item.eventAt)}`;
  const text = item.body.replace(/\s+/g, " ").trim();
  return text.length > 110 ? `${text.slice(0, 110)}…` : text;
}
