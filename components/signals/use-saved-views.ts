"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type * as viewRoute from "@/app/api/v1/signals/views/[viewId]/route";
import type * as viewsRoute from "@/app/api/v1/signals/views/route";
import type { ResultOf } from "@/lib/api/reply";
import { apiFetch } from "@/lib/client/api";
import type { SavedView } from "@/lib/signals/saved-views";

const key = ["signals", "views"] as const;

/** The signed-in user's saved views of the Signals page, and the changes to them. */
export function useSavedViews() {
  const client = useQueryClient();
  const views = useQuery({
    queryKey: key,
    queryFn: async () => (await apiFetch<ResultOf<typeof viewsRoute.GET>>("/api/v1/signals/views")).data,
  });
  const refresh = () => client.invalidateQueries({ queryKey: key });
  const create = useMutation({
    mutationFn: async (view: { name: string; query: string }) =>
      apiFetch<ResultOf<typeof viewsRoute.POST>>("/api/v1/signals/views", { method: "POST", body: view }),
    onSettled: refresh,
  });
  const update = useMutation({
    mutationFn: async ({ id, ...patch }: { id: string; name?: string; query?: string }) =>
      apiFetch<ResultOf<typeof viewRoute.PATCH>>(`/api/v1/signals/views/${id}`, { method: "PATCH", body: patch }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (view: SavedView) =>
      apiFetch<ResultOf<typeof viewRoute.DELETE>>(`/api/v1/signals/views/${view.id}`, { method: "DELETE" }),
    onSettled: refresh,
  });
  return { views, create, update, remove };
}
