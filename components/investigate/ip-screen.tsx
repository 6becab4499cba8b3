"use client";

import { Globe, TableProperties } from "lucide-react";
import type { Route } from "next";
import { useMemo } from "react";
import { credentialLabels } from "@/components/events/event-badges";
import { EntityEvents } from "@/components/investigate/entity-events";
import { EntityActivity, EntityFallback, useEntityPage } from "@/components/investigate/entity-frame";
import { EntityHeader } from "@/components/investigate/entity-header";
import {
  AccessKeysTable,
  CallsTable,
  FilterUsageTable,
  keyGroup,
  PrincipalsTable,
  principalGroup,
  serviceGroup,
} from "@/components/investigate/entity-panels";
import { EntitySignals } from "@/components/investigate/entity-signals";
import { RelationshipGraph } from "@/components/investigate/relationship-graph";
import { ButtonLink } from "@/components/ui/button-link";
import { Card } from "@/components/ui/card";
import { entityEventsHref } from "@/lib/detection/links";
import type { IpView } from "@/lib/entities/types";
import { count } from "@/lib/format";
import { IP_DATA_ATTRIBUTION } from "@/lib/ip/attribution";

const scopeTone = (view: IpView) =>
  view.classification.isRoutable
    ? "bg-amber-50 text-amber-800 ring-amber-600/25 dark:bg-amber-500/10 dark:text-amber-300"
    : "bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-800 dark:text-zinc-300";

function WhereCard({ view }: { view: IpView }) {
  const { classification } = view;
  return (
    <Card title="What this address is" description="Classified here; country and network from an offline database.">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1.5 text-sm">
        <dt className="text-zinc-500">Kind</dt>
        <dd>
          <span
            className={`inline-flex rounded-md px-1.5 py-0.5 font-medium text-xs ring-1 ring-inset ${scopeTone(view)}`}
          >
            {classification.label}
          </span>
        </dd>
        <dt className="text-zinc-500">Country</dt>
        <dd>
          {view.country ? (
            <>
              {view.country.name} <span className="text-xs text-zinc-500">({view.country.code})</span>
            </>
          ) : (
            <span className="text-zinc-500">
              {classification.isRoutable ? "not in the database" : "not applicable"}
            </span>
          )}
        </dd>
        <dt className="text-zinc-500">Network</dt>
        <dd>
          {view.asn ? (
            <>
              <span className="font-mono text-xs">AS{view.asn.number}</span> {view.asn.organization}
            </>
          ) : (
            <span className="text-zinc-500">
              {classification.isRoutable ? "not in the database" : "not applicable"}
            </span>
          )}
        </dd>
      </dl>
      {classification.isRoutable ? (
        <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">
          <a href={IP_DATA_ATTRIBUTION.required.url} className="underline" rel="noreferrer noopener" target="_blank">
            {IP_DATA_ATTRIBUTION.required.text}
          </a>
          . {IP_DATA_ATTRIBUTION.summary}
        </p>
      ) : null}
    </Card>
  );
}

/** Everything that came from one source address (or AWS service): on one screen, over one range. */
export function IpScreen({ ip }: { ip: string }) {
  const page = useEntityPage("ip", ip);
  const view = page.view.data;
  const { context, range } = page;
  const groups = useMemo(
    () =>
      view
        ? [
            { side: "top" as const, group: keyGroup(view.accessKeys, view.distinct.accessKeys, range) },
            { side: "left" as const, group: principalGroup(view.principals, view.distinct.principals, range) },
            { side: "right" as const, group: serviceGroup(view.eventSources, view.distinct.eventSources) },
          ]
        : [],
    [view, range],
  );
  // The stored spelling (2001:db8::1) may differ from the one in the URL (2001:DB8::1).
  const value = view?.ip ?? ip;
  return (
    <>
      <EntityHeader
        icon={Globe}
        kindLabel="Source address"
        title={value}
        value={value}
        totals={view ?? null}
        badges={
          view ? (
            <span className="inline-flex items-center rounded-md bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
              {view.classification.label}
              {view.country ? ` · ${view.country.name}` : ""}
              {view.asn ? ` · AS${view.asn.number}` : ""}
            </span>
          ) : null
        }
        actions={
          <ButtonLink href={entityEventsHref("ip", value) as Route} variant="secondary">
            <TableProperties className="size-4" aria-hidden />
            Events page
          </ButtonLink>
        }
      />
      {!view || !context ? (
        <EntityFallback query={page.view} what="source address" />
      ) : (
        <div className={page.view.isPlaceholderData ? "space-y-6 opacity-70" : "space-y-6"}>
          <EntityActivity page={page} lastSeen={view.lastSeen} />
          <RelationshipGraph
            centre={{ label: value, kind: "ip" }}
            groups={groups}
            onService={(eventSource) => context.filterEvents({ eventSource })}
          />
          <div className="grid gap-6 lg:grid-cols-2">
            <WhereCard view={view} />
            <Card title="Who used it" description="Distinct callers from this address in the range.">
              <p className="text-sm">
                {count(view.distinct.principals)} {view.distinct.principals === 1 ? "principal" : "principals"},{" "}
                {count(view.distinct.accessKeys)} {view.distinct.accessKeys === 1 ? "key" : "keys"} (
                {view.credentialTypes.map((type) => credentialLabels[type]).join(", ") || "none"}),{" "}
                {count(view.distinct.userAgents)} user {view.distinct.userAgents === 1 ? "agent" : "agents"}.
              </p>
            </Card>
          </div>
          <EntitySignals
            signals={view.signals}
            total={view.signalTotal}
            allHref={`/signals?${new URLSearchParams({ ip: value })}`}
          />
          <div className="grid gap-6 lg:grid-cols-2">
            <PrincipalsTable rows={view.principals} context={context} />
            <AccessKeysTable rows={view.accessKeys} context={context} />
            <CallsTable rows={view.calls} context={context} />
            <FilterUsageTable
              id="user-agents"
              title="User agents"
              valueHeader="User agent"
              distinct={view.distinct.userAgents}
              rows={view.userAgents.map((row) => ({ ...row, value: row.userAgent }))}
              empty="No user agents."
              filterOf={(userAgent) => ({ q: userAgent.slice(0, 200) })}
              context={context}
              isMono
            />
            <FilterUsageTable
              id="services"
              title="Services"
              valueHeader="Event source"
              distinct={view.distinct.eventSources}
              rows={view.eventSources.map((row) => ({ ...row, value: row.eventSource }))}
              empty="No services."
              filterOf={(eventSource) => ({ eventSource })}
              context={context}
            />
            <FilterUsageTable
              id="regions"
              title="Regions"
              valueHeader="Region"
              distinct={view.distinct.regions}
              rows={view.regions.map((row) => ({ ...row, value: row.region }))}
              empty="No regions."
              filterOf={(awsRegion) => ({ awsRegion })}
              context={context}
            />
          </div>
          <EntityEvents fixed={{ ip: value }} />
        </div>
      )}
    </>
  );
}
