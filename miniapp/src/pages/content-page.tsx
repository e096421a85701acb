import type { ContentItem } from "@xks/shared/api/content";
import { CONTENT_KIND_LABELS, CONTENT_KINDS, type ContentKind } from "@xks/shared/labels";
import { useState } from "react";
import { useNavigate } from "zmp-ui";
import { api, publicApiUrl } from "../api/api.ts";
import { Chip } from "../components/form-controls.tsx";
import { formatDateTime } from "../components/format.ts";
import { PinIcon } from "../components/icons.tsx";
import { EmptyState, ResourceStatus, Screen } from "../components/screen.tsx";
import { SearchField, useDebouncedSearch } from "../components/search-field.tsx";
import { useResource } from "../components/use-resource.ts";

/** Waits for the member to stop typing before searching (weak networks, one request per pause). */

/** The union's content: pinned first, search (with or without diacritics), filter by kind. */
export function ContentPage() {
  const navigate = useNavigate();
  const [kind, setKind] = useState<ContentKind | null>(null);
  const { typed, setTyped, query: q } = useDebouncedSearch();
  const list = useResource(() => api.content({ q: q || undefined, kind: kind ?? undefined }), [q, kind]);

  return (
    <Screen title="Tài liệu & thông báo" testId="content-page">
      <SearchField
        value={typed}
        onChange={setTyped}
        placeholder="Tìm tài liệu, ví dụ: dinh danh"
        label="Tìm tài liệu"
      />
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
      <ResourceStatus resource={list} />
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
