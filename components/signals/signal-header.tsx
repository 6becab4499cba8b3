import { Archive, ArrowLeft, BellOff } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { EntityLink } from "@/components/signals/entity-link";
import { FollowUpPill, SeverityBadge, SignalStatusBadge } from "@/components/signals/signal-badges";
import { Time } from "@/components/ui/time";
import type { SignalDetail, SignalListItem } from "@/lib/signals/types";

export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 truncate text-sm">{children}</dd>
    </div>
  );
}

/** When it ran, how big it is and who has it: on the signal page and in the side panel. */
export function SignalFacts({ signal }: { signal: SignalListItem }) {
  return (
    <>
      <Fact label="First seen">
        <Time value={signal.firstSeen} />
      </Fact>
      <Fact label="Last seen">
        <Time value={signal.lastSeen} />
      </Fact>
      <Fact label="Events">
        <span className="font-medium tabular-nums">{signal.eventCount.toLocaleString("en-US")}</span>
      </Fact>
      <Fact label="Assignee">{signal.assignee?.name ?? <span className="text-zinc-500">unassigned</span>}</Fact>
    </>
  );
}

const retiredReason = (signal: SignalDetail) => {
  const entry = signal.activity.findLast((item) => item.kind === "retired");
  return typeof entry?.details.reason === "string" ? entry.details.reason : null;
};

export function SignalHeader({ signal }: { signal: SignalDetail }) {
  const { rule } = signal;
  return (
    <header className="mb-6">
      <Link
        href="/signals"
        className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
      >
        <ArrowLeft className="size-4" aria-hidden />
        Signals
      </Link>
      <div className="flex flex-wrap items-center gap-2">
        <SeverityBadge severity={signal.severity} />
        <SignalStatusBadge status={signal.status} />
        <FollowUpPill count={signal.followUpSuccessCount} />
        {signal.retiredAt ? (
          <span className="rounded-md bg-zinc-200 px-1.5 py-0.5 font-medium text-xs text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200">
            {signal.suppressedBy?.length ? "suppressed" : "retired"}
          </span>
        ) : null}
      </div>
      <h1 className="mt-2 font-semibold text-xl tracking-tight [overflow-wrap:anywhere]">{signal.title}</h1>
      {signal.principalArn ? (
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Principal <EntityLink kind="principal" value={signal.principalArn} className="text-sm" />
        </p>
      ) : null}
      {signal.retiredAt && signal.suppressedBy?.length ? (
        <div className="mt-4 flex items-start gap-3 rounded-lg border border-zinc-300 bg-zinc-100 px-4 py-3 text-sm text-zinc-800 dark:border-zinc-700 dark:bg-zinc-800/60 dark:text-zinc-200">
          <BellOff className="mt-0.5 size-4 shrink-0" aria-hidden />
          <p>
            Suppressed since <Time value={signal.retiredAt} /> by{" "}
            {signal.suppressedBy.map((suppression, index) => (
              <span key={suppression.id}>
                {index > 0 ? ", " : ""}
                <Link
                  href={`/suppressions/${suppression.id}`}
                  className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                >
                  {suppression.name}
                </Link>
              </span>
            ))}
            : all its events are covered, so it has left the signal lists. Its triage state and history stay, and it
            comes back when the suppression is disabled, deleted or narrowed.
          </p>
        </div>
      ) : signal.retiredAt ? (
        <div className="mt-4 flex items-start gap-3 rounded-lg border border-zinc-300 bg-zinc-100 px-4 py-3 text-sm text-zinc-800 dark:border-zinc-700 dark:bg-zinc-800/60 dark:text-zinc-200">
          <Archive className="mt-0.5 size-4 shrink-0" aria-hidden />
          <p>
            <span className="font-medium">Retired </span>
            <Time value={signal.retiredAt} />
            {retiredReason(signal) ? `: ${retiredReason(signal)}.` : "."} It has left the signal lists; its events and
            history stay here, and it comes back if a later rule version matches its events again.
          </p>
        </div>
      ) : null}
      <dl className="mt-4 grid grid-cols-2 gap-x-6 gap-y-3 rounded-xl border border-zinc-200 bg-white px-5 py-4 sm:grid-cols-3 lg:grid-cols-5 dark:border-zinc-800 dark:bg-zinc-900">
        <SignalFacts signal={signal} />
        <Fact label="Rule">
          <Link
            href="/rules"
            title={`${rule.name}, version ${rule.version}`}
            className="text-indigo-700 hover:underline dark:text-indigo-300"
          >
            version {rule.version}
            {rule.currentVersion !== rule.version ? ` (now ${rule.currentVersion})` : ""}
          </Link>
          <span className="block truncate text-xs text-zinc-500 dark:text-zinc-400" title={rule.name}>
            {rule.name}
          </span>
        </Fact>
      </dl>
    </header>
  );
}
