"use client";

import { useState } from "react";
import { KeyboardHelp, type ShortcutHelp } from "@/components/keyboard/keyboard-help";
import { useShortcuts } from "@/components/keyboard/use-shortcuts";
import { FollowUpPanel } from "@/components/signals/follow-up-panel";
import { RelatedSignals } from "@/components/signals/related-signals";
import { SignalEventDrawer } from "@/components/signals/signal-event-drawer";
import { SignalHeader } from "@/components/signals/signal-header";
import { SignalHistory } from "@/components/signals/signal-history";
import { SignalSummary } from "@/components/signals/signal-summary";
import { TriagePanel } from "@/components/signals/triage-panel";
import { useSignal } from "@/components/signals/use-signals";
import { WhyItFired } from "@/components/signals/why-it-fired";
import { SuppressLink } from "@/components/suppressions/suppress-link";
import { Card } from "@/components/ui/card";
import { FormError } from "@/components/ui/form";
import { Markdown } from "@/components/ui/markdown";
import { firstErrorMessage } from "@/lib/client/api";
import type { SignalAssignee, SignalDetail, SignalEventItem } from "@/lib/signals/types";

const signalPageShortcuts: ShortcutHelp[] = [
  { keys: ["a"], does: "Assign to me" },
  { keys: ["r"], does: "Mark under review" },
  { keys: ["e"], does: "Archive (asks for a reason and a comment)" },
  { keys: ["?"], does: "Show these shortcuts" },
];

/** One signal: what fired and why, what followed, what to do, and what happened to it since. */
export function SignalScreen({
  initial,
  me,
  canTriage,
}: {
  initial: SignalDetail;
  me: SignalAssignee;
  canTriage: boolean;
}) {
  const query = useSignal(initial.id, initial);
  const signal = query.data ?? initial;
  const [openEvent, setOpenEvent] = useState<SignalEventItem | null>(null);
  const [isHelpOpen, setIsHelpOpen] = useState(false);
  useShortcuts({ "?": () => setIsHelpOpen(true) });

  return (
    <>
      <SignalHeader signal={signal} />
      <FormError message={firstErrorMessage(query)} />
      <div className="grid gap-6 xl:grid-cols-3">
        <div className="min-w-0 space-y-6 xl:col-span-2">
          <WhyItFired events={signal.events} openEventId={openEvent?.id ?? null} onOpenEvent={setOpenEvent} />
          <Card title="Playbook" description="What to check and what to do, with this signal's values.">
            <Markdown>{signal.playbook}</Markdown>
          </Card>
        </div>
        <div className="min-w-0 space-y-6">
          <TriagePanel signal={signal} me={me} canTriage={canTriage} hasShortcuts={!openEvent} />
          {canTriage && !signal.retiredAt ? <SuppressLink signalId={signal.id} /> : null}
          <FollowUpPanel followUp={signal.followUp} principalArn={signal.principalArn} />
          <RelatedSignals id={signal.id} />
          <SignalSummary signal={signal} />
          <SignalHistory activity={signal.activity} />
        </div>
      </div>
      {openEvent ? (
        <SignalEventDrawer
          event={openEvent}
          principalArn={signal.principalArn}
          accountId={signal.accountId}
          onClose={() => setOpenEvent(null)}
        />
      ) : null}
      <KeyboardHelp
        open={isHelpOpen}
        onClose={() => setIsHelpOpen(false)}
        shortcuts={canTriage ? signalPageShortcuts : signalPageShortcuts.filter((item) => item.keys[0] === "?")}
      />
    </>
  );
}
