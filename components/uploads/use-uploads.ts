"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type * as uploadRoute from "@/app/api/v1/uploads/[id]/route";
import type * as uploadsRoute from "@/app/api/v1/uploads/route";
import type { ResultOf } from "@/lib/api/reply";
import { apiFetch } from "@/lib/client/api";

export const UPLOADS_PAGE_SIZE = 50;

export const uploadStatuses = ["queued", "processing", "done", "failed"] as const;
export type UploadStatus = (typeof uploadStatuses)[number];

// What the routes answer, derived from their handlers (lib/api/reply.ts): one type on both sides.
export type UploadPage = ResultOf<typeof uploadsRoute.GET>;
/** One upload as GET /api/v1/uploads shows it. */
export type UploadRow = UploadPage["data"][number];
/** GET /api/v1/uploads/{id}. */
export type UploadDetail = ResultOf<typeof uploadRoute.GET>;

export interface UploadQuery {
  status?: UploadStatus;
  page: number;
}

export const uploadKeys = {
  all: ["uploads"] as const,
  list: (query: UploadQuery) => [...uploadKeys.all, "list", query] as const,
  detail: (id: string) => [...uploadKeys.all, "detail", id] as const,
};

export const isActive = (status: UploadStatus) => status === "queued" || status === "processing";

// Live while anything is waiting or running (anywhere, not only on this page); a slow look otherwise, so
// uploads made from the CLI or the API still show up.
const LIVE_MS = 1_000;
const IDLE_MS = 5_000;

export function useUploads(query: UploadQuery) {
  return useQuery({
    queryKey: uploadKeys.list(query),
    queryFn: () => {
      const params = new URLSearchParams({ page: String(query.page), pageSize: String(UPLOADS_PAGE_SIZE) });
      if (query.status) params.set("status", query.status);
      return apiFetch<UploadPage>(`/api/v1/uploads?${params}`);
    },
    placeholderData: keepPreviousData,
    refetchInterval: (state) => {
      const counts = state.state.data?.counts;
      return counts && (counts.queued || counts.processing) ? LIVE_MS : IDLE_MS;
    },
  });
}

/** One upload with what the list leaves out (signals touched); `status` is the list's latest word on it. */
export function useUpload(id: string, status: UploadStatus) {
  const queryClient = useQueryClient();
  const wasActive = useRef(isActive(status));
  // Detection runs when an upload finishes: read the signals it touched again once the list sees that.
  useEffect(() => {
    if (wasActive.current && !isActive(status)) void queryClient.invalidateQueries({ queryKey: uploadKeys.detail(id) });
    wasActive.current = isActive(status);
  }, [queryClient, id, status]);
  return useQuery({
    queryKey: uploadKeys.detail(id),
    queryFn: () => apiFetch<UploadDetail>(`/api/v1/uploads/${encodeURIComponent(id)}`),
  });
}
