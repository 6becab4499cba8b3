"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: "viewer" | "analyst" | "admin";
  disabledAt: string | null;
  mustChangePassword: boolean;
  createdAt: string;
}

export const userKeys = { all: ["users"] as const, list: () => [...userKeys.all, "list"] as const };

export function useUsers() {
  return useQuery({
    queryKey: userKeys.list(),
    queryFn: () => apiFetch<{ data: UserRow[]; total: number }>("/api/v1/users?pageSize=500"),
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (user: { email: string; name: string; role: string; password: string }) =>
      apiFetch<UserRow>("/api/v1/users", { method: "POST", body: user }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...update }: { id: string; role?: string; disabled?: boolean }) =>
      apiFetch<UserRow>(`/api/v1/users/${id}`, { method: "PATCH", body: update }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}
