"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import {
  defaultSignalSort,
  type SignalFilters,
  type SignalSearch,
  type SignalSort,
  signalSearchParams,
  signalSearchSchema,
} from "@/lib/signals/filters";

/** The Signals page's filters, order and page number, kept in the URL so a view can be shared and reloaded. */
export function useSignalSearch() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const search = useMemo(() => signalSearchSchema.parse(Object.fromEntries(params)), [params]);
  const { page, sort, ...filters } = search;

  function navigate(next: SignalSearch) {
    const query = signalSearchParams({
      ...next,
      sort: next.sort === defaultSignalSort ? undefined : next.sort,
      page: next.page > 1 ? next.page : undefined,
    });
    router.replace((query ? `${pathname}?${query}` : pathname) as "/signals", { scroll: false });
  }

  return {
    search,
    filters: filters as SignalFilters,
    sort: sort ?? defaultSignalSort,
    page,
    /** The URL's query without the page: what a saved view holds. */
    viewQuery: signalSearchParams({ ...filters, sort }),
    hasFilters: Object.values(filters).some((value) => value !== undefined),
    /** Changes some filters and goes back to the first page. `undefined` removes a filter. */
    setFilters: (changes: Partial<SignalFilters>) => navigate({ ...filters, sort, ...changes, page: 1 }),
    setSort: (next: SignalSort) => navigate({ ...filters, sort: next, page: 1 }),
    setPage: (next: number) => navigate({ ...filters, sort, page: next }),
    clearFilters: () => navigate({ sort, page: 1 }),
    /** Replaces the whole query (a saved view). */
    applyQuery: (query: string) => router.replace((query ? `${pathname}?${query}` : pathname) as "/signals"),
  };
}
