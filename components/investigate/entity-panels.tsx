"use client";

import type { Route } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { CredentialBadge } from "@/components/events/event-badges";
import type { NeighbourGroup } from "@/components/investigate/graph-layout";
import { type UsageRow, UsageTable } from "@/components/investigate/usage-table";
import { type EntityRange, rangeQuery } from "@/components/investigate/use-entity";
import { arnResource } from "@/lib/cloudtrail/arn";
import { entityHref, type LinkKind } from "@/lib/detection/links";
import type { AccessKeyUsage, CallUsage, DistinctCounts, IpUsage, PrincipalUsage, Usage } from "@/lib/entities/types";
import type { EventFilters } from "@/lib/events/filters";

// The facet tables and graph groups every view shares, built from its API answer. Values that have a view
// of their own link to it (keeping the range); the others filter the events table at the foot of the page.

const link = "font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300";
const filterButton = "text-left hover:text-indigo-700 hover:underline dark:hover:text-indigo-300";

export function viewHref(kind: LinkKind, value: string, range: EntityRange): string {
  return `${entityHref(kind, value)}${rangeQuery(range)}`;
}

function EntityValueLink({
  kind,
  value,
  range,
  children,
}: {
  kind: LinkKind;
  value: string;
  range: EntityRange;
  children?: ReactNode;
}) {
  return (
    <Link href={viewHref(kind, value, range) as Route} className={link} title={value}>
      {children ?? value}
    </Link>
  );
}

function FilterButton({ onClick, title, children }: { onClick: () => void; title: string; children: ReactNode }) {
  return (
    <button type="button" onClick={onClick} className={filterButton} title={title}>
      {children}
    </button>
  );
}

export interface PanelContext {
  range: EntityRange;
  distinct: DistinctCounts;
  /** Narrows the events table below to these values and scrolls to it. */
  filterEvents: (changes: Partial<EventFilters>) => void;
}

export function SourceIpsTable({ rows, context }: { rows: IpUsage[]; context: PanelContext }) {
  return (
    <UsageTable
      id="source-ips"
      title="Source IPs"
      valueHeader="Address"
      distinct={context.distinct.sourceIps}
      empty="No source address recorded."
      rows={rows.map((row) => ({
        key: row.ip,
        label: <EntityValueLink kind="ip" value={row.ip} range={context.range} />,
        ...row,
      }))}
    />
  );
}

export function PrincipalsTable({ rows, context }: { rows: PrincipalUsage[]; context: PanelContext }) {
  return (
    <UsageTable
      id="principals"
      title="Principals"
      valueHeader="Principal"
      distinct={context.distinct.principals}
      empty="No principal ARN recorded (console CSV rows carry none)."
      rows={rows.map((row) => ({
        key: row.arn,
        label: (
          <EntityValueLink kind="principal" value={row.arn} range={context.range}>
            {arnResource(row.arn)}
          </EntityValueLink>
        ),
        ...row,
      }))}
    />
  );
}

export function AccessKeysTable({ rows, context }: { rows: AccessKeyUsage[]; context: PanelContext }) {
  return (
    <UsageTable
      id="access-keys"
      title="Access keys"
      valueHeader="Key"
      distinct={context.distinct.accessKeys}
      empty="No access key recorded."
      rows={rows.map((row) => ({
        key: `${row.id}\u0000${row.credentialType}`,
        label: (
          <span className="flex items-center gap-1.5">
            {row.id ? (
              <EntityValueLink kind="accessKeyId" value={row.id} range={context.range} />
            ) : (
              <span className="text-xs text-zinc-500">no key</span>
            )}
            <CredentialBadge type={row.credentialType} />
          </span>
        ),
        count: row.eventCount,
        ...row,
      }))}
    />
  );
}

