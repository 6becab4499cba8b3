"use client";

import { clsx } from "clsx";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import Link from "next/link";
import { PrincipalText, serviceOf } from "@/components/signals/principal-text";
import { FollowUpPill, SeverityBadge, SignalStatusBadge } from "@/components/signals/signal-badges";
import { Table, Td, Th } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { arnResource } from "@/lib/cloudtrail/arn";
import type { SignalSort } from "@/lib/signals/filters";
import type { SignalListItem } from "@/lib/signals/types";

const secondary = "block truncate text-xs text-zinc-500 dark:text-zinc-400";
const none = <span className="text-zinc-400 dark:text-zinc-600">—</span>;

/** The first values, then "+N" for the rest; every value is in the tooltip. */
function Values({ values, shown = 1, className }: { values: string[]; shown?: number; className?: string }) {
  if (values.length === 0) return <span className={clsx("block", className)}>{none}</span>;
  const rest = values.length - shown;
  return (
    <span className={clsx("block truncate", className)} title={values.join("\n")}>
      {values.slice(0, shown).join(", ")}
      {rest > 0 ? <span className="text-zinc-500 dark:text-zinc-400"> +{rest}</span> : null}
    </span>
  );
}

/** The most frequent call with its own service (the same name means different services), then "+N". */
function Calls({ calls }: { calls: SignalListItem["calls"] }) {
  const [top] = calls;
  if (!top) return <span className="block">{none}</span>;
  const rest = calls.length - 1;
  const all = calls.map((call) => `${call.eventName} on ${call.eventSource ?? "an unknown source"} × ${call.count}`);
  return (
    <span className="block" title={all.join("\n")}>
      <span className="flex min-w-0 items-baseline gap-1">
        <span className="truncate font-medium text-sm">{top.eventName}</span>
        {rest > 0 ? <span className="shrink-0 text-xs text-zinc-500 dark:text-zinc-400">+{rest}</span> : null}
      </span>
      <span className={secondary}>{top.eventSource ? serviceOf(top.eventSource) : "unknown source"}</span>
    </span>
  );
}

type SortField = "severity" | "eventCount" | "firstSeen" | "lastSeen";

/**
 * A column header that sorts: a click sorts by it, most first (newest, most severe, most events); a
 * second click turns the order round. The header says which way it sorts, for screen readers too.
 */
function SortButton({
  field,
  label,
  sort,
  onSort,
}: {
  field: SortField;
  label: string;
  sort: SignalSort;
  onSort: (sort: SignalSort) => void;
}) {
  const direction = sort === field ? "ascending" : sort === `-${field}` ? "descending" : null;
  const Icon = direction === "ascending" ? ArrowUp : direction === "descending" ? ArrowDown : ArrowUpDown;
  const next = (direction === "descending" ? field : `-${field}`) as SignalSort;
  return (
    <button
      type="button"
      onClick={() => onSort(next)}
      title={`Sort by ${label.toLowerCase()}${direction === "descending" ? ", oldest or least first" : ""}`}
      className={clsx(
        "inline-flex items-center gap-0.5 uppercase tracking-wide hover:text-zinc-900 dark:hover:text-zinc-100",
        direction && "text-zinc-900 dark:text-zinc-100",
      )}
    >
      {label}
      <Icon className={clsx("size-3", !direction && "opacity-40")} aria-hidden />
      {direction ? <span className="sr-only">, sorted {direction}</span> : null}
    </button>
  );
}

const ariaSort = (sort: SignalSort, fields: SortField[]) => {
  for (const field of fields) {
    if (sort === field) return "ascending" as const;
    if (sort === `-${field}`) return "descending" as const;
  }
  return undefined;
};

