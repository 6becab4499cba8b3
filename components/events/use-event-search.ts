"use client";

import { useQueryStates } from "nuqs";
import { useMemo } from "react";
import type { EventFilters } from "@/lib/events/filters";
import { type EventSearch, eventFilterKeys, eventSearchParsers, eventSearchUrlKeys } from "@/lib/events/search-params";
import { asUrlChanges, presentValues } from "@/lib/filters/url-parsers";

/**
 * The Events list's filters and page number, kept in the URL so a view can be shared and reloaded.
 * A screen that embeds the list beside its own query passes a `prefix` for the list's URL keys, and
 * `fixed` filters that are not in the URL (the entity it is about); they apply but are not the
 * user's to change or clear.
 */
export function useEventSearch(options: { prefix?: string; fixed?: Partial<EventFilters> } = {}) {
  const { prefix, fixed } = options;
  const urlKeys = useMemo(() => (prefix ? eventSearchUrlKeys(prefix) : undefined), [prefix]);
  const [state, setState] = useQueryStates(eventSearchParsers, { history: "replace", scroll: false, urlKeys });

  const fixedKeys = new Set(Object.keys(fixed ?? {}));
  const ownKeys = eventFilterKeys.filter((key) => !fixedKeys.has(key));
  const { page, ...fromUrl } = state;
  const own: EventFilters = presentValues(Object.fromEntries(ownKeys.map((key) => [key, fromUrl[key]])));
  const filters: EventFilters = { ...own, ...fixed };
  const search: EventSearch = { ...filters, page };

  return {
    search,
    filters,
    page,
    /** Filters the user set (not the fixed ones). */
    hasFilters: Object.keys(own).length > 0,
    /** Changes some filters and goes back to the first page. `undefined` removes a filter. */
    setFilters: (changes: Partial<EventFilters>) => {
      const allowed = Object.fromEntries(Object.entries(changes).filter(([key]) => !fixedKeys.has(key)));
      return setState({ ...asUrlChanges(allowed), page: null });
    },
    setPage: (next: number) => setState({ page: next }),
    clearFilters: () => setState({ ...Object.fromEntries(ownKeys.map((key) => [key, null])), page: null }),
  };
}
