"use client";

import { clsx } from "clsx";
import { type KeyboardEvent, useRef } from "react";
import { count } from "@/components/uploads/format";
import { type UploadPage, type UploadStatus, uploadStatuses } from "@/components/uploads/use-uploads";

const tabs: { status: UploadStatus | undefined; label: string }[] = [
  { status: undefined, label: "All" },
  ...uploadStatuses.map((status) => ({ status, label: status[0]?.toUpperCase() + status.slice(1) })),
];

export const tabId = (status: UploadStatus | undefined) => `uploads-tab-${status ?? "all"}`;
export const PANEL_ID = "uploads-panel";

/** Tabs that filter the list by status, each with its count over every upload; arrow keys move between them. */
export function StatusTabs({
  status,
  counts,
  onChange,
}: {
  status: UploadStatus | undefined;
  counts: UploadPage["counts"] | undefined;
  onChange: (status: UploadStatus | undefined) => void;
}) {
  const list = useRef<HTMLDivElement>(null);
  const all = Object.values(counts ?? {}).reduce((sum, n) => sum + (n ?? 0), 0);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = tabs.findIndex((tab) => tab.status === status);
    const next =
      event.key === "ArrowRight"
        ? (index + 1) % tabs.length
        : event.key === "ArrowLeft"
          ? (index - 1 + tabs.length) % tabs.length
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? tabs.length - 1
              : null;
    if (next === null) return;
    event.preventDefault();
    const tab = tabs[next];
    onChange(tab?.status);
    list.current?.querySelector<HTMLElement>(`#${tabId(tab?.status)}`)?.focus();
  }

  return (
    <div
      ref={list}
      role="tablist"
      aria-label="Upload status"
      onKeyDown={onKeyDown}
      className="mb-3 flex flex-wrap gap-1 border-zinc-200 border-b dark:border-zinc-800"
    >
      {tabs.map((tab) => {
        const isSelected = tab.status === status;
        const n = tab.status ? (counts?.[tab.status] ?? 0) : all;
        return (
          <button
            key={tab.label}
            id={tabId(tab.status)}
            type="button"
            role="tab"
            aria-selected={isSelected}
            aria-controls={PANEL_ID}
            tabIndex={isSelected ? 0 : -1}
            onClick={() => onChange(tab.status)}
            className={clsx(
              "-mb-px inline-flex items-center gap-2 border-b-2 px-3 py-2 font-medium text-sm transition-colors",
              isSelected
                ? "border-indigo-600 text-indigo-700 dark:border-indigo-400 dark:text-indigo-300"
                : "border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900 dark:text-zinc-400 dark:hover:border-zinc-600 dark:hover:text-zinc-100",
            )}
          >
            {tab.label}
            <span
              className={clsx(
                "rounded-full px-1.5 py-px text-xs tabular-nums",
                isSelected
                  ? "bg-indigo-100 text-indigo-700 dark:bg-indigo-500/20 dark:text-indigo-200"
                  : "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300",
                tab.status === "failed" &&
                  n > 0 &&
                  !isSelected &&
                  "bg-red-100 text-red-700 dark:bg-red-500/20 dark:text-red-300",
              )}
            >
              {counts ? count(n) : "…"}
            </span>
          </button>
        );
      })}
    </div>
  );
}
