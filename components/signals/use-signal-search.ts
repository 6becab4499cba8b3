"use client";

import { useQueryStates } from "nuqs";
import { asUrlChanges } from "@/lib/filters/url-parsers";
import { defaultSignalSort, type SignalFilters, type SignalSort } from "@/lib/signals/filters";
import {
  loadSignalSearch,
  signalFilterKeys,
  signalSearchParsers,
  toSignalSearch,
  viewQueryOf,
} from "@/lib/signals/search-params";

const noFilters = Object.fromEntries(signalFilterKeys.map((key) => [key, null]));

/** The Signals page's filters, order and page number, kept in the URL so a view can be shared and reloaded. */
export function useSignalSearch() {
  const [state, setState] = useQueryStates(signalSearchParsers, { history: "replace", scroll: false });
  const search = toSignalSearch(state);
  const { page, sort, ...filters } = search;

  return {
    search,
    filters: filters as SignalFilters,
    sort: sort ?? defaultSignalSort,
    page,
    /** The URL's query without the page: what a saved view holds. */
    viewQuery: viewQueryOf(search),
    hasFilters: Object.keys(filters).length > 0,
    /** Changes some filters and goes back to the first page. `undefined` removes a filter. */
    setFilters: (changes: Partial<SignalFilters>) => setState({ ...asUrlChanges(changes), page: null }),
    /** The default order is left out of the URL. */
    setSort: (next: SignalSort) => setState({ sort: next === defaultSignalSort ? null : next, page: null }),
    setPage: (next: number) => setState({ page: next }),
    clearFilters: () => setState({ ...noFilters, page: null }),
    /** Replaces the whole query (a saved view). */
    applyQuery: (query: string) => setState({ ...loadSignalSearch(new URLSearchParams(query)), page: null }),
  };
}
