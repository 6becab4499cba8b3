import type { Route } from "next";
import Link from "next/link";
import { severityBarColours, severityLabels, statusLabels } from "@/components/signals/signal-badges";
import { count } from "@/lib/format";
import type { RuleSummary } from "@/lib/rules/types";
import { signalSearchParams, signalSeverities, signalStatuses } from "@/lib/signals/filters";

function Stat({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0 rounded-xl border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900">
      <p className="text-xs text-zinc-500 dark:text-zinc-400">{label}</p>
      <div className="mt-1">{children}</div>
    </div>
  );
}

/** The rule's live signals by status (each a link to the list) and by severity (a bar), and its matches. */
export function RuleCounts({ rule }: { rule: RuleSummary }) {
  const counts = rule.signalCounts;
  const href = (status?: string) => `/signals?${signalSearchParams({ ruleId: rule.id, status })}` as Route;
  const severities = signalSeverities.filter((severity) => (counts.bySeverity[severity] ?? 0) > 0).reverse();
  return (
    <div className="grid gap-3 md:grid-cols-3">
      <Stat label="Signals">
        <Link href={href()} className="font-semibold text-2xl tabular-nums hover:underline">
          {count(counts.total)}
        </Link>
        <ul className="mt-1 flex flex-wrap gap-x-3 text-sm">
          {signalStatuses.map((status) => (
            <li key={status}>
              <Link href={href(status)} className="text-zinc-600 hover:underline dark:text-zinc-400">
                <span className="font-medium text-zinc-900 tabular-nums dark:text-zinc-100">
                  {count(counts[status])}
                </span>{" "}
                {statusLabels[status]}
              </Link>
            </li>
          ))}
        </ul>
      </Stat>
      <Stat label="By severity">
        {counts.total === 0 ? (
          <p className="text-sm text-zinc-500">No live signals.</p>
        ) : (
          <>
            <div
              role="img"
              aria-label={severities.map((severity) => `${counts.bySeverity[severity]} ${severity}`).join(", ")}
              className="mt-1 flex h-2.5 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
            >
              {severities.map((severity) => (
                <div
                  key={severity}
                  className={severityBarColours[severity]}
                  style={{ width: `${((counts.bySeverity[severity] ?? 0) / counts.total) * 100}%` }}
                />
              ))}
            </div>
            <ul className="mt-2 flex flex-wrap gap-x-3 gap-y-1 text-sm">
              {severities.map((severity) => (
                <li key={severity} className="inline-flex items-center gap-1.5">
                  <span aria-hidden className={`size-2 rounded-full ${severityBarColours[severity]}`} />
                  <span className="font-medium tabular-nums">{count(counts.bySeverity[severity] ?? 0)}</span>
                  <span className="text-zinc-600 dark:text-zinc-400">{severityLabels[severity]}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </Stat>
      <Stat label="Matched events (current version)">
        <p className="font-semibold text-2xl tabular-nums">{count(rule.matchCount)}</p>
        <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
          Stored events that meet all three conditions of version {rule.currentVersion}
          {rule.isEvaluating ? ", so far" : ""}.
        </p>
      </Stat>
    </div>
  );
}
