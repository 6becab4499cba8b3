"use client";

import { TableProperties, UserRound } from "lucide-react";
import type { Route } from "next";
import Link from "next/link";
import { useMemo } from "react";
import { CredentialBadge } from "@/components/events/event-badges";
import { EntityEvents } from "@/components/investigate/entity-events";
import { EntityActivity, EntityFallback, useEntityPage } from "@/components/investigate/entity-frame";
import { EntityHeader } from "@/components/investigate/entity-header";
import {
  AccessKeysTable,
  CallsTable,
  FilterUsageTable,
  ipGroup,
  keyGroup,
  SourceIpsTable,
  serviceGroup,
  viewHref,
} from "@/components/investigate/entity-panels";
import { EntitySignals } from "@/components/investigate/entity-signals";
import { RelationshipGraph } from "@/components/investigate/relationship-graph";
import { SuccessAfterDenial } from "@/components/investigate/success-after-denial";
import { SeenSpan } from "@/components/investigate/usage-table";
import { ButtonLink } from "@/components/ui/button-link";
import { Card } from "@/components/ui/card";
import { arnResource } from "@/lib/cloudtrail/arn";
import { entityEventsHref } from "@/lib/detection/links";
import { eventSearchParams } from "@/lib/events/filters";
import { count } from "@/lib/format";

const chip =
  "inline-flex items-center rounded-md bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300";

/** Everything one principal (an IAM user, a role session, root) did: on one screen, over one range. */
export function PrincipalScreen({ arn }: { arn: string }) {
  const page = useEntityPage("principal", arn);
  const view = page.view.data;
  const { context, range } = page;
  const groups = useMemo(
    () =>
      view
        ? [
            { side: "top" as const, group: keyGroup(view.accessKeys, view.distinct.accessKeys, range) },
            { side: "left" as const, group: ipGroup(view.sourceIps, view.distinct.sourceIps, range) },
            { side: "right" as const, group: serviceGroup(view.eventSources, view.distinct.eventSources) },
          ]
        : [],
    [view, range],
  );

  return (
    <>
      <EntityHeader
        icon={UserRound}
        kindLabel="Principal"
        title={arnResource(arn)}
        value={arn}
        totals={view ?? null}
        badges={
          view ? (
            <>
              {view.type ? <span className={chip}>{view.type}</span> : null}
              {view.accountId ? <span className={chip}>account {view.accountId}</span> : null}
              {view.userName ? <span className={chip}>user {view.userName}</span> : null}
              {view.credentialTypes.map((type) => (
                <CredentialBadge key={type} type={type} />
              ))}
            </>
          ) : null
        }
        actions={
          <ButtonLink href={entityEventsHref("principal", arn) as Route} variant="secondary">
            <TableProperties className="size-4" aria-hidden />
            Events page
          </ButtonLink>
        }
      />
      {!view || !context ? (
        <EntityFallback query={page.view} what="principal" />
      ) : (
        <div className={page.view.isPlaceholderData ? "space-y-6 opacity-70" : "space-y-6"}>
          <EntityActivity page={page} lastSeen={view.lastSeen} />
          <RelationshipGraph
            centre={{ label: arnResource(arn), kind: "principal" }}
            groups={groups}
            onService={(eventSource) => context.filterEvents({ eventSource })}
          />
          <div className="grid gap-6 xl:grid-cols-3">
            <div className="min-w-0">
              <Card title="Identity" description="As CloudTrail recorded it.">
                <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1.5 text-sm">
                  <dt className="text-zinc-500">Type</dt>
                  <dd>{view.type ?? "—"}</dd>
                  <dt className="text-zinc-500">Account</dt>
                  <dd className="font-mono text-xs">{view.accountId ?? "—"}</dd>
                  <dt className="text-zinc-500">User name</dt>
                  <dd className="break-all">{view.userName ?? "—"}</dd>
                  <dt className="text-zinc-500">Credentials</dt>
                  <dd className="flex flex-wrap gap-1">
                    {view.credentialTypes.map((type) => (
                      <CredentialBadge key={type} type={type} />
                    ))}
                  </dd>
                </dl>
                <h3 className="mt-4 mb-1.5 font-medium text-xs text-zinc-500 uppercase tracking-wide dark:text-zinc-400">
                  Access keys ({count(view.distinct.accessKeys)})
                </h3>
                <ul className="space-y-1.5">
                  {view.accessKeys.slice(0, 6).map((key) => (
                    <li key={`${key.id}\u0000${key.credentialType}`} className="min-w-0 text-sm">
                      <span className="flex items-center gap-1.5">
                        {key.id ? (
                          <Link
                            href={viewHref("accessKeyId", key.id, range) as Route}
                            className="truncate font-mono text-indigo-700 text-xs hover:underline dark:text-indigo-300"
                          >
                            {key.id}
                          </Link>
                        ) : (
                          <span className="text-xs text-zinc-500">no key</span>
                        )}
                        <CredentialBadge type={key.credentialType} />
                      </span>
                      <SeenSpan first={key.firstSeen} last={key.lastSeen} />
                    </li>
                  ))}
                </ul>
                {view.distinct.accessKeys > 6 ? (
                  <a
                    href="#access-keys"
                    className="mt-2 inline-block text-indigo-700 text-xs hover:underline dark:text-indigo-300"
                  >
                    All {count(view.distinct.accessKeys)} keys
                  </a>
                ) : null}
              </Card>
            </div>
            <div className="min-w-0 xl:col-span-2">
              <SuccessAfterDenial
                signals={view.signals}
                eventsHref={(from, to) => `/events?${eventSearchParams({ principal: arn, from, to })}`}
              />
            </div>
          </div>
          <EntitySignals
            signals={view.signals}
            total={view.signalTotal}
            allHref={`/signals?${new URLSearchParams({ principal: arn })}`}
          />
          <div className="grid gap-6 lg:grid-cols-2">
            <AccessKeysTable rows={view.accessKeys} context={context} />
            <SourceIpsTable rows={view.sourceIps} context={context} />
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
              id="regions"
              title="Regions"
              valueHeader="Region"
              distinct={view.distinct.regions}
              rows={view.regions.map((row) => ({ ...row, value: row.region }))}
              empty="No regions."
              filterOf={(awsRegion) => ({ awsRegion })}
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
          </div>
          <EntityEvents fixed={{ principal: arn }} />
        </div>
      )}
    </>
  );
}
