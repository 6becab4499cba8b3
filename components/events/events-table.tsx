"use client";

import { clsx } from "clsx";
import { CredentialBadge, ErrorBadge } from "@/components/events/event-badges";
import { FilterValue } from "@/components/events/filter-value";
import type { EventRow } from "@/components/events/use-events";
import { Table, Td, Th } from "@/components/ui/table";
import { StackedTime } from "@/components/ui/time";
import { arnResource } from "@/lib/cloudtrail/arn";
import type { EventFilters } from "@/lib/events/filters";

const secondary = "block truncate text-xs text-zinc-500 dark:text-zinc-400";

export function EventsTable({
  rows,
  selectedId,
  isStale,
  onOpen,
  onFilter,
}: {
  rows: EventRow[];
  selectedId: string | null;
  /** Showing the previous page while the next one loads. */
  isStale: boolean;
  onOpen: (id: string) => void;
  onFilter: (changes: Partial<EventFilters>) => void;
}) {
  return (
    <Table aria-label="Events" aria-busy={isStale} className={clsx("table-fixed", isStale && "opacity-60")}>
      <colgroup>
        <col className="w-26" />
        <col className="w-48 2xl:w-60" />
        <col />
        <col className="w-44 2xl:w-52" />
        <col className="w-42 2xl:w-56" />
        <col className="w-36" />
      </colgroup>
      <thead>
        <tr>
          <Th isDense>Time (UTC)</Th>
          <Th isDense>Event</Th>
          <Th isDense>Principal</Th>
          <Th isDense>Source IP · key</Th>
          <Th isDense>Error</Th>
          <Th isDense>Credential</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr
            key={row.id}
            data-event-id={row.id}
            tabIndex={0}
            aria-current={row.id === selectedId ? "true" : undefined}
            onClick={() => onOpen(row.id)}
            onKeyDown={(event) => {
              if (event.key !== "Enter" || event.target !== event.currentTarget) return;
              // Focus moves to the drawer's close button at once: without this, the same Enter would press it.
              event.preventDefault();
              onOpen(row.id);
            }}
            className={clsx(
              "cursor-pointer focus-visible:outline-offset-[-2px]",
              row.id === selectedId
                ? "bg-indigo-50 dark:bg-indigo-500/10"
                : "hover:bg-zinc-50 dark:hover:bg-zinc-800/50",
            )}
          >
            <Td isDense>
              <StackedTime value={row.eventTime} />
            </Td>
            <Td isDense>
              <span className="block truncate font-medium" title={row.eventName}>
                {row.eventName}
              </span>
              <span className={secondary} title={row.eventSource ?? undefined}>
                {row.eventSource ?? "—"}
              </span>
            </Td>
            <Td isDense>
              <FilterValue
                value={row.principalArn}
                what="principal"
                onFilter={(principal) => onFilter({ principal })}
                className="font-mono text-xs"
              >
                {row.principalArn ? arnResource(row.principalArn) : null}
              </FilterValue>
              <span className={secondary}>
                {[row.principalType, row.accountId].filter(Boolean).join(" · ") || "\u00a0"}
              </span>
            </Td>
            <Td isDense className="font-mono text-xs">
              <FilterValue value={row.sourceIp} what="source IP" onFilter={(ip) => onFilter({ ip })} />
              <FilterValue
                value={row.accessKeyId}
                what="access key"
                onFilter={(accessKeyId) => onFilter({ accessKeyId })}
                className="text-zinc-500 dark:text-zinc-400"
              />
            </Td>
            <Td isDense>
              <ErrorBadge code={row.errorCode} />
            </Td>
            <Td isDense>
              <CredentialBadge type={row.credentialType} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
