"use client";

import { CountTabs } from "@/components/ui/count-tabs";
import type { SignalStatus } from "@/lib/generated/prisma/enums";
import { ALL_STATUSES, statusesOrTriage } from "@/lib/signals/triage";

// The Signals page's status tabs, each with its count under the other filters. "Needs triage" (open and
// under review) is what the page shows when the URL names no status.

const ALL = ALL_STATUSES;

const tabs: { key: string; label: string; statuses: SignalStatus[] | undefined }[] = [
  { key: "triage", label: "Needs triage", statuses: undefined },
  { key: "open", label: "Open", statuses: ["open"] },
  { key: "under_review", label: "Under review", statuses: ["under_review"] },
  { key: "archived", label: "Archived", statuses: ["archived"] },
  { key: "all", label: "All", statuses: ALL },
  // Signals whose matches suppressions leave out: out of the other tabs, any status.
  { key: "suppressed", label: "Suppressed", statuses: ALL },
];

const sameSet = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  a === undefined || b === undefined ? a === b : a.length === b.length && a.every((value) => b.includes(value));

export const SIGNALS_PANEL_ID = "signals-panel";

export function SignalStatusTabs({
  status,
  isSuppressed,
  counts,
  suppressedCount,
  onChange,
}: {
  status: SignalStatus[] | undefined;
  /** The list shows suppressed signals (`suppressed=only`). */
  isSuppressed: boolean;
  /** Live signals per status, under the other filters. */
  counts: Record<SignalStatus, number> | undefined;
  suppressedCount: number | undefined;
  onChange: (status: SignalStatus[] | undefined, suppressed: "only" | undefined) => void;
}) {
  const countOf = (statuses: SignalStatus[] | undefined) =>
    counts ? statusesOrTriage(statuses).reduce((sum, value) => sum + counts[value], 0) : undefined;
  const selected = isSuppressed
    ? "suppressed"
    : (tabs.find((tab) => tab.key !== "suppressed" && sameSet(tab.statuses, status))?.key ?? null);
  return (
    <CountTabs
      label="Signal status"
      idOf={(key) => `signals-tab-${key}`}
      panelId={SIGNALS_PANEL_ID}
      selected={selected}
      onSelect={(key) =>
        onChange(tabs.find((tab) => tab.key === key)?.statuses, key === "suppressed" ? "only" : undefined)
      }
      tabs={tabs.map((tab) => ({
        key: tab.key,
        label: tab.label,
        count: tab.key === "suppressed" ? suppressedCount : countOf(tab.statuses),
      }))}
    />
  );
}
