import { clsx } from "clsx";
import Link from "next/link";
import type { ReactNode } from "react";
import { PrincipalText } from "@/components/signals/principal-text";
import { SeverityBadge } from "@/components/signals/signal-badges";
import { arnResource } from "@/lib/cloudtrail/arn";
import type { PreviewSignal } from "@/lib/detection/engine/preview";
import { count } from "@/lib/format";
import type { RulePreview } from "@/lib/rules/types";

const stamp = (iso: string) => iso.slice(0, 16).replace("T", " ");

function Who({ signal }: { signal: PreviewSignal }) {
  const value = signal.principalArn ? arnResource(signal.principalArn) : signal.groupKey;
  return (
    <span className="min-w-0" title={signal.principalArn ?? signal.groupKey}>
      {signal.signalId ? (
        <Link href={`/signals/${signal.signalId}`} className="block hover:underline">
          <PrincipalText value={value} />
        </Link>
      ) : (
        <PrincipalText value={value} />
      )}
    </span>
  );
}

function Window({ signal }: { signal: PreviewSignal }) {
  return (
    <span className="mt-0.5 block text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
      {stamp(signal.firstSeen)} → {stamp(signal.lastSeen)} · {count(signal.eventCount)}{" "}
      {signal.eventCount === 1 ? "event" : "events"}
      {signal.sourceIps.length > 0 ? ` · from ${signal.sourceIps.slice(0, 2).join(", ")}` : ""}
      {signal.sourceIps.length > 2 ? ` +${signal.sourceIps.length - 2}` : ""}
    </span>
  );
}

/** Who, when and how many, with the severity it would have. */
function Line({ signal }: { signal: PreviewSignal }) {
  return (
    <>
      <span className="flex items-center justify-between gap-3">
        <Who signal={signal} />
        <SeverityBadge severity={signal.severity} />
      </span>
      <Window signal={signal} />
    </>
  );
}

function Group({
  title,
  total,
  shown,
  tone,
  children,
}: {
  title: string;
  total: number;
  shown: number;
  tone: string;
  children: ReactNode;
}) {
  if (total === 0) return null;
  return (
    <section aria-label={`${title} signals`} className="mt-4">
      <h4 className={clsx("mb-1.5 font-medium text-sm", tone)}>
        {title} ({count(total)})
        {shown < total ? <span className="font-normal text-zinc-500"> · first {count(shown)} shown</span> : null}
      </h4>
      <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {children}
      </ul>
    </section>
  );
}

const item = "px-3 py-2 text-sm";

/** What a proposed configuration would do to today's live signals, before it is saved. */
export function RulePreviewResult({ preview, isStale }: { preview: RulePreview; isStale: boolean }) {
  const { counts } = preview;
  return (
    <section
      aria-label="Preview"
      aria-live="polite"
      className={clsx(
        "mt-5 rounded-xl border border-indigo-200 bg-indigo-50/40 p-4 dark:border-indigo-500/30 dark:bg-indigo-500/5",
        isStale && "opacity-60",
      )}
    >
      <h3 className="font-semibold text-sm">Preview: what saving this would do</h3>
      {isStale ? (
        <p className="mt-1 text-amber-700 text-xs dark:text-amber-300">
          The form has changed since this preview: preview again to see the effect of what it holds now.
        </p>
      ) : null}
      {preview.enabled ? (
        <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">
          {count(preview.current.signals)} live {preview.current.signals === 1 ? "signal" : "signals"} now →{" "}
          {count(preview.proposed.signals)} with this change, from {count(preview.proposed.matches)} matching{" "}
          {preview.proposed.matches === 1 ? "event" : "events"}.
        </p>
      ) : (
        <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">
          The rule would be disabled: its {count(preview.current.signals)} live signals stay as they are, and no new
          ones are made.
        </p>
      )}
      <p className="mt-2 flex flex-wrap gap-2 text-xs">
        <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-emerald-800 dark:bg-emerald-500/15 dark:text-emerald-300">
          {count(counts.added)} added
        </span>
        <span className="rounded-full bg-red-100 px-2 py-0.5 text-red-800 dark:bg-red-500/15 dark:text-red-300">
          {count(counts.removed)} removed
        </span>
        <span className="rounded-full bg-amber-100 px-2 py-0.5 text-amber-800 dark:bg-amber-500/15 dark:text-amber-300">
          {count(counts.changed)} changed
        </span>
        <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
          {count(counts.unchanged)} unchanged
        </span>
      </p>
      <Group
        title="Added"
        total={counts.added}
        shown={preview.added.length}
        tone="text-emerald-700 dark:text-emerald-300"
      >
        {preview.added.map((signal) => (
          <li key={`${signal.groupKey}\u0000${signal.firstSeen}`} className={item}>
            <Line signal={signal} />
          </li>
        ))}
      </Group>
      <Group
        title="Removed"
        total={counts.removed}
        shown={preview.removed.length}
        tone="text-red-700 dark:text-red-300"
      >
        {preview.removed.map((signal) => (
          <li key={signal.signalId ?? signal.groupKey} className={item}>
            <Line signal={signal} />
          </li>
        ))}
      </Group>
      <Group
        title="Changed"
        total={counts.changed}
        shown={preview.changed.length}
        tone="text-amber-700 dark:text-amber-300"
      >
        {preview.changed.map((change) => (
          <li key={change.before.signalId ?? change.before.groupKey} className={item}>
            <Line signal={change.after} />
            <span className="mt-1 flex flex-wrap gap-1">
              {change.differences.map((difference) => (
                <span
                  key={difference}
                  className="rounded-md bg-amber-50 px-1.5 py-0.5 text-amber-900 text-xs ring-1 ring-amber-600/20 ring-inset dark:bg-amber-500/10 dark:text-amber-200 dark:ring-amber-400/30"
                >
                  {difference}
                </span>
              ))}
            </span>
          </li>
        ))}
      </Group>
    </section>
  );
}
