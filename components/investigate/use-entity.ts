"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type * as ipRoute from "@/app/api/v1/ips/[ip]/route";
import type * as keyRoute from "@/app/api/v1/keys/[id]/route";
import type * as principalRoute from "@/app/api/v1/principals/[arn]/route";
import type * as principalTimelineRoute from "@/app/api/v1/principals/[arn]/timeline/route";
import type { ResultOf } from "@/lib/api/reply";
import { apiFetch } from "@/lib/client/api";
import { pathSegment } from "@/lib/detection/links";

// The investigation API on the client: one key factory, one fetch per panel. Every key holds the range,
// so zooming the chart refetches every panel, and the previous range stays on screen until it arrives.

export type ViewKind = "principal" | "ip" | "key";

export interface EntityRange {
  from: string | null;
  to: string | null;
}

const apiBase: Record<ViewKind, string> = {
  principal: "/api/v1/principals",
  ip: "/api/v1/ips",
  key: "/api/v1/keys",
};

/** Each view's answer, derived from its route's handler (lib/api/reply.ts). */
interface ViewOf {
  principal: ResultOf<typeof principalRoute.GET>;
  ip: ResultOf<typeof ipRoute.GET>;
  key: ResultOf<typeof keyRoute.GET>;
}

export function rangeQuery(range: EntityRange, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  if (range.from) params.set("from", range.from);
  if (range.to) params.set("to", range.to);
  const text = params.toString();
  return text ? `?${text}` : "";
}

export const entityKeys = {
  all: ["entities"] as const,
  view: (kind: ViewKind, value: string, range: EntityRange) =>
    [...entityKeys.all, kind, value, "view", range.from, range.to] as const,
  timeline: (kind: ViewKind, value: string, range: EntityRange) =>
    [...entityKeys.all, kind, value, "timeline", range.from, range.to] as const,
  search: (query: string) => [...entityKeys.all, "search", query] as const,
  top: (range: string) => [...entityKeys.all, "top", range] as const,
};

export function useEntityView<K extends ViewKind>(kind: K, value: string, range: EntityRange) {
  return useQuery({
    queryKey: entityKeys.view(kind, value, range),
    queryFn: () => apiFetch<ViewOf[K]>(`${apiBase[kind]}/${pathSegment(value)}${rangeQuery(range)}`),
    placeholderData: keepPreviousData,
    retry: (failures, error) => failures < 1 && !("status" in error && (error.status === 404 || error.status === 400)),
    // While stored batches are still being counted (an upload just finished), the numbers grow: keep up.
    refetchInterval: (query) => ((query.state.data?.pendingBatches ?? 0) > 0 ? COUNTING_REFRESH_MS : false),
  });
}

const COUNTING_REFRESH_MS = 2_000;

export function useEntityTimeline(kind: ViewKind, value: string, range: EntityRange, isCounting = false) {
  return useQuery({
    queryKey: entityKeys.timeline(kind, value, range),
    queryFn: () =>
      apiFetch<ResultOf<typeof principalTimelineRoute.GET>>(
        `${apiBase[kind]}/${pathSegment(value)}/timeline${rangeQuery(range)}`,
      ),
    placeholderData: keepPreviousData,
    retry: false,
    refetchInterval: isCounting ? COUNTING_REFRESH_MS : false,
  });
}
