"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type * as relatedRoute from "@/app/api/v1/signals/[id]/related/route";
import type * as signalRoute from "@/app/api/v1/signals/[id]/route";
import type * as signalsRoute from "@/app/api/v1/signals/route";
import type * as assignableRoute from "@/app/api/v1/users/assignable/route";
import type { ResultOf } from "@/lib/api/reply";
import { apiFetch } from "@/lib/client/api";
import { signalSearchParams } from "@/lib/signals/filters";
import type { SignalSearch } from "@/lib/signals/search-params";
import { ALL_STATUSES, statusesOrTriage } from "@/lib/signals/triage";
import type { SignalDetail } from "@/lib/signals/types";

export const SIGNALS_PAGE_SIZE = 50;

export const signalKeys = {
  all: ["signals"] as const,
  list: (search: SignalSearch) => [...signalKeys.all, "list", search] as const,
  detail: (id: string) => [...signalKeys.all, "detail", id] as const,
  /** Not under `detail`: a triage change cancels the signal's own fetches, not its related signals'. */
  related: (id: string) => [...signalKeys.all, "related", id] as const,
};

/** The list as the page shows it: with no status chosen, what needs triage (open and under review). */
export function useSignals(search: SignalSearch) {
  return useQuery({
    queryKey: signalKeys.list(search),
    queryFn: () =>
      apiFetch<ResultOf<typeof signalsRoute.GET>>(
        `/api/v1/signals?${signalSearchParams({ ...search, status: statusesOrTriage(search.status), pageSize: SIGNALS_PAGE_SIZE })}`,
      ),
    placeholderData: keepPreviousData,
  });
}

/**
 * The counts of the other side of the Suppressed tab: while the list shows live signals, how many are
 * suppressed (under the same filters); while it shows suppressed ones, the live counts per status.
 */
export function useOtherSideCounts(search: SignalSearch) {
  const isSuppressed = search.suppressed === "only";
  const other: SignalSearch = isSuppressed
    ? { ...search, suppressed: undefined, suppression: undefined, status: undefined, page: 1 }
    : { ...search, suppressed: "only", status: ALL_STATUSES, page: 1 };
  return useQuery({
    queryKey: [...signalKeys.list(other), "counts"],
    queryFn: () =>
      apiFetch<ResultOf<typeof signalsRoute.GET>>(
        `/api/v1/signals?${signalSearchParams({ ...other, status: other.status ?? ALL_STATUSES, pageSize: 1 })}`,
      ),
    placeholderData: keepPreviousData,
  });
}

/** One signal; `initial` is the server's first paint, so the page shows at once and stays fresh after. */
export function useSignal(id: string, initial?: SignalDetail) {
  return useQuery({
    queryKey: signalKeys.detail(id),
    queryFn: () => apiFetch<ResultOf<typeof signalRoute.GET>>(`/api/v1/signals/${encodeURIComponent(id)}`),
    initialData: initial,
    initialDataUpdatedAt: initial ? Date.now() : undefined,
  });
}

/** Active analysts and admins, who can be assigned signals (and filtered by). */
export function useAssignableUsers() {
  return useQuery({
    queryKey: ["users", "assignable"],
    queryFn: async () => (await apiFetch<ResultOf<typeof assignableRoute.GET>>("/api/v1/users/assignable")).data,
    staleTime: 60_000,
  });
}

/** Live signals sharing this one's principal, a source IP or an access key. */
export function useRelatedSignals(id: string) {
  return useQuery({
    queryKey: signalKeys.related(id),
    queryFn: () => apiFetch<ResultOf<typeof relatedRoute.GET>>(`/api/v1/signals/${encodeURIComponent(id)}/related`),
  });
}
