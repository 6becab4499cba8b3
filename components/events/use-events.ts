"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type * as eventRoute from "@/app/api/v1/events/[id]/route";
import type * as eventsRoute from "@/app/api/v1/events/route";
import type { ResultOf } from "@/lib/api/reply";
import { apiFetch } from "@/lib/client/api";
import { eventSearchParams } from "@/lib/events/filters";
import type { EventSearch } from "@/lib/events/search-params";

export const EVENTS_PAGE_SIZE = 50;

// What the routes answer, derived from their handlers (lib/api/reply.ts): one type on both sides.
export type EventPage = ResultOf<typeof eventsRoute.GET>;
/** One row of GET /api/v1/events. */
export type EventRow = EventPage["data"][number];
/** GET /api/v1/events/{id}. */
export type EventDetail = ResultOf<typeof eventRoute.GET>;

export const eventKeys = {
  all: ["events"] as const,
  list: (search: EventSearch) => [...eventKeys.all, "list", search] as const,
  detail: (id: string) => [...eventKeys.all, "detail", id] as const,
};

export function useEvents(search: EventSearch) {
  return useQuery({
    queryKey: eventKeys.list(search),
    queryFn: () =>
      apiFetch<EventPage>(`/api/v1/events?${eventSearchParams({ ...search, pageSize: EVENTS_PAGE_SIZE })}`),
    placeholderData: keepPreviousData,
  });
}

export function useEvent(id: string | null) {
  return useQuery({
    queryKey: eventKeys.detail(id ?? ""),
    queryFn: () => apiFetch<EventDetail>(`/api/v1/events/${encodeURIComponent(id ?? "")}`),
    enabled: id !== null,
    // A stored event never changes.
    staleTime: Number.POSITIVE_INFINITY,
  });
}
