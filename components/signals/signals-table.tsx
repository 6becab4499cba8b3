"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { PrincipalText, serviceOf } from "@/components/signals/principal-text";
import { FollowUpPill, SeverityBadge, SignalStatusBadge } from "@/components/signals/signal-badges";
import { Table, Td, Th } from "@/components/ui/table";
import { arnResource } from "@/lib/cloudtrail/arn";
import type { SignalListItem } from "@/lib/signals/types";

const secondary = "block truncate text-xs text-zinc-500 dark:text-zinc-400";
const none = <span className="text-zinc-400 dark:text-zinc-600">—</span>;

function Stamp({ value }: { value: string }) {
  const iso = new Date(value).toISOString();
  return (
    <time dateTime={iso} title={iso} className="whitespace-nowrap tabular-nums">
      {iso.slice(0, 16).replace("T", " ")}
    </time>
  );
}

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

export function SignalsTable({ rows, isStale }: { rows: SignalListItem[]; isStale: boolean }) {
  return (
    <Table aria-label="Signals" aria-busy={isStale} className={clsx("table-fixed", isStale && "opacity-60")}>
      <colgroup>
        <col className="w-28" />
        <col />
        <col className="w-44 2xl:w-52" />
        <col className="w-40 2xl:w-64" />
        <col className="w-16" />
        <col className="w-32" />
        <col className="w-28 2xl:w-40" />
      </colgroup>
      <thead>
        <tr>
          <Th isDense>Severity</Th>
          <Th isDense>Signal · principal</Th>
          <Th isDense>Source IPs · keys</Th>
          <Th isDense>Calls · services</Th>
          <Th isDense className="text-right">
            Events
          </Th>
          <Th isDense>First · last (UTC)</Th>
          <Th isDense>Status · assignee</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr
            key={row.id}
            data-signal-id={row.id}
            className="group relative hover:bg-zinc-50 dark:hover:bg-zinc-800/50"
          >
            <Td isDense>
              <SeverityBadge severity={row.severity} />
              {row.followUpSuccessCount > 0 ? (
                <span className="mt-1 block">
                  <FollowUpPill count={row.followUpSuccessCount} />
                </span>
              ) : null}
            </Td>
            <Td isDense>
              {/* The title's link covers the whole row (::after), so a click anywhere opens the signal. */}
              <Link
                href={`/signals/${row.id}`}
                title={row.title}
                className="block truncate font-medium after:absolute after:inset-0 after:content-[''] group-hover:text-indigo-700 dark:group-hover:text-indigo-300"
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
                <Stamp value={row.firstSeen} />
              </span>
              <span className="block text-zinc-500 dark:text-zinc-400">
                <Stamp value={row.lastSeen} />
              </span>
            </Td>
            <Td isDense>
              <SignalStatusBadge status={row.status} />
              <span className={clsx(secondary, "mt-0.5")} title={row.assignee?.email}>
                {row.assignee?.name ?? "unassigned"}
              </span>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
