"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type * as userRoute from "@/app/api/v1/users/[id]/route";
import type * as usersRoute from "@/app/api/v1/users/route";
import type { ResultOf } from "@/lib/api/reply";
import { apiFetch } from "@/lib/client/api";

// What the routes answer, derived from their handlers (lib/api/reply.ts): one type on both sides.
export type UserPage = ResultOf<typeof usersRoute.GET>;
export type UserRow = UserPage["data"][number];

export const userKeys = { all: ["users"] as const, list: () => [...userKeys.all, "list"] as const };

export function useUsers() {
  return useQuery({
    queryKey: userKeys.list(),
    queryFn: () => apiFetch<UserPage>("/api/v1/users?pageSize=500"),
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (user: { email: string; name: string; role: string; password: string }) =>
      apiFetch<ResultOf<typeof usersRoute.POST>>("/api/v1/users", { method: "POST", body: user }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...update }: { id: string; role?: string; disabled?: boolean }) =>
      apiFetch<ResultOf<typeof userRoute.PATCH>>(`/api/v1/users/${id}`, { method: "PATCH", body: update }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}