export function SignalsTable({
  rows,
  isStale,
  sort,
  onSort,
  focusedId,
  onOpen,
  selection,
}: {
  rows: SignalListItem[];
  isStale: boolean;
  sort: SignalSort;
  onSort: (sort: SignalSort) => void;
  /** The keyboard's row (j and k move it). */
  focusedId: string | null;
  /** A click on a row: show it in the side panel. */
  onOpen: (id: string) => void;
  /** Checkboxes, for those who may triage. */
  selection?: {
    selected: ReadonlySet<string>;
    onToggle: (id: string) => void;
    onTogglePage: () => void;
  };
}) {
  const pageState = selection
    ? rows.every((row) => selection.selected.has(row.id))
      ? "all"
      : rows.some((row) => selection.selected.has(row.id))
        ? "some"
        : "none"
    : "none";
  return (
    <Table aria-label="Signals" aria-busy={isStale} className={clsx("table-fixed", isStale && "opacity-60")}>
      <colgroup>
        {selection ? <col className="w-9" /> : null}
        <col className="w-28" />
        <col />
        <col className="w-44 2xl:w-52" />
        <col className="w-40 2xl:w-64" />
        <col className="w-20" />
        <col className="w-36" />
        <col className="w-28 2xl:w-40" />
      </colgroup>
      <thead>
        <tr>
          {selection ? (
            <Th isDense className="pr-0">
              <input
                type="checkbox"
                aria-label="Select every signal on this page"
                checked={pageState === "all"}
                ref={(box) => {
                  if (box) box.indeterminate = pageState === "some";
                }}
                onChange={selection.onTogglePage}
                className="size-4 rounded border-zinc-300 accent-indigo-600 dark:scheme-dark"
              />
            </Th>
          ) : null}
          <Th isDense aria-sort={ariaSort(sort, ["severity"])}>
            <SortButton field="severity" label="Severity" sort={sort} onSort={onSort} />
          </Th>
          <Th isDense>Signal · principal</Th>
          <Th isDense>Source IPs · keys</Th>
          <Th isDense>Calls · services</Th>
          <Th isDense className="text-right" aria-sort={ariaSort(sort, ["eventCount"])}>
            <SortButton field="eventCount" label="Events" sort={sort} onSort={onSort} />
          </Th>
          <Th isDense aria-sort={ariaSort(sort, ["firstSeen", "lastSeen"])}>
            <span className="inline-flex items-center gap-1">
              <SortButton field="firstSeen" label="First" sort={sort} onSort={onSort} />·
              <SortButton field="lastSeen" label="Last" sort={sort} onSort={onSort} />
            </span>
          </Th>
          <Th isDense>Status</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const isFocused = row.id === focusedId;
          const isSelected = selection?.selected.has(row.id) ?? false;
          return (
            <tr
              key={row.id}
              data-signal-id={row.id}
              aria-current={isFocused ? "true" : undefined}
              // The keyboard's row takes the browser's focus (j and k move it), so screen readers read it;
              // Enter or o opens it in the side panel, as a click on the row does.
              tabIndex={isFocused ? 0 : -1}
              onKeyDown={(event) => {
                if (event.key === "Enter" && event.target === event.currentTarget) onOpen(row.id);
              }}
              onClick={(event) => {
                // Links, buttons and checkboxes in the row do their own thing.
                if ((event.target as HTMLElement).closest("a, button, input, label")) return;
                onOpen(row.id);
              }}
              className={clsx(
                "cursor-pointer outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-inset",
                isSelected
                  ? "bg-indigo-50/70 dark:bg-indigo-500/10"
                  : isFocused
                    ? "bg-zinc-100 dark:bg-zinc-800/70"
                    : "hover:bg-zinc-50 dark:hover:bg-zinc-800/40",
                isFocused && "shadow-[inset_3px_0_0_0_var(--color-indigo-500)]",
              )}
            >
              {selection ? (
                <Td isDense className="pr-0">
                  <input
                    type="checkbox"
                    aria-label={`Select ${row.title}`}
                    checked={isSelected}
                    onChange={() => selection.onToggle(row.id)}
                    className="size-4 rounded border-zinc-300 accent-indigo-600 dark:scheme-dark"
                  />
                </Td>
              ) : null}
              <Td isDense>
                <SeverityBadge severity={row.severity} />
                {row.followUpSuccessCount > 0 ? (
                  <span className="mt-1 block">
                    <FollowUpPill count={row.followUpSuccessCount} />
                  </span>
                ) : null}
              </Td>
              <Td isDense>
                <Link
                  href={`/signals/${row.id}`}
                  title={row.title}
                  className="block truncate font-medium hover:text-indigo-700 hover:underline dark:hover:text-indigo-300"
                >
                  {row.title}
                </Link>
                {row.principalArn ? (
                  <PrincipalText
                    value={arnResource(row.principalArn)}
                    className="mt-0.5 text-zinc-600 dark:text-zinc-400"
                  />
                ) : (
                  <span className={clsx(secondary, "font-mono")}>{row.groupKey}</span>
                )}
              </Td>
              <Td isDense className="font-mono text-xs">
                <Values values={row.sourceIps} />
                <Values values={row.accessKeyIds} className="text-zinc-500 dark:text-zinc-400" />
              </Td>
              <Td isDense>
                <Calls calls={row.calls} />
              </Td>
              <Td isDense className="text-right font-medium tabular-nums">
                {row.eventCount.toLocaleString("en-US")}
              </Td>
              <Td isDense className="text-xs">
                <span className="block">
                  <Time value={row.firstSeen} withZone={false} />
                </span>
                <span className="block text-zinc-500 dark:text-zinc-400">
                  <Time value={row.lastSeen} withZone={false} />
                </span>
              </Td>
              <Td isDense>
                <SignalStatusBadge status={row.status} />
                <span className={clsx(secondary, "mt-0.5")} title={row.assignee?.email}>
                  {row.assignee?.name ?? "unassigned"}
                </span>
                {row.suppressedBy?.map((suppression) => (
                  <Link
                    key={suppression.id}
                    href={`/suppressions/${suppression.id}`}
                    className="mt-0.5 block max-w-40 truncate text-indigo-700 text-xs hover:underline dark:text-indigo-300"
                    title={`Suppressed by ${suppression.name}`}
                  >
                    suppressed by {suppression.name}
                  </Link>
                ))}
              </Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
