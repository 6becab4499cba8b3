"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { type SignalFilters, type SignalSearch, signalSearchParams, signalSearchSchema } from "@/lib/signals/filters";

/** The Signals page's filters and page number, kept in the URL so a view can be shared and reloaded. */
export function useSignalSearch() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const search = useMemo(() => signalSearchSchema.parse(Object.fromEntries(params)), [params]);
  const { page, ...filters } = search;

  function navigate(next: SignalSearch) {
    const query = signalSearchParams({ ...next, page: next.page > 1 ? next.page : undefined });
    router.replace((query ? `${pathname}?${query}` : pathname) as "/signals", { scroll: false });
  }

  return {
    search,
    filters,
    page,
    hasFilters: Object.values(filters).some((value) => value !== undefined),
    /** Changes some filters and goes back to the first page. `undefined` removes a filter. */
    setFilters: (changes: Partial<SignalFilters>) => navigate({ ...filters, ...changes, page: 1 }),
    setPage: (next: number) => navigate({ ...filters, page: next }),
    clearFilters: () => navigate({ page: 1 }),
  };
}
