"use client";

import { Maximize2, X } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { FollowUpPanel } from "@/components/signals/follow-up-panel";
import { PrincipalText } from "@/components/signals/principal-text";
import { RelatedSignals } from "@/components/signals/related-signals";
import { FollowUpPill, SeverityBadge, SignalStatusBadge } from "@/components/signals/signal-badges";
import { SignalFacts } from "@/components/signals/signal-header";
import { SignalHistory } from "@/components/signals/signal-history";
import { TriagePanel } from "@/components/signals/triage-panel";
import { useSignal } from "@/components/signals/use-signals";
import { SuppressLink } from "@/components/suppressions/suppress-link";
import { Card } from "@/components/ui/card";
import { FormError } from "@/components/ui/form";
import { IconButton } from "@/components/ui/icon-button";
import { Markdown } from "@/components/ui/markdown";
import { errorMessage } from "@/lib/client/api";
import type { SignalAssignee, SignalListItem } from "@/lib/signals/types";

/**
 * One signal beside the list, for triage without losing your place: its state, the playbook, what
 * followed, related signals and the history. j and k move it along the list; the full page has the
 * matched events and why each fired.
 */
export function SignalPanel({
  id,
  row,
  me,
  canTriage,
  onClose,
}: {
  id: string;
  /** The list's row, while the signal is in the list: shown at once while the whole signal loads. */
  row: SignalListItem | undefined;
  me: SignalAssignee;
  canTriage: boolean;
  onClose: () => void;
}) {
  const query = useSignal(id);
  const signal = query.data;
  const shown = signal ?? row;
  const panel = useRef<HTMLElement>(null);

  // A new signal starts at its top.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when another signal is shown
  useEffect(() => {
    panel.current?.querySelector("[data-panel-body]")?.scrollTo({ top: 0 });
  }, [id]);

  return (
    // A landmark beside the list, not a dialog: the list stays usable (j and k move the panel along it).
    <aside
      ref={panel}
      aria-labelledby="signal-panel-title"
      className="fixed inset-y-0 right-0 z-40 flex w-full max-w-xl flex-col border-zinc-200 border-l bg-zinc-50 shadow-2xl 2xl:max-w-2xl dark:border-zinc-800 dark:bg-zinc-950"
    >
      <header className="border-zinc-200 border-b bg-white px-5 py-4 dark:border-zinc-800 dark:bg-zinc-900">
        <div className="flex items-start justify-between gap-3">
          {shown ? (
            <div className="flex flex-wrap items-center gap-2">
              <SeverityBadge severity={shown.severity} />
              <SignalStatusBadge status={shown.status} />
              <FollowUpPill count={shown.followUpSuccessCount} />
            </div>
          ) : (
            <span />
          )}
          <div className="flex shrink-0 items-center gap-1">
            <Link
              href={`/signals/${id}`}
              title="Open the full page (Shift+O)"
              className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-indigo-700 text-sm hover:bg-zinc-100 dark:text-indigo-300 dark:hover:bg-zinc-800"
            >
              <Maximize2 className="size-4" aria-hidden />
              Full page
            </Link>
            <IconButton label="Close the signal panel" title="Close (Esc)" onClick={onClose}>
              <X className="size-5" aria-hidden />
            </IconButton>
          </div>
        </div>
        {shown ? (
          <>
            <h2 id="signal-panel-title" className="mt-2 font-semibold text-lg [overflow-wrap:anywhere]">
              {shown.title}
            </h2>
            {shown.principalArn && !shown.title.includes(shown.principalArn) ? (
              <PrincipalText value={shown.principalArn} className="mt-1 text-zinc-600" />
            ) : null}
            <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-2 sm:grid-cols-[auto_auto_auto_1fr]">
              <SignalFacts signal={shown} />
            </dl>
          </>
        ) : (
          <h2 id="signal-panel-title" className="mt-2 font-semibold text-lg">
            Signal
          </h2>
        )}
      </header>
      <div data-panel-body className="flex-1 space-y-4 overflow-y-auto p-4">
        <FormError message={query.isError ? errorMessage(query.error) : null} />
        {signal ? (
          <>
            <TriagePanel signal={signal} me={me} canTriage={canTriage} />
            {canTriage && !signal.retiredAt ? <SuppressLink signalId={signal.id} /> : null}
            <FollowUpPanel followUp={signal.followUp} principalArn={signal.principalArn} />
            <Card title="Playbook" description="What to check and what to do, with this signal's values.">
              <Markdown>{signal.playbook}</Markdown>
            </Card>
            <RelatedSignals id={signal.id} />
            <SignalHistory activity={signal.activity} />
          </>
        ) : query.isPending ? (
          <p className="py-6 text-center text-sm text-zinc-500">Loading the signal…</p>
        ) : null}
      </div>
    </aside>
  );
}
