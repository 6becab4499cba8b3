"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type * as tokenRoute from "@/app/api/v1/tokens/[id]/route";
import type * as tokensRoute from "@/app/api/v1/tokens/route";
import type { ResultOf } from "@/lib/api/reply";
import { apiFetch } from "@/lib/client/api";

export type Scope = "ingest" | "read" | "write";

// What the routes answer, derived from their handlers (lib/api/reply.ts): one type on both sides.
export type TokenPage = ResultOf<typeof tokensRoute.GET>;
export type TokenRow = TokenPage["data"][number];

export const tokenKeys = { all: ["tokens"] as const, list: () => [...tokenKeys.all, "list"] as const };

export function useTokens() {
  return useQuery({
    queryKey: tokenKeys.list(),
    queryFn: () => apiFetch<TokenPage>("/api/v1/tokens?pageSize=500"),
  });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: { name: string; scopes: Scope[]; expiresInDays: number | null }) =>
      apiFetch<ResultOf<typeof tokensRoute.POST>>("/api/v1/tokens", { method: "POST", body: token }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<ResultOf<typeof tokenRoute.DELETE>>(`/api/v1/tokens/${id}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}
