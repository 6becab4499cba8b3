"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import { eventSearchParams } from "@/lib/events/filters";
import type { EventSearch } from "@/lib/events/search-params";
import type { CredentialType } from "@/lib/generated/prisma/enums";

export const EVENTS_PAGE_SIZE = 50;

/** One row of GET /api/v1/events. */
export interface EventRow {
  id: string;
  eventId: string;
  eventTime: string;
  eventSource: string | null;
  eventName: string;
  awsRegion: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  errorCode: string | null;
  principalArn: string | null;
  principalType: string | null;
  accountId: string | null;
  accessKeyId: string | null;
  credentialType: CredentialType;
}

/** GET /api/v1/events/{id}. */
export interface EventDetail extends EventRow {
  errorMessage: string | null;
  recipientAccountId: string | null;
  readOnly: boolean | null;
  eventType: string | null;
  requestId: string | null;
  uploadId: string | null;
  ingestedAt: string;
  raw: unknown;
  /** The record as stored text, with `raw` null, when it nests too deep to show as a tree. */
  rawText: string | null;
}

export interface EventPage {
  data: EventRow[];
  total: number;
  page: number;
  pageSize: number;
}

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
