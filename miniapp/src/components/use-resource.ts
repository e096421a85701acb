import { type DependencyList, useCallback, useEffect, useRef, useState } from "react";
import { describeError } from "../api/api-client.ts";

export interface Resource<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload(): Promise<void>;
}

/**
 * Loads data for a screen when `deps` change; keeps the last good data on screen while reloading or when a reload
 * fails (weak networks), and ignores answers that arrive after a newer request.
 */
export function useResource<T>(load: () => Promise<T>, deps: DependencyList): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const call = ++latest.current;
    setLoading(true);
    try {
      const value = await loadRef.current();
      if (call === latest.current) {
        setData(value);
        setError(null);
      }
    } catch (err) {
      if (call === latest.current) setError(describeError(err));
    } finally {
      if (call === latest.current) setLoading(false);
    }
  }, []);

  // Reload when the caller's inputs change (compared like React compares effect dependencies).
  const seen = useRef<DependencyList | null>(null);
  useEffect(() => {
    const before = seen.current;
    if (before && before.length === deps.length && before.every((d, i) => Object.is(d, deps[i]))) return;
    seen.current = deps;
    void reload();
  });

  return { data, error, loading, reload };
}
