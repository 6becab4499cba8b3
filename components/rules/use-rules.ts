"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type * as previewRoute from "@/app/api/v1/rules/[id]/preview/route";
import type * as ruleRoute from "@/app/api/v1/rules/[id]/route";
import { signalKeys } from "@/components/signals/use-signals";
import type { ResultOf } from "@/lib/api/reply";
import { ApiError, apiFetch } from "@/lib/client/api";
import type { RuleConfigPatch, RuleUpdate } from "@/lib/detection/rule-config";
import type { RuleDetail } from "@/lib/rules/types";

export const ruleKeys = {
  all: ["rules"] as const,
  detail: (id: string) => [...ruleKeys.all, "detail", id] as const,
};

const EVALUATING_POLL_MS = 1_000;

/**
 * One rule with its versions; `initial` is the server's first paint. While a saved change is being
 * re-evaluated it polls, and once that finishes the signal lists are read again.
 */
export function useRule(id: string, initial?: RuleDetail) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: ruleKeys.detail(id),
    queryFn: () => apiFetch<ResultOf<typeof ruleRoute.GET>>(`/api/v1/rules/${encodeURIComponent(id)}`),
    initialData: initial,
    initialDataUpdatedAt: initial ? Date.now() : undefined,
    refetchInterval: (state) => (state.state.data?.isEvaluating ? EVALUATING_POLL_MS : false),
  });
  const isEvaluating = query.data?.isEvaluating ?? false;
  const wasEvaluating = useRef(isEvaluating);
  useEffect(() => {
    if (wasEvaluating.current && !isEvaluating) void queryClient.invalidateQueries({ queryKey: signalKeys.all });
    wasEvaluating.current = isEvaluating;
  }, [queryClient, isEvaluating]);
  return query;
}

/** What a change would do to the signals; nothing is saved. */
export function usePreviewRule(id: string) {
  return useMutation({
    mutationFn: (patch: RuleConfigPatch) =>
      apiFetch<ResultOf<typeof previewRoute.POST>>(`/api/v1/rules/${encodeURIComponent(id)}/preview`, {
        method: "POST",
        body: patch,
      }),
  });
}

/** Saves a new version (`version` is the one the change was made from: 409 when someone saved first). */
export function useUpdateRule(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (update: RuleUpdate) =>
      apiFetch<ResultOf<typeof ruleRoute.PATCH>>(`/api/v1/rules/${encodeURIComponent(id)}`, {
        method: "PATCH",
        body: update,
      }),
    onSuccess: (rule) => {
      queryClient.setQueryData(ruleKeys.detail(id), rule);
      void queryClient.invalidateQueries({ queryKey: signalKeys.all });
    },
    // Someone saved first: show their version (the form keeps the analyst's draft until they start over).
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409)
        void queryClient.invalidateQueries({ queryKey: ruleKeys.detail(id) });
    },
  });
}
