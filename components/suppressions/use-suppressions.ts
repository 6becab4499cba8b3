"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type * as historyRoute from "@/app/api/v1/suppressions/[id]/history/route";
import type * as suppressionRoute from "@/app/api/v1/suppressions/[id]/route";
import type * as previewRoute from "@/app/api/v1/suppressions/preview/route";
import type * as suppressionsRoute from "@/app/api/v1/suppressions/route";
import { signalKeys } from "@/components/signals/use-signals";
import type { ResultOf } from "@/lib/api/reply";
import { apiFetch } from "@/lib/client/api";
import type { SuppressionState } from "@/lib/suppressions/schema";
import type { SuppressionItem } from "@/lib/suppressions/types";

export const suppressionKeys = {
  all: ["suppressions"] as const,
  list: (state: SuppressionState, q: string, page: number) => [...suppressionKeys.all, "list", state, q, page] as const,
  detail: (id: string) => [...suppressionKeys.all, "detail", id] as const,
  history: (id: string) => [...suppressionKeys.all, "history", id] as const,
  preview: (draft: unknown) => [...suppressionKeys.all, "preview", draft] as const,
};

export const SUPPRESSIONS_PAGE_SIZE = 50;

export function useSuppressions(state: SuppressionState, q: string, page: number) {
  const params = new URLSearchParams({ state, page: String(page), pageSize: String(SUPPRESSIONS_PAGE_SIZE) });
  if (q) params.set("q", q);
  return useQuery({
    queryKey: suppressionKeys.list(state, q, page),
    queryFn: () => apiFetch<ResultOf<typeof suppressionsRoute.GET>>(`/api/v1/suppressions?${params}`),
    placeholderData: keepPreviousData,
  });
}

export function useSuppression(id: string, initial?: SuppressionItem) {
  return useQuery({
    queryKey: suppressionKeys.detail(id),
    queryFn: () => apiFetch<ResultOf<typeof suppressionRoute.GET>>(`/api/v1/suppressions/${encodeURIComponent(id)}`),
    initialData: initial,
    initialDataUpdatedAt: initial ? Date.now() : undefined,
  });
}

export function useSuppressionHistory(id: string) {
  return useQuery({
    queryKey: suppressionKeys.history(id),
    queryFn: () =>
      apiFetch<ResultOf<typeof historyRoute.GET>>(`/api/v1/suppressions/${encodeURIComponent(id)}/history`),
  });
}

/** The draft's effect over the stored data, recomputed as the draft changes (the caller debounces it). */
export function useSuppressionPreview(draft: Record<string, unknown> | null) {
  return useQuery({
    queryKey: suppressionKeys.preview(draft),
    queryFn: () =>
      apiFetch<ResultOf<typeof previewRoute.POST>>("/api/v1/suppressions/preview", { method: "POST", body: draft }),
    enabled: draft !== null,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 5_000,
  });
}

/** Create (no id) or change (id and version) a suppression; the lists and signals are read again after. */
export function useSaveSuppression(id?: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      id
        ? apiFetch<ResultOf<typeof suppressionRoute.PATCH>>(`/api/v1/suppressions/${encodeURIComponent(id)}`, {
            method: "PATCH",
            body,
          })
        : apiFetch<ResultOf<typeof suppressionsRoute.POST>>("/api/v1/suppressions", { method: "POST", body }),
    onSuccess: (saved) => {
      queryClient.setQueryData(suppressionKeys.detail(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: suppressionKeys.all });
      void queryClient.invalidateQueries({ queryKey: signalKeys.all });
    },
  });
}

export function useDeleteSuppression(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) =>
      apiFetch<ResultOf<typeof suppressionRoute.DELETE>>(
        `/api/v1/suppressions/${encodeURIComponent(id)}?version=${version}`,
        { method: "DELETE" },
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: suppressionKeys.all });
      void queryClient.invalidateQueries({ queryKey: signalKeys.all });
    },
  });
}
