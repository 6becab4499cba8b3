"use client";

import { type ReactNode, useState } from "react";
import { OUTCOME_COLOURS } from "@/components/investigate/activity-chart";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import type { Usage } from "@/lib/entities/types";
import { count } from "@/lib/format";

// One facet of an entity (its IPs, keys, calls, regions, user agents…): each value with how often it was
// used, how much of that was denied, and when. Values link to their own view or filter the events below.

export interface UsageRow extends Usage {
  key: string;
  label: ReactNode;
}

/** Allowed, denied and failed as one thin bar: the denial ratio at a glance. */
export function OutcomeBar({ usage }: { usage: Pick<Usage, "count" | "deniedCount" | "errorCount"> }) {
  const allowed = usage.count - usage.errorCount;
  const failed = usage.errorCount - usage.deniedCount;
  const share = (n: number) => `${usage.count === 0 ? 0 : (n / usage.count) * 100}%`;
  return (
    <span
      className="flex h-1.5 w-full overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
      title={`${count(allowed)} allowed, ${count(usage.deniedCount)} denied, ${count(failed)} failed`}
    >
      <span style={{ width: share(allowed), background: OUTCOME_COLOURS.allowed }} />
      <span style={{ width: share(usage.deniedCount), background: OUTCOME_COLOURS.denied }} />
      <span style={{ width: share(failed), background: OUTCOME_COLOURS.failed }} />
    </span>
  );
}

const minute = (iso: string) => iso.slice(0, 16).replace("T", " ");

/** First and last use (UTC): to the minute within a day, else the days; the exact instants on hover. */
export function SeenSpan({ first, last }: { first: string; last: string }) {
  const text =
    first === last
      ? minute(first)
      : first.slice(0, 10) === last.slice(0, 10)
        ? `${minute(first)}–${last.slice(11, 16)}`
        : `${first.slice(0, 10)} → ${last.slice(0, 10)}`;
  return (
    <span
      className="block truncate text-xs text-zinc-500 tabular-nums dark:text-zinc-400"
      title={`First ${first}\nLast ${last}`}
    >
      {text}
    </span>
  );
}

/** Rows a table shows before "Show all". */
export const ROWS_SHOWN = 8;

export function UsageTable({
  title,
  description,
  rows,
  distinct,
  valueHeader,
  empty,
  id,
}: {
  title: string;
  description?: string;
  rows: UsageRow[];
  /** How many distinct values exist; the table lists the busiest. */
  distinct: number;
  valueHeader: string;
  empty: string;
  id?: string;
}) {
  const [isOpen, setIsOpen] = useState(false);
  const shown =
    distinct > rows.length ? `The busiest ${count(rows.length)} of ${count(distinct)}` : `${count(distinct)} in all`;
  const visible = isOpen ? rows : rows.slice(0, ROWS_SHOWN);
  return (
    <Card title={title} description={description ? `${description} · ${shown}` : shown}>
      <div id={id}>
        {rows.length === 0 ? (
          <p className="py-4 text-center text-sm text-zinc-500 dark:text-zinc-400">{empty}</p>
        ) : (
          <Table aria-label={title} className="table-fixed">
            <colgroup>
              <col />
              <col className="w-28" />
              <col className="w-20" />
            </colgroup>
            <thead>
              <tr>
                <Th isDense>{valueHeader}</Th>
                <Th isDense className="text-right">
                  Calls
                </Th>
                <Th isDense className="text-right">
                  Denied
                </Th>
              </tr>
            </thead>
            <tbody>
              {visible.map((row) => (
                <tr key={row.key}>
                  <Td isDense className="min-w-0">
                    <div className="min-w-0 truncate">{row.label}</div>
                    <SeenSpan first={row.firstSeen} last={row.lastSeen} />
                  </Td>
                  <Td isDense className="text-right tabular-nums">
                    <span className="block">{count(row.count)}</span>
                    <OutcomeBar usage={row} />
                  </Td>
                  <Td isDense className="text-right tabular-nums">
                    {row.deniedCount > 0 ? (
                      <span className="text-rose-700 dark:text-rose-300">
                        {count(row.deniedCount)}
                        <span className="block text-xs text-zinc-500">
                          {Math.round((row.deniedCount / row.count) * 100)}%
                        </span>
                      </span>
                    ) : (
                      <span className="text-zinc-400">0</span>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {rows.length > ROWS_SHOWN ? (
          <button
            type="button"
            onClick={() => setIsOpen(!isOpen)}
            aria-expanded={isOpen}
            className="mt-2 text-indigo-700 text-xs hover:underline dark:text-indigo-300"
          >
            {isOpen ? "Show fewer" : `Show all ${count(rows.length)}`}
          </button>
        ) : null}
      </div>
    </Card>
  );
}