export function CallsTable({ rows, context }: { rows: CallUsage[]; context: PanelContext }) {
  return (
    <UsageTable
      id="calls"
      title="Calls"
      valueHeader="API call · service"
      distinct={context.distinct.calls}
      empty="No calls."
      rows={rows.map((row) => ({
        key: `${row.eventName}\u0000${row.eventSource}`,
        label: (
          <FilterButton
            title={`Show ${row.eventName} on ${row.eventSource ?? "an unknown source"} in the events table`}
            onClick={() =>
              context.filterEvents({ eventName: row.eventName, eventSource: row.eventSource ?? undefined })
            }
          >
            <span className="font-medium">{row.eventName}</span>{" "}
            <span className="text-xs text-zinc-500 dark:text-zinc-400">{row.eventSource ?? "unknown source"}</span>
          </FilterButton>
        ),
        ...row,
      }))}
    />
  );
}

/** Services, regions and user agents: values without a view of their own, which filter the events. */
export function FilterUsageTable({
  id,
  title,
  valueHeader,
  distinct,
  rows,
  empty,
  filterOf,
  context,
  isMono,
}: {
  id: string;
  title: string;
  valueHeader: string;
  distinct: number;
  rows: (Usage & { value: string | null })[];
  empty: string;
  filterOf: (value: string) => Partial<EventFilters>;
  context: PanelContext;
  isMono?: boolean;
}) {
  const tableRows: UsageRow[] = rows.map((row) => ({
    key: row.value ?? "\u0000none",
    label:
      row.value === null ? (
        <span className="text-xs text-zinc-500">unknown</span>
      ) : (
        <FilterButton
          title={`${row.value}\nShow these calls in the events table`}
          onClick={() => context.filterEvents(filterOf(row.value as string))}
        >
          <span className={isMono ? "font-mono text-xs" : undefined}>{row.value}</span>
        </FilterButton>
      ),
    ...row,
  }));
  return (
    <UsageTable id={id} title={title} valueHeader={valueHeader} distinct={distinct} empty={empty} rows={tableRows} />
  );
}

/** The graph's groups: the busiest values of each facet, and where their "+N more" leads. */
export function keyGroup(rows: AccessKeyUsage[], total: number, range: EntityRange): NeighbourGroup {
  return {
    kind: "key",
    title: "Access keys",
    noun: "access keys",
    total,
    moreHref: "#access-keys",
    items: rows.map((row) => ({
      kind: "key",
      value: row.id ?? "(no key)",
      label: row.id ?? "no key",
      count: row.eventCount,
      deniedCount: row.deniedCount,
      href: row.id ? viewHref("accessKeyId", row.id, range) : null,
    })),
  };
}

export function ipGroup(rows: IpUsage[], total: number, range: EntityRange): NeighbourGroup {
  return {
    kind: "ip",
    title: "Source IPs",
    noun: "source IPs",
    total,
    moreHref: "#source-ips",
    items: rows.map((row) => ({
      kind: "ip",
      value: row.ip,
      label: row.ip,
      count: row.count,
      deniedCount: row.deniedCount,
      href: viewHref("ip", row.ip, range),
    })),
  };
}

export function principalGroup(rows: PrincipalUsage[], total: number, range: EntityRange): NeighbourGroup {
  return {
    kind: "principal",
    title: "Principals",
    noun: "principals",
    total,
    moreHref: "#principals",
    items: rows.map((row) => ({
      kind: "principal",
      value: row.arn,
      label: arnResource(row.arn),
      count: row.count,
      deniedCount: row.deniedCount,
      href: viewHref("principal", row.arn, range),
    })),
  };
}

export function serviceGroup(rows: (Usage & { eventSource: string | null })[], total: number): NeighbourGroup {
  return {
    kind: "service",
    title: "Services",
    noun: "services",
    total,
    moreHref: "#services",
    items: rows.map((row) => ({
      kind: "service",
      value: row.eventSource ?? "",
      label: (row.eventSource ?? "unknown").replace(/\.amazonaws\.com$/, ""),
      count: row.count,
      deniedCount: row.deniedCount,
      href: null,
    })),
  };
}
