"use client";

import { ShieldCheck } from "lucide-react";
import type { Route } from "next";
import Link from "next/link";
import { useState } from "react";
import { ROWS_SHOWN } from "@/components/investigate/usage-table";
import { FollowUpPill, SeverityBadge, SignalStatusBadge } from "@/components/signals/signal-badges";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { StackedTime } from "@/components/ui/time";
import type { EntitySignal } from "@/lib/entities/types";
import { count } from "@/lib/format";

/** The entity's live signals in the range, newest activity first, with their triage state. */
export function EntitySignals({
  signals,
  total,
  allHref,
}: {
  signals: EntitySignal[];
  total: number;
  /** The Signals page filtered to this entity: every one of them, to triage in bulk. */
  allHref: string;
}) {
  const [isOpen, setIsOpen] = useState(false);
  const visible = isOpen ? signals : signals.slice(0, ROWS_SHOWN);
  return (
    <Card
      title="Signals"
      description={
        total === 0
          ? "No denied discovery by long-term key was detected here."
          : total > signals.length
            ? `The ${count(signals.length)} most recent of ${count(total)}`
            : `${count(total)} in all`
      }
      actions={
        total > 0 ? (
          <Link href={allHref as Route} className="text-indigo-700 text-sm hover:underline dark:text-indigo-300">
            Open in Signals
          </Link>
        ) : null
      }
    >
      {signals.length === 0 ? (
        <p className="flex items-center justify-center gap-2 py-3 text-sm text-zinc-500 dark:text-zinc-400">
          <ShieldCheck className="size-4 text-emerald-600" aria-hidden />
          No signals in this range.
        </p>
      ) : (
        <Table aria-label="Signals" className="table-fixed">
          <colgroup>
            <col />
            <col className="w-40" />
            <col className="w-28" />
          </colgroup>
          <thead>
            <tr>
              <Th isDense>Signal</Th>
              <Th isDense>State</Th>
              <Th isDense>Last seen (UTC)</Th>
            </tr>
          </thead>
          <tbody>
            {visible.map((signal) => (
              <tr key={signal.id}>
                <Td isDense className="min-w-0">
                  <Link
                    href={`/signals/${signal.id}`}
                    className="block truncate font-medium hover:text-indigo-700 hover:underline dark:hover:text-indigo-300"
                    title={signal.title}
                  >
                    {signal.title}
                  </Link>
                  <span className="text-xs text-zinc-500 dark:text-zinc-400">
                    {count(signal.eventCount)} denied {signal.eventCount === 1 ? "call" : "calls"}
                  </span>{" "}
                  <FollowUpPill count={signal.followUpSuccessCount} />
                </Td>
                <Td isDense>
                  <span className="flex flex-wrap gap-1">
                    <SeverityBadge severity={signal.severity} />
                    <SignalStatusBadge status={signal.status} />
                  </span>
                  <span className="mt-0.5 block truncate text-xs text-zinc-500 dark:text-zinc-400">
                    {signal.assignee ? signal.assignee.name : "Unassigned"}
                  </span>
                </Td>
                <Td isDense>
                  <StackedTime value={signal.lastSeen} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {signals.length > ROWS_SHOWN ? (
        <button
          type="button"
          onClick={() => setIsOpen(!isOpen)}
          aria-expanded={isOpen}
          className="mt-2 text-indigo-700 text-xs hover:underline dark:text-indigo-300"
        >
          {isOpen ? "Show fewer" : `Show all ${count(signals.length)}`}
        </button>
      ) : null}
    </Card>
  );
}
