"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type * as auditRoute from "@/app/api/v1/audit/route";
import type { ResultOf } from "@/lib/api/reply";
import { apiFetch } from "@/lib/client/api";

/** GET /api/v1/audit, derived from its handler (lib/api/reply.ts). */
export type AuditPage = ResultOf<typeof auditRoute.GET>;
export type AuditRow = AuditPage["data"][number];

export interface AuditQuery {
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
  page: number;
}

export const auditKeys = { all: ["audit"] as const, list: (query: AuditQuery) => [...auditKeys.all, query] as const };

export function auditSearch(query: Omit<AuditQuery, "page"> & { page?: number; pageSize?: number }): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== "") params.set(key, String(value));
  return params.toString();
}

export function useAudit(query: AuditQuery) {
  return useQuery({
    queryKey: auditKeys.list(query),
    queryFn: () => apiFetch<AuditPage>(`/api/v1/audit?${auditSearch({ ...query, pageSize: 50 })}`),
    placeholderData: keepPreviousData,
  });
}
