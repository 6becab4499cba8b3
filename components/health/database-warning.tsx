"use client";

import { useHealth } from "@/components/health/use-health";

/** Says why nothing works when the server cannot reach its database. */
export function DatabaseWarning() {
  const { data, isError } = useHealth();
  if (!isError && data?.status !== "unavailable") return null;
  return (
    <p
      role="status"
      className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200"
    >
      Database unreachable: the server cannot reach its database, so signing in will fail until it is back.
    </p>
  );
}
