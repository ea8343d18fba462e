// Filters and the page number kept in the address (search params), so a filtered list can be bookmarked and shared.
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";

export type UrlFilters<K extends string> = {
  /** Each filter's value from the address; "" when absent. */
  values: Record<K, string>;
  /** Sets one filter (or removes it when empty) and goes back to the first page. */
  set(key: K, value: string): void;
  /** The search box's text: typed freely, written to the address as `q` after a pause. */
  text: string;
  setText(text: string): void;
  page: number;
  setPage(page: number): void;
  /** True when any filter other than those listed in `notFilters` (e.g. the order) is set. */
  filtered: boolean;
  /** The filters that are set, for a list request or an export. */
  query: Partial<Record<K, string>>;
  /** Limit and offset of the current page, for the list request. */
  range: { limit: string; offset: string };
};

type Options<K extends string> = { pageSize: number; notFilters?: readonly K[]; debounceMs?: number };

export function useUrlFilters<K extends string>(keys: readonly K[], options: Options<K>): UrlFilters<K> {
  const [params, setParams] = useSearchParams();
  const { pageSize, notFilters = [], debounceMs = 300 } = options;
  const q = params.get("q") ?? "";
  const [text, setText] = useState(q);
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);

  // Search as the user types, without a request per keystroke on slow connections.
  useEffect(() => {
    const timer = setTimeout(() => {
      if (text === q) return;
      const next = new URLSearchParams(params);
      if (text) next.set("q", text);
      else next.delete("q");
      next.delete("page");
      setParams(next, { replace: true });
    }, debounceMs);
    return () => clearTimeout(timer);
  }, [text, q, params, setParams, debounceMs]);

  const values = {} as Record<K, string>;
  const query: Partial<Record<K, string>> = {};
  for (const key of keys) {
    values[key] = params.get(key) ?? "";
    if (values[key]) query[key] = values[key];
  }
  const set = (key: K, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete("page");
    setParams(next);
  };
  const setPage = (n: number) => {
    const next = new URLSearchParams(params);
    if (n > 1) next.set("page", String(n));
    else next.delete("page");
    setParams(next);
  };
  return {
    values,
    set,
    text,
    setText,
    page,
    setPage,
    filtered: keys.some((k) => !notFilters.includes(k) && values[k] !== ""),
    query,
    range: { limit: String(pageSize), offset: String((page - 1) * pageSize) },
  };
}
