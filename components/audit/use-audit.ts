"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";

export interface AuditRow {
  id: number | string;
  at: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

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
    queryFn: () =>
      apiFetch<{ data: AuditRow[]; total: number; page: number; pageSize: number }>(
        `/api/v1/audit?${auditSearch({ ...query, pageSize: 50 })}`,
      ),
    placeholderData: keepPreviousData,
  });
}
