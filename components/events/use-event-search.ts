"use client";

import { useQueryStates } from "nuqs";
import { useMemo } from "react";
import type { EventFilters } from "@/lib/events/filters";
import {
  eventSearchChanges,
  eventSearchOf,
  eventSearchParsers,
  eventSearchUrlKeys,
  noEventFilters,
} from "@/lib/events/search-params";

/**
 * The Events list's filters and page number, kept in the URL so a view can be shared and reloaded.
 * A screen that embeds the list beside its own query passes a `prefix` for the list's URL keys, and
 * the `fixed` filters it is about (not in the URL; they apply, but are not the user's to change).
 */
export function useEventSearch(options: { prefix?: string; fixed?: Partial<EventFilters> } = {}) {
  const { prefix, fixed } = options;
  const urlKeys = useMemo(() => (prefix ? eventSearchUrlKeys(prefix) : undefined), [prefix]);
  const [state, setState] = useQueryStates(eventSearchParsers, { history: "replace", scroll: false, urlKeys });
  const { own, filters, search } = eventSearchOf(state, fixed);

  return {
    search,
    filters,
    page: search.page,
    /** Filters the user set (not the fixed ones). */
    hasFilters: Object.keys(own).length > 0,
    /** Changes some filters and goes back to the first page. `undefined` removes a filter. */
    setFilters: (changes: Partial<EventFilters>) => setState(eventSearchChanges(changes, fixed)),
    setPage: (next: number) => setState({ page: next }),
    clearFilters: () => setState(eventSearchChanges(noEventFilters, fixed)),
  };
}
