import { useEffect, useState } from "react";
import { SearchIcon } from "./icons.tsx";

/** How long typing must pause before a search is sent: one request per word, not per letter, on weak data. */
export const SEARCH_DEBOUNCE_MS = 300;

/** What the person is typing, and the trimmed text once typing paused (what to search for). */
export function useDebouncedSearch(delayMs = SEARCH_DEBOUNCE_MS): {
  typed: string;
  setTyped(value: string): void;
  query: string;
} {
  const [typed, setTyped] = useState("");
  const [query, setQuery] = useState("");
  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(typed.trim()), delayMs);
    return () => window.clearTimeout(timer);
  }, [typed, delayMs]);
  return { typed, setTyped, query };
}

/** The search box every list uses: an icon, a hint of what to type (often without diacritics), a label for readers. */
export function SearchField({
  value,
  onChange,
  placeholder,
  label,
  name,
}: {
  value: string;
  onChange(value: string): void;
  placeholder: string;
  label: string;
  name?: string;
}) {
  return (
    <label className="search">
      <SearchIcon />
      <input
        type="search"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        aria-label={label}
        name={name}
      />
    </label>
  );
}
