"use client";

import Link from "next/link";
import { PrincipalText } from "@/components/signals/principal-text";
import { SeverityBadge, SignalStatusBadge } from "@/components/signals/signal-badges";
import { useRelatedSignals } from "@/components/signals/use-signals";
import { Card } from "@/components/ui/card";
import { FormError } from "@/components/ui/form";
import { Time } from "@/components/ui/time";
import { errorMessage } from "@/lib/client/api";
import { arnResource } from "@/lib/cloudtrail/arn";
import type { RelatedSignal } from "@/lib/signals/types";

const chip =
  "inline-flex max-w-full items-center truncate rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-[11px] text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300";

/** What a related signal shares with this one, in the order an analyst pivots: principal, IP, key. */
function Shared({ shared }: { shared: RelatedSignal["shared"] }) {
  return (
    <span className="mt-1 flex flex-wrap gap-1">
      {shared.principal ? <span className={chip}>same principal</span> : null}
      {shared.ips.map((ip) => (
        <span key={ip} className={chip} title={`Source IP ${ip}`}>
          IP {ip}
        </span>
      ))}
      {shared.accessKeyIds.map((key) => (
        <span key={key} className={chip} title={`Access key ${key}`}>
          key {key}
        </span>
      ))}
    </span>
  );
}

/** Other live signals with this one's principal, a source IP or an access key: the wider incident. */
export function RelatedSignals({ id }: { id: string }) {
  const related = useRelatedSignals(id);
  const rows = related.data?.data ?? [];
  const total = related.data?.total ?? 0;
  return (
    <Card
      title="Related signals"
      description="Other signals with this principal, one of its access keys or source IPs: closest first."
    >
      {related.isError ? <FormError message={errorMessage(related.error)} /> : null}
      {related.isPending ? (
        <p className="text-sm text-zinc-500">Looking for related signals…</p>
      ) : rows.length === 0 && !related.isError ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">
          None: no other signal shares this principal, its IPs or its keys.
        </p>
      ) : (
        <ul aria-label="Related signals" className="-my-2 divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.map((row) => (
            <li key={row.id} className="py-2">
              <div className="flex items-center gap-2">
                <SeverityBadge severity={row.severity} />
                <SignalStatusBadge status={row.status} />
                <span className="ml-auto shrink-0 text-xs text-zinc-500 dark:text-zinc-400">
                  <Time value={row.lastSeen} />
                </span>
              </div>
              <Link
                href={`/signals/${row.id}`}
                title={row.title}
                className="mt-1 block truncate font-medium text-sm hover:text-indigo-700 hover:underline dark:hover:text-indigo-300"
              >
                {row.title}
              </Link>
              {row.principalArn && !row.shared.principal ? (
                <PrincipalText value={arnResource(row.principalArn)} className="text-zinc-500" />
              ) : null}
              <Shared shared={row.shared} />
            </li>
          ))}
        </ul>
      )}
      {total > rows.length ? (
        <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">
          The {rows.length} most recent of {total.toLocaleString("en-US")} related signals.
        </p>
      ) : null}
    </Card>
  );
}
