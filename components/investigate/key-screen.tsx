"use client";

import { KeyRound, TableProperties } from "lucide-react";
import type { Route } from "next";
import Link from "next/link";
import { useMemo } from "react";
import { CredentialBadge } from "@/components/events/event-badges";
import { EntityEvents } from "@/components/investigate/entity-events";
import { EntityActivity, EntityFallback, useEntityPage } from "@/components/investigate/entity-frame";
import { EntityHeader } from "@/components/investigate/entity-header";
import {
  CallsTable,
  FilterUsageTable,
  ipGroup,
  PrincipalsTable,
  principalGroup,
  SourceIpsTable,
  serviceGroup,
  viewHref,
} from "@/components/investigate/entity-panels";
import { EntitySignals } from "@/components/investigate/entity-signals";
import { RelationshipGraph } from "@/components/investigate/relationship-graph";
import { RemediationCard } from "@/components/investigate/remediation-card";
import { SuccessAfterDenial } from "@/components/investigate/success-after-denial";
import { ButtonLink } from "@/components/ui/button-link";
import { Card } from "@/components/ui/card";
import { arnResource } from "@/lib/cloudtrail/arn";
import { entityEventsHref } from "@/lib/detection/links";
import { eventSearchParams } from "@/lib/events/filters";

/** Where one access key was used, by whom, and how to shut it off. */
export function KeyScreen({ id }: { id: string }) {
  const page = useEntityPage("key", id);
  const view = page.view.data;
  const { context, range } = page;
  const groups = useMemo(
    () =>
      view
        ? [
            { side: "top" as const, group: principalGroup(view.principals, view.distinct.principals, range) },
            { side: "left" as const, group: ipGroup(view.sourceIps, view.distinct.sourceIps, range) },
            { side: "right" as const, group: serviceGroup(view.eventSources, view.distinct.eventSources) },
          ]
        : [],
    [view, range],
  );
  return (
    <>
      <EntityHeader
        icon={KeyRound}
        kindLabel="Access key"
        title={id}
        value={id}
        totals={view ?? null}
        badges={view?.credentialTypes.map((type) => <CredentialBadge key={type} type={type} />)}
        actions={
          <ButtonLink href={entityEventsHref("accessKeyId", id) as Route} variant="secondary">
            <TableProperties className="size-4" aria-hidden />
            Events page
          </ButtonLink>
        }
      />
      {!view || !context ? (
        <EntityFallback query={page.view} what="access key" />
      ) : (
        <div className={page.view.isPlaceholderData ? "space-y-6 opacity-70" : "space-y-6"}>
          <EntityActivity page={page} lastSeen={view.lastSeen} />
          <RelationshipGraph
            centre={{ label: id, kind: "key" }}
            groups={groups}
            onService={(eventSource) => context.filterEvents({ eventSource })}
          />
          <div className="grid gap-6 xl:grid-cols-3">
            <div className="min-w-0">
              <Card
                title="Owner"
                description="The principal that used the key most, and what kind of credential it is."
              >
                <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1.5 text-sm">
                  <dt className="text-zinc-500">Principal</dt>
                  <dd className="min-w-0 break-all">
                    {view.principalArn ? (
                      <Link
                        href={viewHref("principal", view.principalArn, range) as Route}
                        className="font-mono text-indigo-700 text-xs hover:underline dark:text-indigo-300"
                      >
                        {arnResource(view.principalArn)}
                      </Link>
                    ) : (
                      <span className="text-zinc-500">
                        none recorded{view.userName ? ` (user ${view.userName})` : ""}
                      </span>
                    )}
                  </dd>
                  <dt className="text-zinc-500">Credential</dt>
                  <dd>{view.credentialType ? <CredentialBadge type={view.credentialType} /> : "—"}</dd>
                  <dt className="text-zinc-500">Account</dt>
                  <dd className="font-mono text-xs">{view.accountId ?? "—"}</dd>
                  <dt className="text-zinc-500">User name</dt>
                  <dd className="break-all">{view.userName ?? "—"}</dd>
                </dl>
              </Card>
            </div>
            <div className="min-w-0 xl:col-span-2">
              <RemediationCard remediation={view.remediation} />
            </div>
          </div>
          <div className="grid gap-6 xl:grid-cols-2">
            <EntitySignals
              signals={view.signals}
              total={view.signalTotal}
              allHref={`/signals?${new URLSearchParams({ accessKeyId: id })}`}
            />
            <SuccessAfterDenial
              signals={view.signals}
              eventsHref={(from, to) => `/events?${eventSearchParams({ accessKeyId: id, from, to })}`}
            />
          </div>
          <div className="grid gap-6 lg:grid-cols-2">
            <SourceIpsTable rows={view.sourceIps} context={context} />
            <PrincipalsTable rows={view.principals} context={context} />
            <CallsTable rows={view.calls} context={context} />
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
          <EntityEvents fixed={{ accessKeyId: id }} />
        </div>
      )}
    </>
  );
}
