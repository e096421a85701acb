import { useCallback, useEffect, useRef, useState } from "react";
import { Button } from "zmp-ui";
import { formatNumber } from "./format.ts";
import { ErrorText } from "./screen.tsx";

export interface Page<T> {
  rows: T[];
  total: number;
}

/**
 * A long list shown a page at a time (a province's units, an organisation's members): what a cheap phone on weak
 * data loads first is one page, and "Xem thêm" appends the next. `query` (a search) replaces the list with its
 * first page; an answer that arrives after a newer query is dropped. `firstRows`/`firstTotal` are the page that came
 * with the screen (keep `firstRows` the same array between renders, as a loaded resource is).
 */
export function usePagedRows<T>(
  firstRows: T[],
  firstTotal: number,
  load: (offset: number, query: string) => Promise<Page<T>>,
  query = "",
) {
  const [page, setPage] = useState<Page<T>>({ rows: firstRows, total: firstTotal });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const fetchPage = useCallback(async (offset: number, q: string, append: boolean) => {
    const call = ++latest.current;
    setBusy(true);
    try {
      const next = await loadRef.current(offset, q);
      if (call !== latest.current) return;
      setPage((shown) => (append ? { rows: [...shown.rows, ...next.rows], total: next.total } : next));
      setError(null);
    } catch {
      if (call === latest.current)
        setError(append ? "Chưa tải thêm được. Thử lại sau." : "Chưa tải được. Thử lại sau.");
    } finally {
      if (call === latest.current) setBusy(false);
    }
  }, []);

  useEffect(() => {
    if (query) {
      void fetchPage(0, query, false);
      return;
    }
    latest.current += 1;
    setPage({ rows: firstRows, total: firstTotal });
    setBusy(false);
  }, [firstRows, firstTotal, query, fetchPage]);

  return {
    rows: page.rows,
    total: page.total,
    busy,
    error,
    more: () => fetchPage(page.rows.length, query, true),
  };
}

/** "Đang xem 50 / 2.400 đơn vị", the error if a page failed, and "Xem thêm" while rows are left. */
export function PagedRowsFooter({
  shown,
  total,
  noun,
  busy,
  error,
  onMore,
  testId,
}: {
  shown: number;
  total: number;
  noun: string;
  busy: boolean;
  error: string | null;
  onMore(): void;
  testId: string;
}) {
  return (
    <>
      <p className="muted" data-testid={testId}>
        Đang xem {formatNumber(shown)} / {formatNumber(total)} {noun}
      </p>
      {error ? <ErrorText>{error}</ErrorText> : null}
      {shown < total ? (
        <Button size="small" variant="secondary" loading={busy} onClick={onMore}>
          Xem thêm
        </Button>
      ) : null}
    </>
  );
}
