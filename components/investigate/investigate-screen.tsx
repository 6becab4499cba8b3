"use client";

import { useQuery } from "@tanstack/react-query";
import { clsx } from "clsx";
import { Clock, Globe, KeyRound, Search, ShieldAlert, UserRound } from "lucide-react";
import type { Route } from "next";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { parseAsString, useQueryState } from "nuqs";
import { type FormEvent, useState } from "react";
import type * as searchRoute from "@/app/api/v1/investigate/search/route";
import type * as topRoute from "@/app/api/v1/investigate/top/route";
import { entityKeys, type ViewKind } from "@/components/investigate/use-entity";
import { useRecentEntities } from "@/components/investigate/use-recent-entities";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Button, FormError, Input } from "@/components/ui/form";
import { PageHeader } from "@/components/ui/page-header";
import type { ResultOf } from "@/lib/api/reply";
import { apiFetch, errorMessage } from "@/lib/client/api";
import { arnResource } from "@/lib/cloudtrail/arn";
import { entityHref } from "@/lib/detection/links";
import { recognise } from "@/lib/entities/recognise";
import type { TopEntity, TopRange } from "@/lib/entities/types";
import { count } from "@/lib/format";

const recognisedAs: Record<string, string> = {
  arn: "a principal ARN",
  ip: "a source address",
  access_key: "an access key id",
  event_id: "an event id",
  user_name: "a user name",
};

const kindIcons = { principal: UserRound, ip: Globe, access_key: KeyRound, event: Search } as const;

function SearchBox() {
  const router = useRouter();
  const [query, setQuery] = useQueryState("q", parseAsString.withDefault("").withOptions({ history: "replace" }));
  const [draft, setDraft] = useState(query);
  const search = useQuery({
    queryKey: entityKeys.search(query),
    queryFn: () =>
      apiFetch<ResultOf<typeof searchRoute.GET>>(`/api/v1/investigate/search?${new URLSearchParams({ q: query })}`),
    enabled: query.trim() !== "",
  });
  const understood = recognise(draft);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const q = draft.trim();
    if (!q) return;
    await setQuery(q);
    // One match: straight to its view; several: listed below to choose from.
    const result = await apiFetch<ResultOf<typeof searchRoute.GET>>(
      `/api/v1/investigate/search?${new URLSearchParams({ q })}`,
    ).catch(() => null);
    if (result?.matches.length === 1) router.push(result.matches[0]?.href as Route);
  }

  const matches = search.data?.matches ?? [];
  return (
    <Card
      title="Find"
      description="Paste a principal ARN, an IP address, an access key id, a user name or an event id."
    >
      <search>
        <form onSubmit={submit} className="flex flex-wrap gap-2">
          <label htmlFor="investigate-search" className="sr-only">
            ARN, IP, access key, user name or event id
          </label>
          <Input
            id="investigate-search"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            placeholder="arn:aws:iam::123456789012:user/alice, 203.0.113.7, AKIA…, alice, or an event id"
            className="min-w-0 flex-1 font-mono"
            autoComplete="off"
            spellCheck={false}
            maxLength={2048}
          />
          <Button type="submit">
            <Search className="size-4" aria-hidden />
            Investigate
          </Button>
        </form>
      </search>
      <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400" aria-live="polite">
        {draft.trim() === ""
          ? "\u00a0"
          : understood.kind === "none"
            ? understood.reason
            : `Looks like ${recognisedAs[understood.kind]}.`}
      </p>
      <FormError message={search.error ? errorMessage(search.error) : null} />
      {query && search.data ? (
        matches.length === 0 ? (
          <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">{search.data.message}</p>
        ) : (
          <ul
            aria-label="Matches"
            className="mt-3 divide-y divide-zinc-100 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
          >
            {matches.map((match) => {
              const Icon = kindIcons[match.kind];
              return (
                <li key={`${match.kind}:${match.value}`}>
                  <Link
                    href={match.href as Route}
                    className="flex items-center gap-3 px-3 py-2 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-800/60"
                  >
                    <Icon className="size-4 shrink-0 text-zinc-500" aria-hidden />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate font-mono text-xs">{match.value}</span>
                      {match.detail ? (
                        <span className="block truncate text-xs text-zinc-500 dark:text-zinc-400">{match.detail}</span>
                      ) : null}
                    </span>
                    {match.eventCount !== null ? (
                      <span className="shrink-0 text-xs text-zinc-500 tabular-nums">
                        {count(match.eventCount)} calls
                      </span>
                    ) : null}
                  </Link>
                </li>
              );
            })}
          </ul>
        )
      ) : null}
    </Card>
  );
}

const rangeLabels: Record<TopRange, string> = {
  "24h": "Last day",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  all: "All time",
};

