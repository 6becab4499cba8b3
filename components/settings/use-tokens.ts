"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";

export type Scope = "ingest" | "read" | "write";

export interface TokenRow {
  id: string;
  name: string;
  tokenPrefix: string;
  scopes: Scope[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdBy: { email: string; name: string } | null;
}

export const tokenKeys = { all: ["tokens"] as const, list: () => [...tokenKeys.all, "list"] as const };

export function useTokens() {
  return useQuery({
    queryKey: tokenKeys.list(),
    queryFn: () => apiFetch<{ data: TokenRow[]; total: number }>("/api/v1/tokens?pageSize=500"),
  });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: { name: string; scopes: Scope[]; expiresInDays: number | null }) =>
      apiFetch<TokenRow & { token: string }>("/api/v1/tokens", { method: "POST", body: token }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<TokenRow>(`/api/v1/tokens/${id}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}
