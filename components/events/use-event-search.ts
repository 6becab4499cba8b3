"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { type EventFilters, type EventSearch, eventSearchParams, eventSearchSchema } from "@/lib/events/filters";

/** The Events page's filters and page number, kept in the URL so a view can be shared and reloaded. */
export function useEventSearch() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const search = useMemo(() => eventSearchSchema.parse(Object.fromEntries(params)), [params]);
  const { page, ...filters } = search;

  function navigate(next: EventSearch) {
    const query = eventSearchParams({ ...next, page: next.page > 1 ? next.page : undefined });
    router.replace((query ? `${pathname}?${query}` : pathname) as "/events", { scroll: false });
  }

  return {
    search,
    filters,
    page,
    hasFilters: Object.values(filters).some((value) => value !== undefined),
    /** Changes some filters and goes back to the first page. `undefined` removes a filter. */
    setFilters: (changes: Partial<EventFilters>) => navigate({ ...filters, ...changes, page: 1 }),
    setPage: (next: number) => navigate({ ...filters, page: next }),
    clearFilters: () => navigate({ page: 1 }),
  };
}
