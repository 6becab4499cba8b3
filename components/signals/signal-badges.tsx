import { clsx } from "clsx";
import { ArrowUpRight } from "lucide-react";
import type { Severity, SignalStatus } from "@/lib/generated/prisma/enums";

const badge =
  "inline-flex items-center gap-1 whitespace-nowrap rounded-md px-1.5 py-0.5 align-middle font-medium text-xs ring-1 ring-inset";

export const severityLabels: Record<Severity, string> = {
  info: "info",
  low: "low",
  medium: "medium",
  high: "high",
  critical: "critical",
};

// Warm colours rise with severity; info and low stay quiet so the eye goes to what matters.
const severityColours: Record<Severity, string> = {
  info: "bg-zinc-50 text-zinc-600 ring-zinc-400/30 dark:bg-zinc-900 dark:text-zinc-400 dark:ring-zinc-600/40",
  low: "bg-sky-50 text-sky-700 ring-sky-600/20 dark:bg-sky-500/10 dark:text-sky-300 dark:ring-sky-400/30",
  medium:
    "bg-amber-50 text-amber-800 ring-amber-600/25 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-400/30",
  high: "bg-orange-100 text-orange-800 ring-orange-600/30 dark:bg-orange-500/15 dark:text-orange-300 dark:ring-orange-400/40",
  critical: "bg-red-600 text-white ring-red-700 dark:bg-red-500/80 dark:ring-red-400/60",
};

const severityDots: Record<Severity, string> = {
  info: "bg-zinc-400",
  low: "bg-sky-500",
  medium: "bg-amber-500",
  high: "bg-orange-500",
  critical: "bg-red-600",
};

/** The bar colours for counts by severity (the Rules page). */
export const severityBarColours = severityDots;

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={clsx(badge, severityColours[severity])} title={`Severity: ${severityLabels[severity]}`}>
      <span aria-hidden className={clsx("size-1.5 rounded-full", severityDots[severity])} />
      {severityLabels[severity]}
    </span>
  );
}

export const statusLabels: Record<SignalStatus, string> = {
  open: "open",
  under_review: "under review",
  archived: "archived",
};

const statusTitles: Record<SignalStatus, string> = {
  open: "Waiting for triage",
  under_review: "Someone is looking into it",
  archived: "Triaged and closed; new matching events reopen it",
};

const statusColours: Record<SignalStatus, string> = {
  open: "bg-indigo-50 text-indigo-700 ring-indigo-600/20 dark:bg-indigo-500/10 dark:text-indigo-300 dark:ring-indigo-400/30",
  under_review:
    "bg-violet-50 text-violet-700 ring-violet-600/20 dark:bg-violet-500/10 dark:text-violet-300 dark:ring-violet-400/30",
  archived: "bg-zinc-100 text-zinc-600 ring-zinc-500/20 dark:bg-zinc-800 dark:text-zinc-400 dark:ring-zinc-600/40",
};

export function SignalStatusBadge({ status }: { status: SignalStatus }) {
  return (
    <span className={clsx(badge, statusColours[status])} title={statusTitles[status]}>
      {statusLabels[status]}
    </span>
  );
}

/** Successful calls after the denials: the case that matters most, so it stands out. */
export function FollowUpPill({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <span
      className={clsx(
        badge,
        "rounded-full bg-rose-50 text-rose-700 ring-rose-600/25 dark:bg-rose-500/10 dark:text-rose-300 dark:ring-rose-400/30",
      )}
      title={`${count.toLocaleString("en-US")} successful ${count === 1 ? "call" : "calls"} by the same principal or key from the signal's IPs within 24 h of the first denial`}
    >
      <ArrowUpRight className="size-3" aria-hidden />
      {count.toLocaleString("en-US")} follow-up
    </span>
  );
}
