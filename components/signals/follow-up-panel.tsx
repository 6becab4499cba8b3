import { clsx } from "clsx";
import { CheckCircle2, TriangleAlert } from "lucide-react";
import type { Route } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import type { FollowUp } from "@/lib/detection/engine/follow-up";
import { eventSearchParams } from "@/lib/events/filters";
import { count } from "@/lib/format";

function Bars({ items, total }: { items: { label: string; detail?: string; count: number }[]; total: number }) {
  return (
    <ul className="space-y-1.5">
      {items.map((item) => (
        <li key={`${item.label}\u0000${item.detail ?? ""}`} className="text-sm">
          <div className="flex items-baseline justify-between gap-2">
            <span className="min-w-0 truncate" title={item.detail ? `${item.label} on ${item.detail}` : item.label}>
              <span className="font-medium">{item.label}</span>
              {item.detail ? <span className="text-xs text-zinc-500 dark:text-zinc-400"> {item.detail}</span> : null}
            </span>
            <span className="shrink-0 text-xs tabular-nums text-zinc-600 dark:text-zinc-400">{count(item.count)}</span>
          </div>
          <div aria-hidden className="mt-0.5 h-1 rounded-full bg-zinc-100 dark:bg-zinc-800">
            <div
              className="h-1 rounded-full bg-rose-400 dark:bg-rose-500/70"
              style={{ width: `${(item.count / Math.max(1, total)) * 100}%` }}
            />
          </div>
        </li>
      ))}
    </ul>
  );
}

/**
 * Successful calls by the same principal or key from the signal's IPs within 24 h of the first denial:
 * the case that matters most. When there were none, it says so plainly.
 */
export function FollowUpPanel({ followUp, principalArn }: { followUp: FollowUp | null; principalArn: string | null }) {
  if (!followUp) {
    return (
      <Card title="Follow-up activity">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Not checked yet for this signal.</p>
      </Card>
    );
  }
  const window = (
    <>
      <Time value={followUp.windowStart} /> to <Time value={followUp.windowEnd} />
    </>
  );
  const windowHref = principalArn
    ? (`/events?${eventSearchParams({ principal: principalArn, from: followUp.windowStart, to: followUp.windowEnd })}` as Route)
    : null;
  const hasFollowUp = followUp.count > 0;
  return (
    <Card
      title="Follow-up activity"
      description="Successful calls by the same principal or key, from the signal's IPs, within 24 h of the first denial."
      className={clsx(hasFollowUp && "border-rose-300 dark:border-rose-500/40")}
    >
      {hasFollowUp ? (
        <>
          <p className="flex items-center gap-2 font-semibold text-rose-700 dark:text-rose-300">
            <TriangleAlert className="size-5 shrink-0" aria-hidden />
            {count(followUp.count)} successful {followUp.count === 1 ? "call" : "calls"} followed
          </p>
          {followUp.reason ? <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">{followUp.reason}</p> : null}
          <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
            First <Time value={followUp.firstAt} />, last <Time value={followUp.lastAt} />
          </p>
          <h3 className="mt-4 mb-1.5 font-medium text-xs text-zinc-500 uppercase tracking-wide dark:text-zinc-400">
            Top calls
          </h3>
          <Bars
            total={followUp.topCalls[0]?.count ?? 1}
            items={followUp.topCalls.map((call) => ({
              label: call.eventName,
              detail: call.eventSource ?? "unknown source",
              count: call.count,
            }))}
          />
          <h3 className="mt-4 mb-1.5 font-medium text-xs text-zinc-500 uppercase tracking-wide dark:text-zinc-400">
            Services
          </h3>
          <Bars
            total={followUp.topEventSources[0]?.count ?? 1}
            items={followUp.topEventSources.map((source) => ({
              label: source.eventSource ?? "unknown source",
              count: source.count,
            }))}
          />
          <p className="mt-4 text-xs text-zinc-500 dark:text-zinc-400">Window: {window}</p>
        </>
      ) : (
        <>
          <p className="flex items-center gap-2 font-medium text-emerald-700 dark:text-emerald-300">
            <CheckCircle2 className="size-5 shrink-0" aria-hidden />
            No successful call followed
          </p>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            In the stored events, no call by this principal or its keys from the signal's IPs succeeded from {window}.
          </p>
        </>
      )}
      {windowHref ? (
        <Link
          href={windowHref}
          className="mt-3 inline-block text-indigo-700 text-sm hover:underline dark:text-indigo-300"
        >
          Every event by this principal in the window
        </Link>
      ) : null}
    </Card>
  );
}
