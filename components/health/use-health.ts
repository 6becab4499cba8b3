"use client";

import { useQuery } from "@tanstack/react-query";

export interface Health {
  status: "ok" | "unavailable";
  db: "ok" | "error";
  version: string;
  reason?: string;
}

export const healthKeys = { all: ["health"] as const };

async function fetchHealth(): Promise<Health> {
  const response = await fetch("/api/v1/health", { cache: "no-store" });
  // 503 still carries a health body with the reason.
  if (response.status !== 200 && response.status !== 503) throw new Error(`health check answered ${response.status}`);
  return (await response.json()) as Health;
}

export function useHealth() {
  return useQuery({ queryKey: healthKeys.all, queryFn: fetchHealth, refetchInterval: 30_000 });
}
