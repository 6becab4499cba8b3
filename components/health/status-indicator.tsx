"use client";

import { clsx } from "clsx";
import { useHealth } from "@/components/health/use-health";

export function StatusIndicator() {
  const { data, isPending, isError } = useHealth();
  const isOk = data?.status === "ok";
  const label = isPending ? "Checking database…" : isOk ? "Database connected" : "Database unreachable";
  const detail = isError ? "The server did not answer" : (data?.reason ?? (data ? `Version ${data.version}` : ""));
  return (
    <output
      className="flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400"
      title={detail}
      aria-live="polite"
    >
      <span
        aria-hidden
        className={clsx(
          "size-2 rounded-full",
          isPending ? "bg-zinc-400" : isOk ? "bg-emerald-500" : "animate-pulse bg-red-500",
        )}
      />
      {label}
      {data?.version ? <span className="text-zinc-400 dark:text-zinc-500">v{data.version}</span> : null}
    </output>
  );
}
