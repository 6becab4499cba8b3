"use client";

import { clsx } from "clsx";
import { Check, ChevronRight, X } from "lucide-react";
import { Fragment, useState } from "react";
import { CredentialBadge, ErrorBadge } from "@/components/events/event-badges";
import { Table, Td, Th } from "@/components/ui/table";
import { StackedTime } from "@/components/ui/time";
import type { ConditionResult } from "@/lib/detection/bedrock-rule";
import type { SignalEventItem } from "@/lib/signals/types";

const conditionLabels: Record<ConditionResult["condition"], string> = {
  event: "Discovery call",
  denial: "Explicitly denied",
  credential: "Long-term credential",
};

/** Long signals show their first events; the rest are one click away. */
const FIRST_SHOWN = 25;
const COLUMNS = 5;

function Conditions({ conditions }: { conditions: ConditionResult[] }) {
  if (conditions.length === 0) {
    return <p className="text-xs text-zinc-500">The rule's explanation was not stored for this event.</p>;
  }
  return (
    <ul className="space-y-1.5">
      {conditions.map((result) => (
        <li key={result.condition} className="flex items-start gap-2 text-sm">
          <span
            role="img"
            aria-label={result.held ? "held" : "did not hold"}
            className={clsx(
              "mt-0.5 inline-flex size-4 shrink-0 items-center justify-center rounded-full",
              result.held
                ? "bg-emerald-100 text-emerald-700 dark:bg-emerald-500/15 dark:text-emerald-300"
                : "bg-red-100 text-red-700 dark:bg-red-500/15 dark:text-red-300",
            )}
          >
            {result.held ? <Check className="size-3" aria-hidden /> : <X className="size-3" aria-hidden />}
          </span>
          <span className="min-w-0">
            <span className="font-medium">{conditionLabels[result.condition]}</span>
            <span className="text-zinc-600 dark:text-zinc-400"> — {result.detail}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * Every matched event with the rule's three conditions and why each held. The first event is open; the
 * chevron opens the others, and the event's name opens the stored event.
 */
export function WhyItFired({
  events,
  openEventId,
  onOpenEvent,
}: {
  events: SignalEventItem[];
  openEventId: string | null;
  onOpenEvent: (event: SignalEventItem) => void;
}) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set(events[0] ? [events[0].id] : []));
  const [isAllShown, setIsAllShown] = useState(false);
  const shown = isAllShown ? events : events.slice(0, FIRST_SHOWN);

  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <section aria-labelledby="why-heading">
      <div className="mb-2 flex items-end justify-between gap-3">
        <div>
          <h2 id="why-heading" className="font-semibold text-base">
            Why it fired
          </h2>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            Each matched event, and the rule's three conditions as they held for it.
          </p>
        </div>
        <button
          type="button"
          onClick={() => setExpanded(expanded.size > 0 ? new Set() : new Set(shown.map((event) => event.id)))}
          className="text-indigo-700 text-xs hover:underline dark:text-indigo-300"
        >
          {expanded.size > 0 ? "Collapse all" : "Expand all"}
        </button>
      </div>
      <Table aria-label="Matched events" className="table-fixed">
        <colgroup>
          <col className="w-9" />
          <col className="w-24" />
          <col />
          <col className="w-[10.5rem] 2xl:w-48" />
          <col className="w-40 2xl:w-48" />
        </colgroup>
        <thead>
          <tr>
            <Th isDense>
              <span className="sr-only">Conditions</span>
            </Th>
            <Th isDense>Time (UTC)</Th>
            <Th isDense>Event · source</Th>
            <Th isDense>Source IP · key</Th>
            <Th isDense>Error · credential</Th>
          </tr>
        </thead>
        <tbody>
          {shown.map((event) => {
            const isExpanded = expanded.has(event.id);
            const held = event.conditions.filter((result) => result.held).length;
            return (
              <Fragment key={event.id}>
                <tr
                  data-event-id={event.id}
                  className={clsx(
                    event.id === openEventId && "bg-indigo-50 dark:bg-indigo-500/10",
                    isExpanded && "[&>td]:border-b-0",
                  )}
                >
                  <Td isDense className="pr-0">
                    <button
                      type="button"
                      aria-expanded={isExpanded}
                      aria-controls={`conditions-${event.id}`}
                      aria-label={`Why ${event.eventName} at ${event.eventTime.slice(0, 19).replace("T", " ")} matched`}
                      title={`${held} of ${event.conditions.length} conditions held`}
                      onClick={() => toggle(event.id)}
                      className="rounded p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
                    >
                      <ChevronRight
                        className={clsx("size-4 transition-transform", isExpanded && "rotate-90")}
                        aria-hidden
                      />
                    </button>
                  </Td>
                  <Td isDense>
                    <StackedTime value={event.eventTime} className="text-xs" />
                  </Td>
                  <Td isDense>
                    <button
                      type="button"
                      onClick={() => onOpenEvent(event)}
                      title="Show the stored event"
                      className="block max-w-full truncate text-left font-medium decoration-indigo-400 underline-offset-2 hover:text-indigo-700 hover:underline dark:hover:text-indigo-300"
                    >
                      {event.eventName}
                    </button>
                    <span
                      className="block truncate text-xs text-zinc-500 dark:text-zinc-400"
                      title={event.eventSource ?? undefined}
                    >
                      {event.eventSource ?? "unknown source"}
                      {event.awsRegion ? ` · ${event.awsRegion}` : ""}
                    </span>
                  </Td>
                  <Td isDense className="font-mono text-xs">
                    <span className="block truncate" title={event.sourceIp ?? undefined}>
                      {event.sourceIp ?? "—"}
                    </span>
                    <span
                      className="block truncate text-zinc-500 dark:text-zinc-400"
                      title={event.accessKeyId ?? undefined}
                    >
                      {event.accessKeyId ?? "—"}
                    </span>
                  </Td>
                  <Td isDense>
                    <span className="block">
                      <ErrorBadge code={event.errorCode} />
                    </span>
                    <span className="mt-1 block">
                      <CredentialBadge type={event.credentialType} />
                    </span>
                  </Td>
                </tr>
                {isExpanded ? (
                  <tr id={`conditions-${event.id}`}>
                    <Td isDense />
                    <Td isDense colSpan={COLUMNS - 1} className="pt-0 pb-3">
                      <Conditions conditions={event.conditions} />
                    </Td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </Table>
      {events.length > FIRST_SHOWN ? (
        <button
          type="button"
          onClick={() => setIsAllShown(!isAllShown)}
          className="mt-2 text-indigo-700 text-sm hover:underline dark:text-indigo-300"
        >
          {isAllShown
            ? `Show the first ${FIRST_SHOWN} only`
            : `Show all ${events.length.toLocaleString("en-US")} events`}
        </button>
      ) : null}
    </section>
  );
}
