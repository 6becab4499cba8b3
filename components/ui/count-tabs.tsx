"use client";

import { clsx } from "clsx";
import { type KeyboardEvent, useRef } from "react";

// Tabs that filter a list, each with a count; arrow keys, Home and End move between them. The Uploads
// and Signals pages use them for status.

export interface CountTab {
  key: string;
  label: string;
  /** undefined while the counts load. */
  count: number | undefined;
  /** A count worth noticing (failed uploads): shown red when not selected. */
  isAlert?: boolean;
}

export function CountTabs({
  label,
  idOf,
  panelId,
  tabs,
  selected,
  onSelect,
}: {
  label: string;
  idOf: (key: string) => string;
  panelId: string;
  tabs: readonly CountTab[];
  /** The selected tab's key; none matches when the filter is something no tab stands for. */
  selected: string | null;
  onSelect: (key: string) => void;
}) {
  const list = useRef<HTMLDivElement>(null);
  const index = tabs.findIndex((tab) => tab.key === selected);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const last = tabs.length - 1;
    const from = Math.max(index, 0);
    const moves: Record<string, number> = {
      ArrowRight: (from + 1) % tabs.length,
      ArrowLeft: (from - 1 + tabs.length) % tabs.length,
      Home: 0,
      End: last,
    };
    const next = tabs[moves[event.key] ?? -1];
    if (!next) return;
    event.preventDefault();
    onSelect(next.key);
    list.current?.querySelector<HTMLElement>(`#${idOf(next.key)}`)?.focus();
  }

  return (
    <div
      ref={list}
      role="tablist"
      aria-label={label}
      onKeyDown={onKeyDown}
      className="mb-3 flex flex-wrap gap-1 border-zinc-200 border-b dark:border-zinc-800"
    >
      {tabs.map((tab, position) => {
        const isSelected = position === index;
        return (
          <button
            key={tab.key}
            id={idOf(tab.key)}
            type="button"
            role="tab"
            aria-selected={isSelected}
            aria-controls={panelId}
            tabIndex={isSelected || (index === -1 && position === 0) ? 0 : -1}
            onClick={() => onSelect(tab.key)}
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
                tab.isAlert &&
                  (tab.count ?? 0) > 0 &&
                  !isSelected &&
                  "bg-red-100 text-red-700 dark:bg-red-500/20 dark:text-red-300",
              )}
            >
              {tab.count === undefined ? "…" : tab.count.toLocaleString("en-US")}
            </span>
          </button>
        );
      })}
    </div>
  );
}
