import { CheckCircle2, TriangleAlert } from "lucide-react";
import type { Route } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import type { EntitySignal } from "@/lib/entities/types";
import { count } from "@/lib/format";

// "Did anything succeed after the denials?" For each signal (a run of denied discovery calls), the
// successful calls the same principal or key made from the signal's IPs within 24 h of its first denial,
// as the signal's follow-up found them, drawn on one time axis: the denials in red, the window in grey,
// and the successes in green.

const minute = (iso: string) => iso.slice(0, 16).replace("T", " ");

export function SuccessAfterDenial({
  signals,
  eventsHref,
}: {
  signals: EntitySignal[];
  /** The events table over a window, for "show these calls". */
  eventsHref: (from: string, to: string) => string;
}) {
  const rows = signals.filter((signal) => signal.followUp).slice(0, 12);
  const withSuccess = rows.filter((signal) => (signal.followUp?.count ?? 0) > 0);
  if (rows.length === 0) {
    return (
      <Card
        title="Success after denial"
        description="Successful calls within 24 h of each run of denials, from the same IPs."
      >
        <p className="py-3 text-center text-sm text-zinc-500 dark:text-zinc-400">
          No denied discovery here to follow up on.
        </p>
      </Card>
    );
  }
  const start = Math.min(...rows.map((s) => Date.parse(s.firstSeen)));
  const end = Math.max(...rows.map((s) => Date.parse(s.followUp?.windowEnd ?? s.lastSeen)));
  const x = (iso: string) => `${((Date.parse(iso) - start) / Math.max(1, end - start)) * 100}%`;
  const width = (from: string, to: string) =>
    `max(3px, ${((Date.parse(to) - Date.parse(from)) / Math.max(1, end - start)) * 100}%)`;
  return (
    <Card
      title="Success after denial"
      description="Successful calls by the same principal or key, from the signal's IPs, within 24 h of its first denial."
    >
      <p
        className={
          withSuccess.length > 0
            ? "mb-3 flex items-center gap-2 font-medium text-rose-700 text-sm dark:text-rose-300"
            : "mb-3 flex items-center gap-2 font-medium text-emerald-700 text-sm dark:text-emerald-300"
        }
      >
        {withSuccess.length > 0 ? (
          <TriangleAlert className="size-4" aria-hidden />
        ) : (
          <CheckCircle2 className="size-4" aria-hidden />
        )}
        {withSuccess.length > 0
          ? `${count(withSuccess.length)} of ${count(rows.length)} runs of denials were followed by successful calls`
          : `None of ${count(rows.length)} runs of denials was followed by a successful call`}
      </p>
      <ol className="space-y-3" aria-label="Runs of denials and what followed">
        {rows.map((signal) => {
          const followUp = signal.followUp;
          if (!followUp) return null;
          return (
            <li key={signal.id} className="text-sm">
              <div className="flex items-baseline justify-between gap-3">
                <Link
                  href={`/signals/${signal.id}`}
                  className="shrink-0 tabular-nums hover:underline"
                  title={signal.title}
                >
                  {minute(signal.firstSeen)} UTC · {count(signal.eventCount)} denied
                </Link>
                {followUp.count > 0 ? (
                  <Link
                    href={eventsHref(followUp.windowStart, followUp.windowEnd) as Route}
                    className="min-w-0 truncate font-medium text-rose-700 text-xs hover:underline dark:text-rose-300"
                  >
                    {count(followUp.count)} succeeded · {followUp.topCalls[0]?.eventName ?? ""}
                  </Link>
                ) : (
                  <span className="shrink-0 text-xs text-zinc-500 dark:text-zinc-400">nothing succeeded</span>
                )}
              </div>
              <div className="relative mt-1 h-3 rounded bg-zinc-100 dark:bg-zinc-800" aria-hidden>
                <span
                  className="absolute inset-y-0 rounded bg-zinc-300/70 dark:bg-zinc-600/60"
                  style={{ left: x(followUp.windowStart), width: width(followUp.windowStart, followUp.windowEnd) }}
                />
                <span
                  className="absolute inset-y-0 rounded bg-rose-600"
                  style={{ left: x(signal.firstSeen), width: width(signal.firstSeen, signal.lastSeen) }}
                />
                {followUp.firstAt && followUp.lastAt ? (
                  <span
                    className="absolute inset-y-0.5 rounded bg-emerald-500"
                    style={{ left: x(followUp.firstAt), width: width(followUp.firstAt, followUp.lastAt) }}
                  />
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
      <p className="mt-3 flex flex-wrap gap-4 text-xs text-zinc-600 dark:text-zinc-400">
        <span className="inline-flex items-center gap-1.5">
          <span aria-hidden className="h-2 w-4 rounded bg-rose-600" /> Denials
        </span>
        <span className="inline-flex items-center gap-1.5">
          <span aria-hidden className="h-2 w-4 rounded bg-emerald-500" /> Successful calls
        </span>
        <span className="inline-flex items-center gap-1.5">
          <span aria-hidden className="h-2 w-4 rounded bg-zinc-300 dark:bg-zinc-600" /> 24 h window
        </span>
        <span className="ml-auto tabular-nums">
          {minute(new Date(start).toISOString())} → {minute(new Date(end).toISOString())} UTC
        </span>
      </p>
    </Card>
  );
}
