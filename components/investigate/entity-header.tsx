"use client";

import { Check, Copy, type LucideIcon } from "lucide-react";
import { type ReactNode, useState } from "react";
import { Time } from "@/components/ui/time";
import { count } from "@/lib/format";

/** Copies a value (an ARN, a key, a command) and says so for a moment. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      onClick={() => {
        void navigator.clipboard?.writeText(value).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        });
      }}
      className="inline-flex shrink-0 items-center gap-1 rounded-md border border-zinc-300 px-2 py-1 text-xs text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
      aria-label={label}
      title={label}
    >
      {copied ? <Check className="size-3.5 text-emerald-600" aria-hidden /> : <Copy className="size-3.5" aria-hidden />}
      {copied ? "Copied" : "Copy"}
    </button>
  );
}

function Stat({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <div
      className="min-w-0 rounded-lg border border-zinc-200 bg-white px-3 py-2 dark:border-zinc-800 dark:bg-zinc-900"
      title={hint}
    >
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 truncate font-semibold text-lg tabular-nums">{children}</dd>
    </div>
  );
}

export interface HeaderTotals {
  eventCount: number;
  deniedCount: number;
  errorCount: number;
  firstSeen: string | null;
  lastSeen: string | null;
}

/** The entity's name, kind and full value, with its totals over the range. */
export function EntityHeader({
  icon: Icon,
  kindLabel,
  title,
  value,
  badges,
  totals,
  actions,
}: {
  icon: LucideIcon;
  kindLabel: string;
  title: string;
  value: string;
  badges?: ReactNode;
  totals: HeaderTotals | null;
  actions?: ReactNode;
}) {
  const denialRate = totals && totals.eventCount > 0 ? Math.round((totals.deniedCount / totals.eventCount) * 100) : 0;
  return (
    <header className="mb-5">
      <p className="flex items-center gap-1.5 font-medium text-indigo-700 text-xs uppercase tracking-wide dark:text-indigo-300">
        <Icon className="size-3.5" aria-hidden />
        {kindLabel}
      </p>
      <div className="mt-1 flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 flex-1 basis-md">
          {title === value ? (
            <h1 className="flex flex-wrap items-center gap-2 break-all font-semibold text-2xl tracking-tight">
              {title}
              <CopyButton value={value} label={`Copy ${kindLabel.toLowerCase()}`} />
            </h1>
          ) : (
            <>
              <h1 className="break-all font-semibold text-2xl tracking-tight">{title}</h1>
              <p className="mt-1 flex items-start gap-2">
                <code className="min-w-0 break-all font-mono text-xs text-zinc-600 dark:text-zinc-400">{value}</code>
                <CopyButton value={value} label={`Copy ${kindLabel.toLowerCase()}`} />
              </p>
            </>
          )}
          {badges ? <div className="mt-2 flex flex-wrap gap-1.5">{badges}</div> : null}
        </div>
        {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
      </div>
      <dl aria-label="Totals" className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-5">
        <Stat label="Calls">{totals ? count(totals.eventCount) : "…"}</Stat>
        <Stat label="Denied" hint="Calls refused for lack of permission (AccessDenied and the like)">
          {totals ? (
            <span className={totals.deniedCount > 0 ? "text-rose-700 dark:text-rose-300" : undefined}>
              {count(totals.deniedCount)} <span className="font-normal text-sm text-zinc-500">({denialRate}%)</span>
            </span>
          ) : (
            "…"
          )}
        </Stat>
        <Stat label="Failed otherwise" hint="Calls that failed for another reason (validation, not found, throttling)">
          {totals ? count(totals.errorCount - totals.deniedCount) : "…"}
        </Stat>
        <Stat label="First seen (UTC)">
          <span className="text-base">{totals ? <Time value={totals.firstSeen} withZone={false} /> : "…"}</span>
        </Stat>
        <Stat label="Last seen (UTC)">
          <span className="text-base">{totals ? <Time value={totals.lastSeen} withZone={false} /> : "…"}</span>
        </Stat>
      </dl>
    </header>
  );
}
