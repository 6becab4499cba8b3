"use client";

import { clsx } from "clsx";
import { type KeyboardEvent, useRef } from "react";
import type { SignalStatus } from "@/lib/generated/prisma/enums";

// The Signals page's status tabs, each with its count under the other filters. "Needs triage" (open and
// under review) is what the page shows when the URL names no status.

export const NEEDS_TRIAGE: SignalStatus[] = ["open", "under_review"];
const ALL: SignalStatus[] = ["open", "under_review", "archived"];

const tabs: { key: string; label: string; statuses: SignalStatus[] | undefined }[] = [
  { key: "triage", label: "Needs triage", statuses: undefined },
  { key: "open", label: "Open", statuses: ["open"] },
  { key: "under_review", label: "Under review", statuses: ["under_review"] },
  { key: "archived", label: "Archived", statuses: ["archived"] },
  { key: "all", label: "All", statuses: ALL },
];

const sameSet = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  a === undefined || b === undefined ? a === b : a.length === b.length && a.every((value) => b.includes(value));

export const SIGNALS_PANEL_ID = "signals-panel";

export function SignalStatusTabs({
  status,
  counts,
  onChange,
}: {
  status: SignalStatus[] | undefined;
  counts: Record<SignalStatus, number> | undefined;
  onChange: (status: SignalStatus[] | undefined) => void;
}) {
  const list = useRef<HTMLDivElement>(null);
  const selected = tabs.findIndex((tab) => sameSet(tab.statuses, status));
  const countOf = (statuses: SignalStatus[] | undefined) =>
    (statuses ?? NEEDS_TRIAGE).reduce((sum, value) => sum + (counts?.[value] ?? 0), 0);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1 };
    const step = moves[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const next = tabs[(Math.max(selected, 0) + step + tabs.length) % tabs.length];
    if (!next) return;
    onChange(next.statuses);
    list.current?.querySelector<HTMLElement>(`#signals-tab-${next.key}`)?.focus();
  }

  return (
    <div
      ref={list}
      role="tablist"
      aria-label="Signal status"
      onKeyDown={onKeyDown}
      className="mb-3 flex flex-wrap gap-1 border-zinc-200 border-b dark:border-zinc-800"
    >
      {tabs.map((tab, index) => {
        const isSelected = index === selected;
        return (
          <button
            key={tab.key}
            id={`signals-tab-${tab.key}`}
            type="button"
            role="tab"
            aria-selected={isSelected}
            aria-controls={SIGNALS_PANEL_ID}
            tabIndex={isSelected || (selected === -1 && index === 0) ? 0 : -1}
            onClick={() => onChange(tab.statuses)}
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
              )}
            >
              {counts ? countOf(tab.statuses).toLocaleString("en-US") : "…"}
            </span>
          </button>
        );
      })}
    </div>
  );
}