function TopList({
  title,
  icon: Icon,
  rows,
  label,
}: {
  title: string;
  icon: typeof Globe;
  rows: TopEntity[];
  label: (value: string) => string;
}) {
  const max = Math.max(1, ...rows.map((row) => row.deniedCount));
  return (
    <Card title={title}>
      {rows.length === 0 ? (
        <p className="py-3 text-center text-sm text-zinc-500 dark:text-zinc-400">No denials in this range.</p>
      ) : (
        <ol className="space-y-2">
          {rows.map((row) => (
            <li key={row.value} className="text-sm">
              <div className="flex items-baseline justify-between gap-2">
                <Link
                  href={row.href as Route}
                  className="flex min-w-0 items-center gap-1.5 hover:underline"
                  title={row.value}
                >
                  <Icon className="size-3.5 shrink-0 text-zinc-400" aria-hidden />
                  <span className="truncate font-mono text-xs">{label(row.value)}</span>
                </Link>
                <span className="shrink-0 text-xs tabular-nums">
                  <span className="font-medium text-rose-700 dark:text-rose-300">{count(row.deniedCount)}</span>
                  <span className="text-zinc-500"> of {count(row.eventCount)}</span>
                </span>
              </div>
              <div aria-hidden className="mt-0.5 h-1 rounded-full bg-zinc-100 dark:bg-zinc-800">
                <div className="h-1 rounded-full bg-rose-500" style={{ width: `${(row.deniedCount / max) * 100}%` }} />
              </div>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

function MostDenied() {
  const [range, setRange] = useQueryState("range", parseAsString.withDefault("7d").withOptions({ history: "replace" }));
  const selected = (Object.keys(rangeLabels).includes(range) ? range : "7d") as TopRange;
  const top = useQuery({
    queryKey: entityKeys.top(selected),
    queryFn: () => apiFetch<ResultOf<typeof topRoute.GET>>(`/api/v1/investigate/top?range=${selected}`),
  });
  return (
    <section aria-labelledby="most-denied" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="most-denied" className="flex items-center gap-2 font-semibold text-lg">
            <ShieldAlert className="size-5 text-rose-600" aria-hidden />
            Most denied
          </h2>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            {top.data?.from && top.data.to
              ? `Denied calls from ${top.data.from.slice(0, 16).replace("T", " ")} to ${top.data.to.slice(0, 16).replace("T", " ")} UTC (counted back from the newest stored event)`
              : "Denied calls over the whole stored history"}
          </p>
        </div>
        <fieldset className="flex gap-1" aria-label="Range">
          {(Object.keys(rangeLabels) as TopRange[]).map((key) => (
            <Button
              key={key}
              size="sm"
              variant={key === selected ? "primary" : "secondary"}
              aria-pressed={key === selected}
              onClick={() => setRange(key)}
            >
              {rangeLabels[key]}
            </Button>
          ))}
        </fieldset>
      </div>
      <FormError message={top.error ? errorMessage(top.error) : null} />
      <div className={clsx("grid gap-6 lg:grid-cols-3", top.isFetching && "opacity-70")}>
        <TopList title="Principals" icon={UserRound} rows={top.data?.principals ?? []} label={arnResource} />
        <TopList title="Source IPs" icon={Globe} rows={top.data?.ips ?? []} label={(v) => v} />
        <TopList title="Access keys" icon={KeyRound} rows={top.data?.accessKeys ?? []} label={(v) => v} />
      </div>
    </section>
  );
}

const linkKinds: Record<ViewKind, "principal" | "ip" | "accessKeyId"> = {
  principal: "principal",
  ip: "ip",
  key: "accessKeyId",
};
const recentIcons: Record<ViewKind, typeof Globe> = { principal: UserRound, ip: Globe, key: KeyRound };

function RecentlyViewed() {
  const { recent, clear } = useRecentEntities();
  return (
    <Card
      title="Recently viewed"
      description="In this browser."
      actions={
        recent.length > 0 ? (
          <Button size="sm" variant="secondary" onClick={clear}>
            Clear
          </Button>
        ) : null
      }
    >
      {recent.length === 0 ? (
        <p className="py-3 text-center text-sm text-zinc-500 dark:text-zinc-400">
          Principals, IPs and keys you open show up here.
        </p>
      ) : (
        <ul className="space-y-1.5">
          {recent.map((item) => {
            const Icon = recentIcons[item.kind];
            return (
              <li key={`${item.kind}:${item.value}`} className="flex items-center gap-2 text-sm">
                <Icon className="size-3.5 shrink-0 text-zinc-400" aria-hidden />
                <Link
                  href={entityHref(linkKinds[item.kind], item.value) as Route}
                  className="min-w-0 flex-1 truncate font-mono text-xs hover:underline"
                  title={item.value}
                >
                  {item.kind === "principal" ? arnResource(item.value) : item.value}
                </Link>
                <Clock className="size-3 text-zinc-400" aria-hidden />
                <time className="shrink-0 text-xs text-zinc-500 tabular-nums" dateTime={item.at}>
                  {item.at.slice(5, 16).replace("T", " ")}
                </time>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

export function InvestigateScreen({ hasEvents }: { hasEvents: boolean }) {
  return (
    <>
      <PageHeader
        title="Investigate"
        description="Everything one principal, IP address or access key did, on one screen."
      />
      {!hasEvents ? (
        <EmptyState
          icon={Search}
          title="Nothing to investigate yet"
          action={
            <Link href="/uploads" className="font-medium text-indigo-700 text-sm hover:underline dark:text-indigo-300">
              Upload CloudTrail exports
            </Link>
          }
        >
          Once exports are uploaded, search any principal, address or key here, or start from the ones denied most.
        </EmptyState>
      ) : (
        <div className="space-y-8">
          <div className="grid gap-6 xl:grid-cols-3">
            <div className="min-w-0 xl:col-span-2">
              <SearchBox />
            </div>
            <RecentlyViewed />
          </div>
          <MostDenied />
        </div>
      )}
    </>
  );
}
