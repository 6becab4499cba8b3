"use client";

import { EyeOff, Loader2, RotateCcw } from "lucide-react";
import Link from "next/link";
import { PrincipalText } from "@/components/signals/principal-text";
import { SeverityBadge, SignalStatusBadge } from "@/components/signals/signal-badges";
import { Card } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { errorMessage } from "@/lib/client/api";
import type { PreviewedSignal, SuppressionPreview } from "@/lib/detection/engine/suppression-preview";
import { count } from "@/lib/format";

// What saving the draft would do, over the stored data (POST /api/v1/suppressions/preview).

const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

function SignalList({ label, signals, total }: { label: string; signals: PreviewedSignal[]; total: number }) {
  if (total === 0) return null;
  return (
    <section aria-label={label} className="mt-4">
      <h3 className="mb-1.5 font-medium text-sm">
        {label} <span className="text-zinc-500">({count(total)})</span>
      </h3>
      <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {signals.map((signal) => (
          <li key={signal.id} className="flex items-center gap-2 px-3 py-2 text-sm">
            <SeverityBadge severity={signal.severity} />
            <SignalStatusBadge status={signal.status} />
            <Link
              href={`/signals/${signal.id}`}
              className="min-w-0 flex-1 text-indigo-700 hover:underline dark:text-indigo-300"
            >
              <PrincipalText
                value={signal.principalArn ?? signal.title}
                className="text-indigo-700 dark:text-indigo-300"
              />
            </Link>
            <span className="shrink-0 text-xs text-zinc-500 tabular-nums">
              {signal.eventCountAfter === undefined
                ? plural(signal.eventCount, "event")
                : `${count(signal.eventCount)} → ${count(signal.eventCountAfter)} events`}
            </span>
          </li>
        ))}
      </ul>
      {total > signals.length ? (
        <p className="mt-1 text-xs text-zinc-500">and {count(total - signals.length)} more</p>
      ) : null}
    </section>
  );
}

function Who({ label, rows }: { label: string; rows: { value: string; count: number }[] }) {
  if (rows.length === 0) return null;
  return (
    <div className="min-w-0">
      <h3 className="mb-1 font-medium text-xs text-zinc-500 uppercase tracking-wide">{label}</h3>
      <ul className="space-y-0.5 text-xs">
        {rows.slice(0, 8).map((row) => (
          <li key={row.value} className="flex justify-between gap-2">
            <span className="truncate font-mono" title={row.value}>
              {row.value}
            </span>
            <span className="shrink-0 tabular-nums text-zinc-500">{count(row.count)}</span>
          </li>
        ))}
      </ul>
      {rows.length > 8 ? <p className="text-xs text-zinc-500">and {count(rows.length - 8)} more</p> : null}
    </div>
  );
}

export function SuppressionPreviewPanel({
  preview,
  error,
  isFetching,
}: {
  preview: SuppressionPreview | undefined;
  error: unknown;
  isFetching: boolean;
}) {
  return (
    <Card
      title="Preview"
      description="What saving would do, computed over the stored events. Nothing is saved until you save."
      className="self-start xl:sticky xl:top-4"
      actions={isFetching ? <Loader2 className="size-4 animate-spin text-zinc-400" aria-label="Updating" /> : null}
    >
      <div aria-live="polite">
        {error ? (
          <p
            role="alert"
            className="rounded-md bg-red-50 px-3 py-2 text-red-800 text-sm dark:bg-red-500/10 dark:text-red-200"
          >
            {errorMessage(error)}
          </p>
        ) : !preview ? (
          <p className="text-sm text-zinc-500">Computing…</p>
        ) : (
          <>
            <p className="flex items-start gap-2 text-sm">
              <EyeOff className="mt-0.5 size-4 shrink-0 text-zinc-500" aria-hidden />
              <span>
                Leaves out <strong>{plural(preview.matches, "match", "matches")}</strong> (
                {plural(preview.events, "event")}) and hides{" "}
                <strong>{plural(preview.counts.signalsHidden, "signal")}</strong>
                {preview.openSignalsHidden > 0 ? `, ${count(preview.openSignalsHidden)} of them still to triage` : ""};{" "}
                {plural(preview.counts.signalsChanged, "signal")} lose some events.
              </span>
            </p>
            {preview.counts.signalsRestored > 0 ? (
              <p className="mt-2 flex items-center gap-2 text-emerald-700 text-sm dark:text-emerald-300">
                <RotateCcw className="size-4" aria-hidden />
                {plural(preview.counts.signalsRestored, "signal")} hidden today would come back.
              </p>
            ) : null}
            <SignalList label="Signals it hides" signals={preview.signalsHidden} total={preview.counts.signalsHidden} />
            <SignalList
              label="Signals it changes"
              signals={preview.signalsChanged}
              total={preview.counts.signalsChanged}
            />
            <SignalList
              label="Signals that come back"
              signals={preview.signalsRestored}
              total={preview.counts.signalsRestored}
            />
            {preview.matches > 0 ? (
              <>
                <div className="mt-4 grid gap-4 sm:grid-cols-3">
                  <Who label="Principals" rows={preview.principals} />
                  <Who label="Source IPs" rows={preview.ips} />
                  <Who label="Access keys" rows={preview.accessKeys} />
                </div>
                <section aria-label="Sample of events" className="mt-4">
                  <h3 className="mb-1.5 font-medium text-sm">Sample of events it covers</h3>
                  <ul className="space-y-1 text-xs">
                    {preview.sample.slice(0, 8).map((event) => (
                      <li key={event.id} className="flex gap-2">
                        <span className="shrink-0 text-zinc-500">
                          <Time value={event.time} withZone={false} />
                        </span>
                        <span className="shrink-0 font-medium">{event.eventName}</span>
                        <span
                          className="truncate font-mono text-zinc-600 dark:text-zinc-400"
                          title={event.principalArn ?? ""}
                        >
                          {event.sourceIp}
                        </span>
                      </li>
                    ))}
                  </ul>
                </section>
              </>
            ) : (
              <p className="mt-3 text-sm text-zinc-500">
                No stored match meets these conditions: saving it changes no signal today, and it applies to what
                arrives later.
              </p>
            )}
          </>
        )}
      </div>
    </Card>
  );
}
